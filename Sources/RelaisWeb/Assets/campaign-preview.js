// Renders a campaign's message in the browser, as the server does (VariableExpression, TemplateText): each
// parameter's expression (`Bonjour {first_name|client}`) for one contact's fields, then the template's
// placeholders (`{{1}}`, `{{first_name}}`) filled with those values. Values are marked so the preview shows
// what changes per recipient. Elements and textContent only: nothing typed is ever parsed as HTML.

const FIELD_START = /[A-Za-z_]/;
const FIELD_PART = /[A-Za-z0-9_.]/;

/** The expression's parts ({text} or {field, fallback}), or null when it does not parse (the server says why on save). */
export function parseExpression(source) {
  const chars = [...source];
  const parts = [];
  let literal = "";
  let i = 0;
  while (i < chars.length) {
    if (chars[i] !== "{") { literal += chars[i]; i += 1; continue; }
    if (literal) parts.push({ text: literal });
    literal = "";
    let j = i + 1;
    if (j >= chars.length || !FIELD_START.test(chars[j])) return null;
    while (j < chars.length && FIELD_PART.test(chars[j])) j += 1;
    const field = chars.slice(i + 1, j).join("");
    if (field === "attr." || field === "attributes." || j >= chars.length) return null;
    if (chars[j] === "}") {
      parts.push({ field });
      i = j + 1;
    } else if (chars[j] === "|") {
      const close = chars.indexOf("}", j + 1);
      if (close < 0 || close === j + 1) return null;
      parts.push({ field, fallback: chars.slice(j + 1, close).join("") });
      i = close + 1;
    } else {
      return null;
    }
  }
  if (literal) parts.push({ text: literal });
  return parts;
}

/** A contact's value for `field` (fields as RecipientFields encodes them), trimmed; null when blank. */
export function fieldValue(fields, field) {
  const fixed = { name: "name", first_name: "firstName", last_name: "lastName", phone: "phone", email: "email", country: "country", language: "language" };
  let raw;
  if (field in fixed) {
    raw = fields[fixed[field]];
  } else {
    const key = field.replace(/^(attr|attributes)\./, "");
    raw = (fields.attributes || {})[key];
  }
  const value = typeof raw === "string" ? raw.trim() : "";
  return value || null;
}

/** One parameter for one contact: pieces of kind text, value, fallback or missing, and what was used. */
export function renderExpression(source, fields) {
  const parts = parseExpression(source);
  if (!parts) return { pieces: [{ kind: "text", text: source }], usedFallback: false, missing: [] };
  const result = { pieces: [], usedFallback: false, missing: [] };
  for (const part of parts) {
    if (part.text !== undefined) { result.pieces.push({ kind: "text", text: part.text }); continue; }
    const value = fieldValue(fields, part.field);
    if (value !== null) {
      result.pieces.push({ kind: "value", text: value });
    } else if (part.fallback !== undefined) {
      result.pieces.push({ kind: "fallback", text: part.fallback });
      result.usedFallback = true;
    } else {
      result.pieces.push({ kind: "missing", text: `{${part.field}}` });
      if (!result.missing.includes(part.field)) result.missing.push(part.field);
    }
  }
  return result;
}

/** Fills a template text's placeholders with rendered parameters; returns DOM nodes and the text's length. */
export function fillTemplate(text, rendered) {
  const nodes = [];
  const names = [];
  let length = 0;
  const add = (kind, value) => {
    length += [...value].length;
    if (kind === "text") { nodes.push(document.createTextNode(value)); return; }
    const mark = document.createElement("mark");
    mark.className = `var var-${kind}`;
    mark.textContent = value;
    nodes.push(mark);
  };
  for (const piece of (text || "").split(/(\{\{[^}]*\}\})/)) {
    const match = /^\{\{\s*([A-Za-z0-9_]+)\s*\}\}$/.exec(piece);
    if (!match) { if (piece) add("text", piece); continue; }
    let index;
    if (/^\d+$/.test(match[1])) {
      index = Number(match[1]) - 1;
    } else {
      if (!names.includes(match[1])) names.push(match[1]);
      index = names.indexOf(match[1]);
    }
    const value = rendered[index];
    const blank = !value || value.pieces.every((p) => !p.text.trim());
    if (blank) { add("missing", piece); continue; }
    for (const part of value.pieces) add(part.kind === "text" ? "value" : part.kind, part.text);
  }
  return { nodes, length };
}

/** The media header: an uploaded image as itself (`media:<id>`), anything else as its kind and link. */
function drawMedia(element, format, value) {
  const uploaded = /^\s*media:([0-9a-f-]{36})\s*$/i.exec(value);
  if (uploaded && format === "IMAGE") {
    const image = document.createElement("img");
    image.src = `/api/v1/media/${uploaded[1].toLowerCase()}/content`;
    image.alt = "";
    element.replaceChildren(image);
    element.classList.add("bubble-media-image");
    return;
  }
  element.classList.remove("bubble-media-image");
  element.textContent = `${format === "IMAGE" ? "🖼" : format === "VIDEO" ? "🎬" : "📄"} ${value}`;
}

/** Draws the bubble for a template shape, the parameter expressions and a contact; returns the lengths and notes. */
export function drawBubble(bubble, shape, expressions, fields) {
  const render = (list) => list.map((source) => renderExpression(source, fields));
  const header = render(expressions.header);
  const body = render(expressions.body);
  const all = [...header, ...body, ...render(expressions.buttons)];
  const part = (name) => bubble.querySelector(`[data-bubble-${name}]`);
  const media = ["IMAGE", "VIDEO", "DOCUMENT"].includes(shape.format);
  part("media").hidden = !media;
  if (media) drawMedia(part("media"), shape.format, expressions.header[0] || "");
  const headerText = shape.format === "TEXT" ? fillTemplate(shape.header, header) : { nodes: [], length: 0 };
  part("header").replaceChildren(...headerText.nodes);
  const bodyText = fillTemplate(shape.body, body);
  part("body").replaceChildren(...bodyText.nodes);
  part("footer").textContent = shape.footer || "";
  const buttons = bubble.parentElement.querySelector("[data-bubble-buttons]");
  buttons.replaceChildren(...(shape.buttons || []).map((b) => { const s = document.createElement("span"); s.textContent = b.text; return s; }));
  return {
    bodyLength: bodyText.length,
    headerLength: headerText.length,
    usedFallback: all.some((r) => r.usedFallback),
    missing: [...new Set(all.flatMap((r) => r.missing))],
  };
}

/** Draws the server's rendering (GET …/preview): the exact text one contact will receive. */
export function drawServerPreview(bubble, preview) {
  const part = (name) => bubble.querySelector(`[data-bubble-${name}]`);
  const media = ["IMAGE", "VIDEO", "DOCUMENT"].includes(preview.header_format);
  part("media").hidden = !media;
  if (media) drawMedia(part("media"), preview.header_format, preview.header || "");
  part("header").textContent = media ? "" : preview.header || "";
  part("body").textContent = preview.body;
  part("footer").textContent = preview.footer || "";
  const buttons = bubble.parentElement.querySelector("[data-bubble-buttons]");
  buttons.replaceChildren(...preview.buttons.map((b) => { const s = document.createElement("span"); s.textContent = b.text; return s; }));
  return { bodyLength: [...preview.body].length };
}
