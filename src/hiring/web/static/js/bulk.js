// Bulk actions on the candidates table: the row boxes belong to the bulk form (form="bulk"),
// so they survive live filtering; only the choice the action needs is shown.
"use strict";
(() => {
  const form = document.querySelector("form[data-bulk]");
  if (!form) return;
  const count = document.getElementById("bulk-count");
  const action = form.elements.action;
  const button = form.querySelector('button[type="submit"]');
  const boxes = () => [...document.querySelectorAll('input[name="candidate_ids"][form="bulk"]')];

  const update = () => {
    const chosen = boxes().filter((box) => box.checked).length;
    count.textContent = chosen ? `${chosen} selected` : "Select candidates in the table to act on them.";
    button.disabled = chosen === 0;
    const all = document.querySelector("[data-select-all]");
    if (all) all.checked = chosen > 0 && chosen === boxes().length;
  };
  const showFields = () => {
    for (const field of form.querySelectorAll("[data-for-action]")) field.hidden = field.dataset.forAction !== action.value;
  };

  document.addEventListener("change", (event) => {
    if (event.target.matches("[data-select-all]")) boxes().forEach((box) => { box.checked = event.target.checked; });
    if (event.target.matches('[form="bulk"]')) update();
  });
  action.addEventListener("change", showFields);
  // The table is refreshed in place as filters change: a new page starts with nothing chosen.
  new MutationObserver(update).observe(document.getElementById("results"), { childList: true });
  form.addEventListener("submit", () => { form.elements.next.value = location.pathname + location.search; });
  showFields();
  update();
})();
