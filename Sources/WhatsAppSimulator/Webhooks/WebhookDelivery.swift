/// A signed-on-send webhook body and its attempt count.
struct WebhookDelivery: Sendable {
    let body: [UInt8]
    /// The WABA it concerns: its callback override, when set, receives it instead of the app's URL.
    let wabaID: String
    /// `statuses`, `messages` or `message_template_status_update`, for the webhook log.
    let kind: String
    let itemCount: Int
    var attempt: Int = 0
    /// A deliberate second copy (duplicate injection); never duplicated again.
    var isDuplicate = false
}
