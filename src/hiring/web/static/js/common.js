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

// Menus that save when a choice is made (data-autosubmit-select on their form, or a board
// card). Picked with the mouse, the choice saves at once; with the keyboard, arrows only
// browse (each arrow press is a "change" in some browsers) and Enter or the Move button saves.
Hiring.choices = (root, selector, save) => {
  let keyboard = false;
  root.addEventListener("pointerdown", (event) => { if (event.target.closest(selector)) keyboard = false; });
  root.addEventListener("keydown", (event) => {
    const select = event.target.closest(selector);
    if (!select) return;
    keyboard = true;
    if (event.key === "Enter") { event.preventDefault(); save(select); }
  });
  root.addEventListener("change", (event) => {
    const select = event.target.closest(selector);
    if (!select) return;
    if (keyboard) select.form.classList.add("pending");
    else save(select);
  });
};

Hiring.choices(document, "form[data-autosubmit-select] select", (select) => select.form.requestSubmit());
