/// Something the background loop must do at a given time.
enum ScheduledEvent: Sendable {
    /// A message status to report (batched with other due statuses of the same number).
    case status(StatusEvent)
    /// A ready webhook body (inbound message, template update) or a retry of a failed delivery.
    case delivery(WebhookDelivery)
    /// Review of a submitted template: approve or reject, then notify.
    case templateReview(wabaID: String, key: String)
    /// Meta's verdict on a paced template: release its held sends, or pause it and fail them.
    case pacingDecision(wabaID: String, key: String)
    /// The end of a template's pause (3 h for the first, 6 h for the second).
    case pauseEnd(wabaID: String, key: String)
    /// A 130429 to report as a `value.errors` webhook.
    case throughputError(NumberIdentity)
}
