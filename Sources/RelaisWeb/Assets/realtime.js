// Live progress of one campaign, for the pages that show it.
//
//   import { subscribeProgress } from "/assets/realtime.js";
//   const stop = subscribeProgress(campaignId, (stats) => render(stats));
//
// Opens the WebSocket /api/v1/realtime (the session cookie authenticates it), subscribes to the campaign and
// calls onStats with every update. When the socket is down it reconnects by itself, waiting 1 s, 2 s, 5 s, 10 s,
// 20 s, then 30 s between attempts, and meanwhile polls GET /api/v1/campaigns/{id}/stats every 2 s, so the page
// never freezes. Both paths give onStats the same shape, the socket's "campaign.progress" message:
//   { type, campaign_id, run_id, state, run_state, recipients, by_status: { queued, sending, sent, delivered,
//     read, failed, uncertain, skipped }, replied, opted_out, rate, waiting_reason }
// (run_state is null while polling: /stats does not give it; rate is then computed from successive polls).
// Returns a function that stops everything.

const RECONNECT_DELAYS_MS = [1000, 2000, 5000, 10000, 20000, 30000];
const POLL_INTERVAL_MS = 2000;
const RATE_WINDOW_MS = 5000;

export function subscribeProgress(campaignId, onStats) {
  const wanted = String(campaignId).toLowerCase();
  let socket = null;
  let failures = 0;
  let stopped = false;
  let reconnectTimer = null;
  let pollTimer = null;
  let samples = [];

  function connect() {
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    socket = new WebSocket(`${scheme}//${window.location.host}/api/v1/realtime`);
    socket.addEventListener("open", () => {
      failures = 0;
      stopPolling();
      socket.send(JSON.stringify({ type: "subscribe", campaign_id: campaignId }));
    });
    socket.addEventListener("message", (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message.type === "campaign.progress" && String(message.campaign_id).toLowerCase() === wanted) onStats(message);
    });
    // "error" is always followed by "close": reconnecting there alone avoids doing it twice.
    socket.addEventListener("close", () => {
      socket = null;
      if (stopped) return;
      startPolling();
      const delay = RECONNECT_DELAYS_MS[Math.min(failures, RECONNECT_DELAYS_MS.length - 1)];
      failures += 1;
      reconnectTimer = window.setTimeout(connect, delay);
    });
  }

  function startPolling() {
    if (pollTimer !== null) return;
    poll();
    pollTimer = window.setInterval(poll, POLL_INTERVAL_MS);
  }

  function stopPolling() {
    if (pollTimer !== null) window.clearInterval(pollTimer);
    pollTimer = null;
    samples = [];
  }

  async function poll() {
    let stats;
    try {
      const response = await fetch(`/api/v1/campaigns/${encodeURIComponent(campaignId)}/stats`, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (!response.ok) return;
      stats = await response.json();
    } catch {
      return; // offline: the next poll or the socket will tell
    }
    // A poll that was in flight when the socket came back must not overwrite fresher socket updates.
    if (stopped || pollTimer === null) return;
    onStats(fromStats(stats));
  }

  // The /stats answer in the socket's shape; the rate from the polls of the last few seconds.
  function fromStats(stats) {
    const counts = stats.by_status || {};
    const left = (counts.sent || 0) + (counts.delivered || 0) + (counts.read || 0) + (counts.failed || 0);
    const now = Date.now();
    samples.push({ at: now, left });
    while (samples.length > 2 && now - samples[1].at >= RATE_WINDOW_MS) samples.shift();
    const first = samples[0];
    const rate = samples.length >= 2 && now > first.at ? Math.round(((left - first.left) / ((now - first.at) / 1000)) * 10) / 10 : null;
    return {
      type: "campaign.progress",
      campaign_id: campaignId,
      run_id: stats.run_id ?? null,
      state: stats.state,
      run_state: null,
      recipients: stats.recipients,
      by_status: counts,
      replied: stats.replied,
      opted_out: stats.opted_out,
      rate: stats.state === "running" ? (rate === null ? null : Math.max(0, rate)) : 0,
      waiting_reason: stats.waiting_reason ?? null,
    };
  }

  connect();

  return function stop() {
    stopped = true;
    window.clearTimeout(reconnectTimer);
    stopPolling();
    if (socket !== null) socket.close(1000);
  };
}
