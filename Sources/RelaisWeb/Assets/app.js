// Progressive enhancement only: every page works without this file.
// Pages that need more load their own module, so other pages fetch nothing extra.
if (document.querySelector("[data-campaign-composer]")) import("/assets/campaign-composer.js");
if (document.querySelector("[data-campaign-live]")) import("/assets/campaign-live.js");
const root = document.documentElement;
const savedTheme = localStorage.getItem("relais.theme");
if (savedTheme) root.dataset.theme = savedTheme;

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-current-path]").forEach((input) => { input.value = location.pathname + location.search; });

  document.querySelector(".theme-toggle")?.addEventListener("click", () => {
    const dark = root.dataset.theme ? root.dataset.theme === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
    root.dataset.theme = dark ? "light" : "dark";
    localStorage.setItem("relais.theme", root.dataset.theme);
  });

  const toggle = document.querySelector(".sidebar-toggle");
  if (localStorage.getItem("relais.sidebar") === "collapsed") document.body.classList.add("sidebar-collapsed");
  toggle?.addEventListener("click", () => {
    const collapsed = document.body.classList.toggle("sidebar-collapsed");
    toggle.setAttribute("aria-expanded", String(!collapsed));
    localStorage.setItem("relais.sidebar", collapsed ? "collapsed" : "open");
  });

  // Dangerous actions state their consequence before they happen.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => { if (!confirm(form.dataset.confirm)) event.preventDefault(); });
  });

  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });

  document.querySelectorAll("[data-copy]").forEach((button) => {
    button.addEventListener("click", async () => {
      const input = button.parentElement.querySelector("input");
      input.select();
      try { await navigator.clipboard.writeText(input.value); button.textContent = "✓"; } catch { document.execCommand("copy"); }
    });
  });

  // Import progress: poll the import's status JSON and update the counters; reload once it has finished,
  // so the report with the rejected rows appears. Without JavaScript the page offers a refresh link.
  const status = document.querySelector("[data-import-status]");
  if (status && ["queued", "running"].includes(status.dataset.state)) {
    const numbers = new Intl.NumberFormat(document.documentElement.lang || "en");
    const poll = async () => {
      try {
        const response = await fetch(status.dataset.importStatus, { credentials: "same-origin", headers: { Accept: "application/json" } });
        if (response.ok) {
          const report = await response.json();
          for (const key of ["rows", "created", "updated", "duplicates", "invalid"]) {
            const field = status.querySelector(`[data-field="${key}"]`);
            if (field) field.textContent = numbers.format(report[key] ?? 0);
          }
          if (report.state === "completed" || report.state === "failed") { location.reload(); return; }
        }
      } catch { /* try again on the next tick */ }
      setTimeout(poll, 1000);
    };
    setTimeout(poll, 1000);
  }

  document.querySelectorAll(".toast-close").forEach((button) => {
    button.addEventListener("click", () => button.closest(".toast").remove());
  });
});

// Template composer: a WhatsApp-style preview and character counts, updated as the user types.
// Built with textContent and elements only: what the user types is never parsed as HTML.
function renderWithVariables(target, text) {
  target.replaceChildren();
  const parts = text.split(/(\{\{[^}]*\}\})/);
  for (const part of parts) {
    if (/^\{\{[^}]*\}\}$/.test(part)) {
      const mark = document.createElement("mark");
      mark.textContent = part;
      target.append(mark);
    } else if (part) {
      target.append(document.createTextNode(part));
    }
  }
}

function updatePreview(form) {
  for (const name of ["header", "body", "footer"]) {
    const field = form.querySelector(`[data-preview="${name}"]`);
    const target = document.querySelector(`[data-preview-target="${name}"]`);
    if (field && target) renderWithVariables(target, field.value);
  }
  const buttons = document.querySelector('[data-preview-target="buttons"]');
  if (buttons) {
    buttons.replaceChildren(...[...form.querySelectorAll('[data-preview="button"]')]
      .filter((input) => input.value.trim())
      .map((input) => { const span = document.createElement("span"); span.textContent = input.value; return span; }));
  }
  for (const field of form.querySelectorAll("[data-count]")) {
    let counter = field.parentElement.querySelector(".char-count");
    if (!counter) {
      counter = document.createElement("span");
      counter.className = "char-count";
      counter.setAttribute("aria-live", "polite");
      field.parentElement.querySelector("label").append(counter);
    }
    const limit = Number(field.dataset.count);
    counter.textContent = `${field.value.length} / ${limit}`;
    counter.classList.toggle("over", field.value.length > limit);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("template-form");
  if (!form) return;
  form.addEventListener("input", () => updatePreview(form));
  updatePreview(form);
});
