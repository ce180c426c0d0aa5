/// The one table mapping Meta error codes to a disposition and a human reason (reference, section 2).
///
/// Everything that decides on a Meta code reads this table, so a policy change is a one-line data edit.
public enum WhatsAppErrorCatalog {
    /// One row of the table.
    public struct Entry: Sendable, Hashable {
        public let codes: ClosedRange<Int>
        public let disposition: WhatsAppErrorDisposition
        public let reason: String
        public let throttleScope: WhatsAppThrottleScope?

        init(_ codes: ClosedRange<Int>, _ disposition: WhatsAppErrorDisposition, _ reason: String, scope: WhatsAppThrottleScope? = nil) {
            self.codes = codes
            self.disposition = disposition
            self.reason = reason
            self.throttleScope = scope
        }

        init(_ code: Int, _ disposition: WhatsAppErrorDisposition, _ reason: String, scope: WhatsAppThrottleScope? = nil) {
            self.init(code...code, disposition, reason, scope: scope)
        }
    }

    /// Codes from the reference's error table; ranges are listed after single codes they overlap.
    public static let entries: [Entry] = [
        Entry(0, .authProblem, "Access token could not be validated; re-authenticate"),
        Entry(1, .retryAfterBackoff, "Unknown API error; back off a few times, then give up"),
        Entry(2, .retryAfterBackoff, "Temporary downtime or overload"),
        Entry(3, .authProblem, "Capability or permission missing"),
        Entry(4, .throttled, "App reached its API call rate limit", scope: .app),
        Entry(10, .authProblem, "Permission denied, not granted or removed"),
        Entry(100, .invalidRequest, "Invalid parameter or non-existent object"),
        Entry(190, .authProblem, "Access token expired or invalid"),
        Entry(200...299, .authProblem, "API permission missing"),
        Entry(368, .accountProblem, "Temporarily blocked for policy violations"),
        Entry(80007, .throttled, "WhatsApp Business Account reached its rate limit", scope: .businessAccount),
        Entry(130429, .throttled, "Cloud API throughput reached for this phone number", scope: .phoneNumber),
        Entry(130472, .permanentForRecipient, "Recipient is part of a Meta experiment; not sent"),
        Entry(131000, .retryAfterBackoff, "Something went wrong; retry a few times"),
        Entry(131005, .authProblem, "Access denied"),
        Entry(131008, .invalidRequest, "Required parameter missing"),
        Entry(131009, .invalidRequest, "Parameter value not valid"),
        Entry(131016, .retryAfterBackoff, "Service temporarily unavailable"),
        Entry(131021, .permanentForRecipient, "Recipient is the sender's own number"),
        Entry(131026, .permanentForRecipient, "Message undeliverable (not a WhatsApp user, old app, terms not accepted)"),
        Entry(131030, .permanentForRecipient, "Recipient not in the allowed list of a test number"),
        Entry(131031, .accountProblem, "Business account locked or restricted"),
        Entry(131037, .accountProblem, "Display name not approved yet"),
        Entry(131042, .accountProblem, "Business eligibility: payment method problem"),
        Entry(131045, .accountProblem, "Phone number registration or certificate error"),
        Entry(131047, .permanentForRecipient, "More than 24 h since the user's last message; send a template"),
        Entry(131048, .messagingLimitReached, "Spam rate or messaging limit reached for this number"),
        Entry(131049, .marketingLimited, "Not delivered to keep ecosystem engagement healthy; no marketing for 24 h"),
        Entry(131050, .permanentForRecipient, "User stopped marketing messages from this business"),
        Entry(131051, .permanentForRecipient, "Unsupported message type"),
        Entry(131052, .retryAfterBackoff, "Media download error"),
        Entry(131053, .permanentForRecipient, "Media upload error (link unreachable, bad type or too large)"),
        Entry(131056, .throttled, "Pair rate limit: too many messages to this recipient", scope: .recipient),
        Entry(131057, .retryAfterBackoff, "Number in maintenance mode; retry after about a minute"),
        Entry(131064, .accountProblem, "Messaging limit reduced for template categorisation violations"),
        Entry(132000, .templateProblem, "Template parameter count mismatch"),
        Entry(132001, .templateProblem, "Template name/language does not exist or is not approved"),
        Entry(132005, .templateProblem, "Hydrated template text too long"),
        Entry(132007, .templateProblem, "Template format character policy violated"),
        Entry(132012, .templateProblem, "Template parameter format mismatch"),
        Entry(132015, .templateProblem, "Template paused for low quality"),
        Entry(132016, .templateProblem, "Template disabled"),
        Entry(132068, .templateProblem, "Flow blocked"),
        Entry(132069, .templateProblem, "Flow throttled"),
        Entry(133010, .accountProblem, "Phone number not registered on Cloud API"),
        Entry(133016, .retryAfterBackoff, "Too many register/deregister attempts"),
        Entry(135000, .permanentForRecipient, "Generic user error"),
        Entry(137000, .permanentForRecipient, "Identity key hash mismatch"),
        Entry(2_388_000...2_388_999, .templateProblem, "Template creation rejected"),
    ]

    /// The row for `code`, if the reference knows it.
    public static func entry(for code: Int) -> Entry? {
        entries.first { $0.codes.contains(code) }
    }

    /// The disposition for a Graph error: the table decides on `code`; the HTTP status only breaks ties for unknown codes.
    public static func disposition(code: Int?, httpStatus: Int?, isTransient: Bool = false) -> WhatsAppErrorDisposition {
        if let code, let entry = entry(for: code) { return entry.disposition }
        if isTransient { return .retryAfterBackoff }
        switch httpStatus ?? 0 {
        case 401, 403: return .authProblem
        case 429: return .throttled
        case 500...599: return .retryAfterBackoff
        default: return .permanentForRecipient
        }
    }
}
