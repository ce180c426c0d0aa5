// Progressive enhancement only: every page works without this file.
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

  document.querySelectorAll(".toast-close").forEach((button) => {
    button.addEventListener("click", () => button.closest(".toast").remove());
  });
});
