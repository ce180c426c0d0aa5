// The composer's A/B test, enhanced: the box shows the variants in place of the single message, and the variants
// (stacked fieldsets without script) become tabs — a WAI-ARIA tablist: arrow keys, Home and End move between tabs,
// only the open one is shown. Adding or removing a variant posts the form (intent=add_variant / remove_variant.N),
// so the server numbers the fields; the open tab travels in `ab.active` and comes back the same.

/** Turns on the A/B section of `form`; `changed` is called when what the preview should show changes. */
export function setUpABTest(form, changed) {
  const section = form.querySelector("[data-ab]");
  if (!section) return;
  const toggle = section.querySelector("[data-ab-toggle]");
  const body = section.querySelector("[data-ab-body]");
  const main = form.querySelector("[data-main-content]");
  const tablist = section.querySelector("[data-ab-tabs]");
  const tabs = [...tablist.querySelectorAll("[role=tab]")];
  const panels = [...section.querySelectorAll("[data-variant-panel]")];
  const activeField = section.querySelector("[data-ab-active]");

  function showMode() {
    // Hidden inputs still post; the server reads the variants or the single message depending on the box.
    body.hidden = !toggle.checked;
    main.hidden = toggle.checked;
  }

  function open(index, focus, notify = true) {
    tabs.forEach((tab, i) => {
      const selected = i === index;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      panels[i].hidden = !selected;
      panels[i].toggleAttribute("data-active", selected);
    });
    activeField.value = String(index);
    if (focus) tabs[index].focus();
    if (notify) changed();
  }

  panels.forEach((panel) => {
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("aria-labelledby", panel.dataset.tabId);
    panel.querySelector(".variant-legend")?.classList.add("visually-hidden");
  });
  tablist.hidden = false;
  tabs.forEach((tab, index) => tab.addEventListener("click", () => open(index, false)));
  tablist.addEventListener("keydown", (event) => {
    const current = tabs.indexOf(document.activeElement);
    if (current < 0) return;
    const last = tabs.length - 1;
    const next = { ArrowRight: current === last ? 0 : current + 1, ArrowLeft: current === 0 ? last : current - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    open(next, true);
  });
  toggle.addEventListener("change", () => { showMode(); changed(); });
  const start = panels.findIndex((panel) => panel.hasAttribute("data-active"));
  showMode();
  open(Math.max(start, 0), false, false);
}
