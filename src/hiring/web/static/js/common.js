// Shared by every page: CSRF-aware POST for scripts, confirmations and small conveniences.
"use strict";
document.documentElement.classList.add("js");

window.Hiring = {
  csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  },
  // POST a form body as the signed-in user; the server checks the X-CSRF-Token header.
  async post(url, data) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRF-Token": this.csrfToken(), Accept: "application/json" },
      body: new URLSearchParams(data),
    });
    if (!response.ok) {
      let message = "The change was not saved.";
      try { message = (await response.json()).error.message || message; } catch (_) { /* HTML error page */ }
      throw new Error(message);
    }
    return response.json();
  },
  debounce(fn, ms) {
    let timer;
    return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  },
};

document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
});

document.addEventListener("click", (event) => {
  if (event.target.closest("[data-back]")) {
    event.preventDefault();
    if (history.length > 1) history.back(); else location.href = "/admin";
  }
});

// A stage menu inside a form with data-autosubmit-select saves as soon as it changes.
document.addEventListener("change", (event) => {
  const select = event.target;
  if (select.tagName === "SELECT" && select.closest("form[data-autosubmit-select]")) {
    select.form.requestSubmit();
  }
});
