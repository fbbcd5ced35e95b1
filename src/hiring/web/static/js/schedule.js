// The Schedule form: a blank form takes the browser's time zone, and a change to the times,
// the time zone or the interviewers asks the server for their clashes, shown before sending
// (with "Schedule anyway"). Without scripts, sending the form answers the same clashes.
"use strict";
(() => {
  const form = document.querySelector("form[data-clash-check]");
  if (!form) return;
  const zone = form.querySelector("input[name=timezone][data-browser-timezone]");
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && browserZone) zone.value = browserZone;

  const watched = new Set(["starts_at", "ends_at", "timezone", "interviewers"]);
  const shown = document.getElementById("interview-clashes");
  let inflight = null;

  const check = async () => {
    const params = new URLSearchParams();
    for (const name of watched) params.set(name, form.elements[name].value);
    if (!params.get("starts_at") || !params.get("ends_at") || !params.get("interviewers")) {
      shown.innerHTML = "";
      return;
    }
    if (inflight) inflight.abort();
    inflight = new AbortController();
    shown.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(`${form.dataset.clashCheck}?${params}`, {
        credentials: "same-origin", signal: inflight.signal,
      });
      // A failed check says nothing: sending the form still checks.
      if (response.ok) shown.innerHTML = await response.text();
    } catch (error) {
      if (error.name !== "AbortError") throw error;
    } finally {
      shown.setAttribute("aria-busy", "false");
    }
  };

  const typed = Hiring.debounce(check, 300);
  form.addEventListener("input", (event) => { if (watched.has(event.target.name)) typed(); });
  form.addEventListener("change", (event) => { if (watched.has(event.target.name)) check(); });
  // A form sent back for another reason is checked at once; one sent back with its clashes
  // already shows them (checking again would clear a "Schedule anyway" ticked meanwhile).
  if (form.elements.starts_at.value && !shown.children.length) check();
})();
