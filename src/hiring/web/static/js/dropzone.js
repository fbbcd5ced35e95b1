// Drop zones: a file dropped on a form's zone goes into its file input, and the form posts
// (data-dropzone) or leaves the file to the page's own script (data-dropzone="keep").
"use strict";
(() => {
  for (const form of document.querySelectorAll("form[data-dropzone]")) {
    const zone = form.querySelector("[data-drop-target]") || form;
    const input = form.querySelector('input[type="file"]');
    if (!input) continue;
    const over = (on) => (event) => { event.preventDefault(); zone.classList.toggle("over", on); };
    zone.addEventListener("dragenter", over(true));
    zone.addEventListener("dragover", over(true));
    zone.addEventListener("dragleave", over(false));
    zone.addEventListener("drop", (event) => {
      over(false)(event);
      const files = event.dataTransfer && event.dataTransfer.files;
      if (!files || !files.length) return;
      const chosen = new DataTransfer();
      chosen.items.add(files[0]);
      input.files = chosen.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      // Dropping is the intent to upload; a chosen file waits for the button (and its kind).
      if (form.dataset.dropzone !== "keep") form.requestSubmit();
    });
  }
})();
