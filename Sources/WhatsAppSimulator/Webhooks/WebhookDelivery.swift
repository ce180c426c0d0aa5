/// A signed-on-send webhook body and its attempt count.
struct WebhookDelivery: Sendable {
    let body: [UInt8]
    /// `statuses`, `messages` or `message_template_status_update`, for the webhook log.
    let kind: String
    let itemCount: Int
    var attempt: Int = 0
    /// A deliberate second copy (duplicate injection); never duplicated again.
    var isDuplicate = false
}
