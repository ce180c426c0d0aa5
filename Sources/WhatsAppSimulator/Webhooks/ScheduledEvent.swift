/// Something the background loop must do at a given time.
enum ScheduledEvent: Sendable {
    /// A message status to report (batched with other due statuses of the same number).
    case status(StatusEvent)
    /// A ready webhook body (inbound message, template update) or a retry of a failed delivery.
    case delivery(WebhookDelivery)
    /// Review of a submitted template: approve or reject, then notify.
    case templateReview(wabaID: String, key: String)
}
