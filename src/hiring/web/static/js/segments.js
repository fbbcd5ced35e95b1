// The segment builder: every change to a filter refreshes the count and first rows in place
// (typing waits for a pause); the saved form is only sent with the Save button.
"use strict";
(() => {
  const form = document.getElementById("segment-form");
  const preview = document.getElementById("preview");
  if (!form || !preview) return;
  const status = document.getElementById("preview-status");
  const skipped = new Set(["csrf_token", "name", "description"]);
  let inflight = null;

  const query = () => {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) {
      if (!skipped.has(key) && value !== "") params.append(key, value);
    }
    return params.toString();
  };

  const refresh = async () => {
    if (inflight) inflight.abort();
    inflight = new AbortController();
    preview.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(`${form.dataset.preview}?${query()}`, {
        credentials: "same-origin", signal: inflight.signal,
      });
      if (!response.ok) throw new Error(`preview answered ${response.status}`);
      preview.innerHTML = await response.text();
      const count = preview.querySelector("#preview-count");
      if (status && count) status.textContent = count.textContent.trim();
    } catch (error) {
      if (error.name === "AbortError") return;
      preview.querySelector("#preview-count").textContent = "The preview could not be loaded; saving still works.";
    } finally {
      preview.setAttribute("aria-busy", "false");
    }
  };

  const typed = Hiring.debounce(refresh, 300);
  form.addEventListener("input", (event) => {
    if (skipped.has(event.target.name)) return;
    if (event.target.matches("input[type=text], input[type=search]")) typed();
  });
  form.addEventListener("change", (event) => {
    if (skipped.has(event.target.name)) return;
    if (!event.target.matches("input[type=text], input[type=search]")) refresh();
  });
})();
