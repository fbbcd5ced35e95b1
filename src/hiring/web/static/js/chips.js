// Comma-separated list fields (skills, tags…) as chips: Enter or comma adds, × or Backspace
// removes. The real input stays in the form and holds the list as "a, b, c".
"use strict";
(() => {
  for (const input of document.querySelectorAll("input[data-chips]")) {
    const label = input.labels && input.labels[0];
    const box = document.createElement("div");
    box.className = "chip-input";
    const entry = document.createElement("input");
    entry.type = "text";
    entry.id = input.id + "-entry";
    if (input.hasAttribute("aria-describedby")) entry.setAttribute("aria-describedby", input.getAttribute("aria-describedby"));
    const values = input.value.split(",").map((v) => v.trim()).filter(Boolean);
    input.type = "hidden";
    input.after(box);
    if (label) label.htmlFor = entry.id;

    const sync = () => { input.value = values.join(", "); };
    const draw = () => {
      box.querySelectorAll(".chip").forEach((chip) => chip.remove());
      values.forEach((value, index) => {
        const chip = document.createElement("span");
        chip.className = "chip";
        chip.textContent = value;
        const remove = document.createElement("button");
        remove.type = "button";
        remove.textContent = "×";
        remove.setAttribute("aria-label", `Remove ${value}`);
        remove.addEventListener("click", () => { values.splice(index, 1); sync(); draw(); entry.focus(); });
        chip.append(remove);
        box.insertBefore(chip, entry);
      });
    };
    const add = () => {
      for (const part of entry.value.split(",")) {
        const value = part.trim();
        if (value && !values.some((v) => v.toLowerCase() === value.toLowerCase())) values.push(value);
      }
      entry.value = "";
      sync();
      draw();
    };
    entry.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === ",") { event.preventDefault(); add(); }
      else if (event.key === "Backspace" && !entry.value && values.length) { values.pop(); sync(); draw(); }
    });
    entry.addEventListener("blur", add);
    box.addEventListener("click", (event) => { if (event.target === box) entry.focus(); });
    box.append(entry);
    draw();
    input.form.addEventListener("submit", add);
    // Other scripts (the resume prefill) add values with a "chips:add" event carrying a list.
    input.addEventListener("chips:add", (event) => { entry.value = event.detail.join(","); add(); });
  }
})();
