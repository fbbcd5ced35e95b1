// The new-candidate form read from a resume: a dropped or chosen file is parsed by the server
// and fills the fields still empty (nothing typed is replaced). The file stays in the form and
// is attached as the candidate's resume when the form is saved.
"use strict";
(() => {
  const form = document.querySelector("form[data-resume-prefill]");
  if (!form) return;
  const input = form.querySelector('input[name="resume"]');
  const status = document.getElementById("resume-status");
  const say = (text, error) => {
    status.textContent = text;
    status.classList.toggle("field-error", Boolean(error));
  };

  const fill = (values) => {
    const filled = [];
    for (const [name, value] of Object.entries(values)) {
      const field = form.elements[name];
      if (!field || !value || field.value.trim()) continue;
      if (field.hasAttribute("data-chips")) field.dispatchEvent(new CustomEvent("chips:add", { detail: value.split(", ") }));
      else field.value = value;
      filled.push(field.labels && field.labels[0] ? field.labels[0].textContent.trim() : name);
    }
    return filled;
  };

  // The same warning the form shows without script when the person is already here.
  const warn = (match) => {
    const shown = form.querySelector("[data-duplicate]");
    if (shown) shown.remove();
    if (!match) return;
    const alert = document.createElement("div");
    alert.className = "alert warning wide";
    alert.setAttribute("role", "alert");
    alert.dataset.duplicate = match.candidate_id;
    const question = document.createElement("p");
    const name = document.createElement("strong");
    name.textContent = match.name;
    const key = match.matched_by === "linkedin" ? "LinkedIn profile" : "email";
    question.append(name, ` is already here with this ${key}. Is this the same person?`);
    const actions = document.createElement("p");
    actions.className = "actions";
    const open = document.createElement("a");
    open.className = "button small";
    open.href = `/admin/candidates/${encodeURIComponent(match.candidate_id)}`;
    open.textContent = `Open ${match.name}`;
    const anyway = document.createElement("button");
    Object.assign(anyway, { type: "submit", name: "allow_duplicate", value: "1", textContent: "Create anyway" });
    anyway.className = "button small ghost";
    actions.append(open, " ", anyway);
    alert.append(question, actions);
    input.closest(".field.wide").before(alert);
  };

  input.addEventListener("change", async () => {
    if (!input.files.length) return;
    const body = new FormData();
    body.append("resume", input.files[0]);
    // What is typed already wins over the resume, for the duplicate check too.
    for (const name of ["email", "linkedin_url"]) {
      if (form.elements[name]) body.append(name, form.elements[name].value);
    }
    say("Reading the resume…");
    try {
      const response = await fetch(form.dataset.resumePrefill, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRF-Token": Hiring.csrfToken(), Accept: "application/json" },
        body,
      });
      const answer = await response.json();
      if (!response.ok) { say(answer.error.message, true); return; }
      const filled = fill(answer.data.values);
      warn(answer.data.duplicate);
      say(filled.length ? `Filled from the resume: ${filled.join(", ")}. Check them, then create the candidate.`
        : "Nothing new found in the resume; it will still be attached.");
    } catch (_) {
      say("The resume could not be read. Fill in the form; the file will still be attached.", true);
    }
  });
})();
