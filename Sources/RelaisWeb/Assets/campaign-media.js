// The media header's upload: a file chosen beside the link field goes to /api/v1/media, and the field then holds
// the file's expression (media:<id>), which the campaign sends. The server reads the file's type from its bytes and
// answers a problem+json with the reason when it refuses one. Without this file the field still takes a link.

const fill = (pattern, values) => Object.entries(values).reduce((text, [key, value]) => text.replaceAll(`{${key}}`, value), pattern);

/** Turns on the upload of one parameter row when it is the media header's; `labels` holds the status texts. */
export function setUpMediaRow(row, labels) {
  const tools = row.querySelector("[data-media-tools]");
  const input = row.querySelector("[data-param]");
  const picker = row.querySelector("[data-media-file]");
  if (!tools || !input || !picker) return;
  tools.hidden = !row.hasAttribute("data-media");
  if (tools.dataset.ready) return;
  tools.dataset.ready = "true";
  const status = tools.querySelector("[data-media-status]");
  picker.addEventListener("change", async () => {
    const file = picker.files?.[0];
    if (!file) return;
    status.textContent = labels.labelUploading;
    const body = new FormData();
    body.append("file", file);
    try {
      const token = document.querySelector('meta[name="csrf-token"]')?.content || "";
      const response = await fetch("/api/v1/media", {
        method: "POST", body, credentials: "same-origin", headers: { Accept: "application/json", "X-CSRF-Token": token },
      });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) {
        status.textContent = fill(labels.labelUploadFailed, { reason: answer.detail || String(response.status) });
        return;
      }
      input.value = answer.expression;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      status.textContent = fill(labels.labelUploaded, { name: answer.file_name });
    } catch {
      status.textContent = fill(labels.labelUploadFailed, { reason: "network" });
    } finally {
      picker.value = "";
    }
  });
}
