// The campaign composer, enhanced: templates filtered by number, parameter inputs redrawn for the chosen
// template, menus to insert fields and emojis, a live WhatsApp preview for a real contact with the message's
// length, and the saved audience's count. The single message and each A/B variant are "content blocks" with the
// same inputs; the preview shows the block on screen. Without this file the form still saves, and the server redraws it.
import { drawBubble, drawServerPreview } from "./campaign-preview.js";
import { setUpRow } from "./campaign-pickers.js";
import { setUpABTest } from "./campaign-ab.js";
import { setUpMediaRow } from "./campaign-media.js";

const root = document.querySelector("[data-campaign-composer]");
const form = document.getElementById("campaign-form");
const numberSelect = form.querySelector("[data-number-select]");
const mainBlock = form.querySelector("[data-main-content]");
const abToggle = form.querySelector("[data-ab-toggle]");
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

const blocks = () => [...form.querySelectorAll("[data-content]")];
const templateSelect = (block) => block.querySelector("[data-template-select]");

/** The content the preview shows: the open variant while an A/B test is on, the single message otherwise. */
function activeBlock() {
  if (!abToggle?.checked) return mainBlock;
  return form.querySelector("[data-variant-panel][data-active] [data-content]") || mainBlock;
}

function shape(block) {
  try { return JSON.parse(templateSelect(block).selectedOptions[0]?.dataset.shape || "{}"); } catch { return {}; }
}

/** Shows only the chosen number's templates; keeps the choice if it belongs to that number. */
function filterTemplates(select) {
  const number = numberSelect.value;
  for (const group of select.querySelectorAll("optgroup")) group.hidden = group.dataset.number !== number;
  for (const option of select.options) option.disabled = option.dataset.number !== number;
  if (select.selectedOptions[0]?.disabled) {
    const first = [...select.options].find((option) => !option.disabled);
    if (first) first.selected = true;
  }
}

/** The parameters a shape takes, as [name, label] pairs, in the order the server numbers them; `prefix` is a variant's. */
function parameters(current, prefix) {
  const rows = [];
  (current.headerParams || []).forEach((name, i) => rows.push([`${prefix}variables.header.${i}`,
    name === "media" ? labels.labelMedia : fill(labels.labelHeader, { placeholder: `{{${name}}}` }), name === "media"]));
  (current.bodyParams || []).forEach((name, i) => rows.push([`${prefix}variables.body.${i}`, fill(labels.labelBody, { placeholder: `{{${name}}}` })]));
  (current.buttons || []).filter((b) => b.param)
    .forEach((b, i) => rows.push([`${prefix}variables.buttons.${i}`, fill(labels.labelButton, { button: b.text })]));
  return rows;
}

/** Redraws a block's parameter inputs for its chosen template, keeping what was typed for parameters that remain. */
function redrawParameters(block) {
  const list = block.querySelector("[data-param-list]");
  const typed = Object.fromEntries([...list.querySelectorAll("[data-param]")].map((input) => [input.name, input.value]));
  const rows = parameters(shape(block), block.dataset.prefix || "").map(([name, label, media]) => {
    const row = rowTemplate.content.firstElementChild.cloneNode(true);
    const id = name.replaceAll(".", "-");
    const input = row.querySelector("[data-param]");
    row.querySelector("label").textContent = label;
    row.querySelector("label").htmlFor = id;
    Object.assign(input, { id, name, value: typed[name] ?? "" });
    row.toggleAttribute("data-media", Boolean(media));
    row.querySelector("[data-media-file]").id = `${id}-file`;
    row.querySelector("[data-media-tools] label").htmlFor = `${id}-file`;
    return row;
  });
  list.replaceChildren(...rows);
  rows.forEach(setUpRow);
  rows.forEach((row) => setUpMediaRow(row, labels));
  block.querySelector("[data-no-params]").hidden = rows.length > 0;
}

function expressions(block) {
  const prefix = block.dataset.prefix || "";
  const values = (part) => [...block.querySelectorAll(`[data-param][name^="${prefix}variables.${part}."]`)].map((input) => input.value);
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
  const block = activeBlock();
  if (!templateSelect(block)?.selectedOptions[0]) return;
  const drawn = drawBubble(bubble, shape(block), expressions(block), contactFields());
  showLength(drawn.bodyLength);
  const notes = [];
  if (dirty || !campaignID) notes.push(labels.labelTyping);
  if (drawn.missing.length) notes.push(fill(labels.labelSkipped, { fields: drawn.missing.join(", ") }));
  else if (drawn.usedFallback) notes.push(labels.labelFallback);
  note.textContent = notes.join(" ");
  if (dirty || !campaignID || !contactSelect.value) return;
  try {
    // The saved variant under the open tab (the API numbers variants from 1; 0 is the single message).
    const variant = block === mainBlock ? 0 : Number(block.closest("[data-variant-panel]").dataset.variantPanel) + 1;
    const response = await fetch(`/api/v1/campaigns/${campaignID}/preview?contact_id=${encodeURIComponent(contactSelect.value)}&variant=${variant}`,
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
numberSelect?.addEventListener("change", () => blocks().forEach((block) => { filterTemplates(templateSelect(block)); redrawParameters(block); }));
form.addEventListener("change", (event) => {
  if (event.target.matches("[data-template-select]")) redrawParameters(event.target.closest("[data-content]"));
});
form.addEventListener("input", () => { dirty = true; updatePreview(); });
form.addEventListener("change", () => { dirty = true; updatePreview(); });
contactSelect.addEventListener("change", updatePreview);
root.querySelector("[data-preview-tools]").hidden = false;
form.querySelectorAll("[data-param-row]").forEach(setUpRow);
form.querySelectorAll("[data-param-row]").forEach((row) => setUpMediaRow(row, labels));
if (numberSelect) blocks().forEach((block) => filterTemplates(templateSelect(block)));
setUpABTest(form, () => { dirty = true; updatePreview(); });
updatePreview();
loadAudience();
// After a refused save, take the keyboard to the summary of what needs fixing.
document.getElementById("form-summary")?.focus();
