// Live progress of a campaign. `applyStats` is the one function that turns a stats object (the shape of
// GET /api/v1/campaigns/{id}/stats) into the page; a source feeds it. While the campaign can still move, the source
// is the realtime WebSocket (`subscribeProgress`, which polls /stats by itself while the socket is down); once it
// has settled, a slow poll catches the last statuses. Without this file the page shows the counts of when it was
// drawn, with a refresh link.

import { subscribeProgress } from "/assets/realtime.js";

const root = document.querySelector("[data-campaign-live]");
const numbers = new Intl.NumberFormat(document.documentElement.lang || "en");
const decimals = new Intl.NumberFormat(document.documentElement.lang || "en", { maximumFractionDigits: 1 });
const data = root.dataset;
const stateLabels = JSON.parse(data.stateLabels || "{}");
const waitingReasons = JSON.parse(data.waitingReasons || "{}");
const samples = [];
let state = data.state;

const fill = (pattern, values) => Object.entries(values).reduce((text, [key, value]) => text.replaceAll(`{${key}}`, value), pattern);
const set = (selector, text) => root.querySelectorAll(selector).forEach((element) => { element.textContent = text; });

/** "about 3 min": the same words as the server's first drawing (RunProgressModel.duration). */
function duration(seconds) {
  if (seconds < 60) return data.etaSeconds;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return fill(data.etaMinutes, { minutes });
  return fill(data.etaHours, { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

/** Messages per second over the last half minute of samples, or since the run started before there are two. */
function rate(attempted) {
  const now = Date.now();
  samples.push([now, attempted]);
  while (samples.length > 2 && now - samples[0][0] > 30000) samples.shift();
  const [t0, a0] = samples[0];
  if (samples.length > 1 && now > t0) return ((attempted - a0) * 1000) / (now - t0);
  const started = Date.parse(data.startedAt);
  return started && now > started ? (attempted * 1000) / (now - started) : 0;
}

function drawBar(byStatus, recipients) {
  const total = Math.max(recipients, 1);
  let x = 0;
  for (const key of ["read", "delivered", "sent", "failed", "uncertain", "skipped"]) {
    const width = ((byStatus[key] || 0) * 100) / total;
    root.querySelectorAll(`[data-segment="${key}"]`).forEach((rect) => {
      rect.setAttribute("x", x.toFixed(2));
      rect.setAttribute("width", width.toFixed(2));
    });
    x += width;
  }
}

/** Shows the actions of the new state and relabels the badge, as the server would draw them now. */
function showState(next) {
  const badge = root.querySelector("[data-live-state]");
  badge.textContent = stateLabels[next] || next;
  badge.className = `badge badge-state-${next}`;
  root.querySelectorAll("[data-states]").forEach((element) => { element.hidden = !element.dataset.states.split(" ").includes(next); });
  root.querySelectorAll("[data-action-card]").forEach((card) => { card.hidden = !card.querySelector("[data-states]:not([hidden])"); });
}

/** Puts one stats object on the page. */
export function applyStats(stats) {
  const s = stats.by_status || {};
  const recipients = stats.recipients || 0;
  const counts = {
    recipients, sent: s.sent + s.delivered + s.read, delivered: s.delivered + s.read, read: s.read, failed: s.failed,
    replied: stats.replied, opted_out: stats.opted_out, queued: s.queued, sending: s.sending, uncertain: s.uncertain, skipped: s.skipped,
  };
  for (const [key, value] of Object.entries(counts)) {
    set(`[data-stat="${key}"]`, numbers.format(value || 0));
    if (recipients) set(`[data-share="${key}"]`, `${numbers.format(Math.round(((value || 0) * 100) / recipients))} %`);
  }
  drawBar(s, recipients);
  const left = (s.queued || 0) + (s.sending || 0);
  const percent = recipients ? Math.floor(((recipients - left) * 100) / recipients) : 0;
  set('[data-live="percent"]', fill(data.labelPercent, { percent: numbers.format(percent) }));
  root.querySelector("[data-live-bar]")?.setAttribute("aria-label", fill(data.labelPercent, { percent: numbers.format(percent) }));
  const perSecond = rate(counts.sent + (s.failed || 0) + (s.uncertain || 0));
  const running = stats.state === "running";
  set('[data-live="rate"]', running && perSecond > 0 ? fill(data.labelRate, { rate: decimals.format(perSecond) }) : "");
  set('[data-live="eta"]', running && perSecond > 0 && left > 0 ? `· ${duration(left / perSecond)}` : "");
  const waiting = root.querySelector('[data-live="waiting"]');
  if (waiting) {
    const reason = stats.waiting_reason;
    const known = reason && Object.keys(waitingReasons).find((prefix) => reason.startsWith(prefix));
    waiting.textContent = reason ? (known ? waitingReasons[known] : reason) : "";
    waiting.hidden = !reason;
  }
  if (stats.state !== state) {
    // A finished run changes only the badge and the actions; any other change (paused with a reason, a new
    // occurrence starting) brings sections the page does not have yet, so the server draws it again.
    if (stats.state === "completed" && root.querySelector("[data-live-progress]")) showState(stats.state);
    else location.reload();
    state = stats.state;
  }
}

/** How often to look: every second while sending; slower while statuses may still arrive or a start is due. */
function interval() {
  return { running: 1000, paused: 5000, completed: 5000, scheduled: 15000 }[state];
}

/** The polling source: fetches the stats JSON and hands each answer to `apply`, for an hour at most. */
export function pollStats(url, apply) {
  const until = Date.now() + 3600 * 1000;
  const tick = async () => {
    if (!interval() || Date.now() > until) return;
    if (!document.hidden) {
      try {
        const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
        if (response.ok) apply(await response.json());
      } catch { /* the next tick tries again */ }
    }
    setTimeout(tick, interval() || 1000);
  };
  setTimeout(tick, interval() || 1000);
}

// The campaign id is the path segment before /stats.
const campaignId = data.statsUrl.split("/").slice(-2)[0];
if (["running", "paused", "scheduled"].includes(state)) subscribeProgress(campaignId, applyStats);
else pollStats(data.statsUrl, applyStats);
