// The pipeline board: drag a card to another column, or choose from the stage menu on a card
// (the keyboard way: arrows, then Enter). Either saves through the portal's move route.
"use strict";
(() => {
  const board = document.querySelector("[data-board]");
  if (!board) return;
  const status = document.getElementById("board-status");
  const say = (text) => { if (status) status.textContent = text; };

  const recount = () => {
    for (const column of board.querySelectorAll(".column")) {
      column.querySelector("[data-count]").textContent = column.querySelectorAll(".kanban-card").length;
    }
  };

  const place = (card, stage) => {
    const column = board.querySelector(`.column[data-stage="${stage}"] .cards`);
    column.prepend(card);
    card.querySelector("select[name=stage]").value = stage;
    recount();
  };

  const move = async (card, stage) => {
    const form = card.querySelector("form.move-form");
    const select = form.querySelector("select[name=stage]");
    const from = card.closest(".column").dataset.stage;
    form.classList.remove("pending");
    if (from === stage) return;
    place(card, stage);
    const name = card.querySelector(".card-name").textContent;
    try {
      await Hiring.post(form.action, { stage });
      say(`${name} moved to ${stage}.`);
    } catch (error) {
      place(card, from);
      say(error.message);
      window.alert(error.message);
    }
    select.focus();
  };

  Hiring.choices(board, "select[name=stage]", (select) => {
    move(select.closest(".kanban-card"), select.value);
  });
  board.addEventListener("submit", (event) => {
    const card = event.target.closest(".kanban-card");
    if (!card) return;
    event.preventDefault();
    move(card, event.target.querySelector("select[name=stage]").value);
  });

  let dragged = null;
  board.addEventListener("dragstart", (event) => {
    dragged = event.target.closest(".kanban-card");
    if (!dragged) return;
    dragged.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.assignment);
  });
  board.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    board.querySelectorAll(".drop-target").forEach((c) => c.classList.remove("drop-target"));
  });
  board.addEventListener("dragover", (event) => {
    const column = event.target.closest(".column");
    if (!column || !dragged) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    board.querySelectorAll(".drop-target").forEach((c) => c !== column && c.classList.remove("drop-target"));
    column.classList.add("drop-target");
  });
  board.addEventListener("drop", (event) => {
    const column = event.target.closest(".column");
    if (!column || !dragged) return;
    event.preventDefault();
    column.classList.remove("drop-target");
    move(dragged, column.dataset.stage);
  });
})();
