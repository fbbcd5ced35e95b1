// Filter forms: menus apply on change; typing searches after a pause. With data-live, only the
// results are fetched and swapped in place (the address bar keeps the filters for sharing).
"use strict";
(() => {
  const form = document.querySelector("form[data-autosubmit]");
  if (!form) return;
  const live = form.dataset.live ? document.querySelector(form.dataset.live) : null;
  let inflight = null;

  const url = () => {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (value !== "") params.append(key, value);
    const query = params.toString();
    return form.action.split("?")[0] + (query ? "?" + query : "");
  };

  const refresh = async (target) => {
    if (!live) { form.requestSubmit(); return; }
    if (inflight) inflight.abort();
    inflight = new AbortController();
    try {
      const response = await fetch(target, {
        headers: { "X-Partial": "results" }, credentials: "same-origin", signal: inflight.signal,
      });
      if (!response.ok) { location.href = target; return; }
      live.innerHTML = await response.text();
      history.replaceState(null, "", target);
      // A live region that stays on the page announces the new count (not the whole table).
      const count = live.querySelector(".result-count");
      const status = document.getElementById("results-status");
      if (count && status) status.textContent = count.textContent.trim();
      live.setAttribute("aria-busy", "false");
    } catch (error) {
      if (error.name !== "AbortError") location.href = target;
    }
  };

  const typed = Hiring.debounce(() => refresh(url()), 300);
  form.addEventListener("input", (event) => {
    if (event.target.matches("[data-debounce]")) { live && live.setAttribute("aria-busy", "true"); typed(); }
  });
  form.addEventListener("change", (event) => {
    if (!event.target.matches("[data-debounce]")) refresh(url());
  });
  form.addEventListener("submit", (event) => {
    if (!live) return;
    event.preventDefault();
    refresh(url());
  });
  // Sorting and paging links inside the live results load in place too.
  if (live) {
    live.addEventListener("click", (event) => {
      const link = event.target.closest(".pager a, a[data-sort]");
      if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
      event.preventDefault();
      const next = new URL(link.href, location.href);
      const sort = next.searchParams.get("sort");
      if (sort !== null && form.elements.sort) form.elements.sort.value = sort;
      refresh(next.pathname + next.search);
    });
  }
})();
