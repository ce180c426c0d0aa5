import WhatsAppCloud

/// A scripted recipient (reference section 8, item 5): "never delivered", "blocks us", "reads after 10 min", or an
/// asynchronous failure code (131026, 131049, 131050, 130472, 131000, 131053 …). Set with `POST /__sim/recipients`.
struct RecipientScript: Decodable, Sendable {
    let waID: String
    /// Every message to this user fails with this code (async `failed` status).
    let failCode: Int?
    /// False: messages stay `sent` (phone off).
    let deliver: Bool?
    /// False: never read; true: always read.
    let read: Bool?
    /// Delay between `delivered` and `read`.
    let readAfterMilliseconds: Int?

    enum CodingKeys: String, CodingKey {
        case waID = "wa_id", failCode = "fail_code", deliver, read, readAfterMilliseconds = "read_after_ms"
    }

    /// The failed status's error, titled from the catalogue.
    var failure: (code: Int, title: String, details: String)? {
        failCode.map { code in
            let reason = WhatsAppErrorCatalog.entry(for: code)?.reason ?? "Message failed"
            return (code, reason, reason + ".")
        }
    }
}
