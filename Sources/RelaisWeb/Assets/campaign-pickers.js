// The composer's two small menus beside each parameter input: insert a contact field, insert an emoji.
// Built on <details>/<summary>, so they open with Enter or Space and are reachable with Tab; arrow keys move
// between items, Escape closes and gives focus back. Our own fixed emoji set: no third-party file.

export const EMOJIS = [
  "😊", "😍", "😉", "🥳", "🙏", "👍", "👉", "👋", "❤️", "🔥", "✨", "🌟",
  "🎉", "🎁", "🛍️", "🛒", "💸", "🏷️", "⏰", "📣", "📦", "💬", "✅", "☀️",
  "❄️", "🍾", "☕", "🍰", "🌸", "⚽",
];

/** Writes `text` at the caret of `input` (replacing a selection) and tells the form it changed. */
export function insertAtCaret(input, text) {
  const start = input.selectionStart ?? input.value.length;
  const end = input.selectionEnd ?? start;
  input.setRangeText(text, start, end, "end");
  input.focus();
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

function close(details) {
  details.open = false;
  details.querySelector("summary").focus();
}

function moveFocus(menu, step) {
  const items = [...menu.querySelectorAll("button")];
  const index = items.indexOf(document.activeElement);
  items[(index + step + items.length) % items.length]?.focus();
}

/** Turns on the menus of one parameter row (server-drawn or cloned from the row template). */
export function setUpRow(row) {
  const tools = row.querySelector("[data-param-tools]");
  const input = row.querySelector("[data-param]");
  if (!tools || !input || tools.dataset.ready) return;
  tools.dataset.ready = "true";
  tools.hidden = false;
  const grid = tools.querySelector("[data-emoji-picker] .emoji-grid");
  for (const emoji of EMOJIS) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = emoji;
    button.dataset.insert = emoji;
    grid.append(button);
  }
  for (const details of tools.querySelectorAll("details")) {
    const menu = details.querySelector(".picker-menu");
    details.addEventListener("toggle", () => {
      if (!details.open) return;
      for (const other of document.querySelectorAll("details.picker[open]")) if (other !== details) other.open = false;
      menu.querySelector("button")?.focus();
    });
    details.addEventListener("keydown", (event) => {
      if (event.key === "Escape") { event.preventDefault(); close(details); }
      const columns = menu.classList.contains("emoji-grid") ? 6 : 1;
      const steps = { ArrowDown: columns, ArrowUp: -columns, ArrowRight: 1, ArrowLeft: -1 };
      if (details.open && event.key in steps && menu.contains(document.activeElement)) {
        event.preventDefault();
        moveFocus(menu, steps[event.key]);
      }
    });
    menu.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-insert]");
      if (!button) return;
      details.open = false;
      insertAtCaret(input, button.dataset.insert);
    });
  }
}

// A click elsewhere closes any open menu, as people expect of a menu.
document.addEventListener("click", (event) => {
  for (const details of document.querySelectorAll("details.picker[open]")) {
    if (!details.contains(event.target)) details.open = false;
  }
});
