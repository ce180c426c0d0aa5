/// One status of one message, with everything its webhook object needs.
struct StatusEvent: Sendable {
    let phoneNumberID: String
    let wabaID: String
    let displayDigits: String
    let wamid: String
    /// Where the message sits in the ledger.
    let ledgerPosition: Int
    let recipient: String
    let status: String
    let timestamp: Int
    let callbackData: String?
    /// Async failure: code, title, details.
    let error: (code: Int, title: String, details: String)?
    /// Pricing category (`marketing`, `utility`, `service`, …); `nil` means no pricing object.
    let pricingCategory: String?
    /// Conversation objects only exist for webhooks before v24.
    let includeConversation: Bool
}
