// The campaign composer, enhanced: templates filtered by number, parameter inputs redrawn for the chosen
// template, menus to insert fields and emojis, a live WhatsApp preview for a real contact with the message's
// length, and the saved audience's count. Without this file the form still saves, and the server redraws it.
import { drawBubble, drawServerPreview } from "./campaign-preview.js";
import { setUpRow } from "./campaign-pickers.js";

const root = document.querySelector("[data-campaign-composer]");
const form = document.getElementById("campaign-form");
const numberSelect = form.querySelector("[data-number-select]");
const templateSelect = form.querySelector("[data-template-select]");
const list = form.querySelector("[data-param-list]");
const rowTemplate = document.getElementById("param-row-template");
const contactSelect = root.querySelector("[data-preview-contact]");
const bubble = root.querySelector("[data-bubble]");
const lengthLine = root.querySelector("[data-length]");
const note = root.querySelector("[data-preview-note]");
const campaignID = root.dataset.campaignId;
const labels = root.dataset;
let dirty = false;
let previewRequest = 0;

const fill = (pattern, values) => Object.entries(values).reduce((text, [key, value]) => text.replaceAll(`{${key}}`, value), pattern);

function shape() {
  try { return JSON.parse(templateSelect.selectedOptions[0]?.dataset.shape || "{}"); } catch { return {}; }
}

/** Shows only the chosen number's templates; keeps the choice if it belongs to that number. */
function filterTemplates() {
  const number = numberSelect.value;
  for (const group of templateSelect.querySelectorAll("optgroup")) group.hidden = group.dataset.number !== number;
  for (const option of templateSelect.options) option.disabled = option.dataset.number !== number;
  if (templateSelect.selectedOptions[0]?.disabled) {
    const first = [...templateSelect.options].find((option) => !option.disabled);
    if (first) first.selected = true;
  }
}

/** The parameters a shape takes, as [name, label] pairs, in the order the server numbers them. */
function parameters(current) {
  const rows = [];
  (current.headerParams || []).forEach((name, i) => rows.push([`variables.header.${i}`,
    name === "media" ? labels.labelMedia : fill(labels.labelHeader, { placeholder: `{{${name}}}` })]));
  (current.bodyParams || []).forEach((name, i) => rows.push([`variables.body.${i}`, fill(labels.labelBody, { placeholder: `{{${name}}}` })]));
  (current.buttons || []).filter((b) => b.param).forEach((b, i) => rows.push([`variables.buttons.${i}`, fill(labels.labelButton, { button: b.text })]));
  return rows;
}

/** Redraws the parameter inputs for the chosen template, keeping what was typed for parameters that remain. */
function redrawParameters() {
  const typed = Object.fromEntries([...list.querySelectorAll("[data-param]")].map((input) => [input.name, input.value]));
  const rows = parameters(shape()).map(([name, label]) => {
    const row = rowTemplate.content.firstElementChild.cloneNode(true);
    const id = name.replaceAll(".", "-");
    const input = row.querySelector("[data-param]");
    row.querySelector("label").textContent = label;
    row.querySelector("label").htmlFor = id;
    Object.assign(input, { id, name, value: typed[name] ?? "" });
    return row;
  });
  list.replaceChildren(...rows);
  rows.forEach(setUpRow);
  form.querySelector("[data-no-params]").hidden = rows.length > 0;
}

function expressions() {
  const values = (part) => [...list.querySelectorAll(`[data-param][name^="variables.${part}."]`)].map((input) => input.value);
  return { header: values("header"), body: values("body"), buttons: values("buttons") };
}

function contactFields() {
  try { return JSON.parse(contactSelect.selectedOptions[0]?.dataset.fields || "{}"); } catch { return {}; }
}

const numbers = new Intl.NumberFormat(document.documentElement.lang || "en");

function showLength(length) {
  const limit = Number(labels.bodyLimit);
  lengthLine.textContent = fill(length > limit ? labels.labelOver : labels.labelCount, { count: numbers.format(length), limit: numbers.format(limit) });
  lengthLine.classList.toggle("over", length > limit);
}

/** Draws the preview: the server's exact rendering when the saved campaign is on screen, the browser's while typing. */
async function updatePreview() {
  const request = ++previewRequest;
  if (!templateSelect?.selectedOptions[0]) return;
  const drawn = drawBubble(bubble, shape(), expressions(), contactFields());
  showLength(drawn.bodyLength);
  const notes = [];
  if (dirty || !campaignID) notes.push(labels.labelTyping);
  if (drawn.missing.length) notes.push(fill(labels.labelSkipped, { fields: drawn.missing.join(", ") }));
  else if (drawn.usedFallback) notes.push(labels.labelFallback);
  note.textContent = notes.join(" ");
  if (dirty || !campaignID || !contactSelect.value) return;
  try {
    const response = await fetch(`/api/v1/campaigns/${campaignID}/preview?contact_id=${encodeURIComponent(contactSelect.value)}`,
      { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok || request !== previewRequest || dirty) return;
    const preview = await response.json();
    showLength(drawServerPreview(bubble, preview).bodyLength);
    const exact = [labels.labelExact];
    if (!preview.sendable) exact.push(fill(labels.labelSkipped, { fields: preview.missing_fields.join(", ") }));
    else if (preview.used_fallback) exact.push(labels.labelFallback);
    note.textContent = exact.join(" ");
  } catch { /* the browser's rendering stays */ }
}

/** The saved audience's count with its fallbacks and skips; marked stale once the audience is changed. */
async function loadAudience() {
  const details = form.querySelector("[data-audience-details]");
  if (!campaignID || !details) return;
  try {
    const response = await fetch(`/api/v1/campaigns/${campaignID}/audience`, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const audience = await response.json();
    details.textContent = fill(labels.labelAudience, { fallbacks: numbers.format(audience.fallbacks), skipped: numbers.format(audience.skipped) });
  } catch { /* the server's count stays */ }
}

form.querySelector("[data-audience]")?.addEventListener("change", () => {
  const details = form.querySelector("[data-audience-details]");
  details.textContent = labels.labelStale;
  form.querySelector("[data-audience-count]").classList.add("stale");
});
numberSelect?.addEventListener("change", () => { filterTemplates(); redrawParameters(); });
templateSelect?.addEventListener("change", redrawParameters);
form.addEventListener("input", () => { dirty = true; updatePreview(); });
form.addEventListener("change", () => { dirty = true; updatePreview(); });
contactSelect.addEventListener("change", updatePreview);
root.querySelector("[data-preview-tools]").hidden = false;
list.querySelectorAll("[data-param-row]").forEach(setUpRow);
if (numberSelect) filterTemplates();
updatePreview();
loadAudience();
// After a refused save, take the keyboard to the summary of what needs fixing.
document.getElementById("form-summary")?.focus();
