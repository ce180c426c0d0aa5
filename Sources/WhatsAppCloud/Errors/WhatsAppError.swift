/// A failed Graph API call, with Meta's error fields and what the sender should do about it.
public struct WhatsAppError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the failure happened; `graph` means Meta answered with its error JSON.
    public enum Failure: String, Sendable, Hashable {
        /// Meta's error object was decoded.
        case graph
        /// The server answered with something that is not a Graph response (HTML, empty, truncated JSON).
        case malformedResponse
        /// The request could not be sent at all (connection refused, DNS, TLS) — nothing reached the server.
        case notSent
        /// The request was written, then the connection was lost or timed out before a full answer.
        case responseLost
        /// The request was refused locally before sending (e.g. callback data over 512 characters).
        case invalidRequest
    }

    public var failure: Failure
    public var httpStatus: Int?
    public var code: Int?
    public var subcode: Int?
    public var type: String?
    public var message: String
    public var details: String?
    public var fbtraceID: String?
    public var disposition: WhatsAppErrorDisposition

    /// Creates an error; the disposition defaults to the catalogue's verdict for `code`/`httpStatus`.
    public init(
        failure: Failure = .graph,
        httpStatus: Int? = nil,
        code: Int? = nil,
        subcode: Int? = nil,
        type: String? = nil,
        message: String,
        details: String? = nil,
        fbtraceID: String? = nil,
        disposition: WhatsAppErrorDisposition? = nil
    ) {
        self.failure = failure
        self.httpStatus = httpStatus
        self.code = code
        self.subcode = subcode
        self.type = type
        self.message = message
        self.details = details
        self.fbtraceID = fbtraceID
        self.disposition = disposition ?? WhatsAppErrorCatalog.disposition(code: code, httpStatus: httpStatus)
    }

    /// The human reason from the catalogue (or the message when the code is unknown).
    public var reason: String {
        code.flatMap { WhatsAppErrorCatalog.entry(for: $0)?.reason } ?? message
    }

    /// Which budget a throttling error concerns.
    public var throttleScope: WhatsAppThrottleScope? {
        code.flatMap { WhatsAppErrorCatalog.entry(for: $0)?.throttleScope }
    }

    public var description: String {
        var parts = ["WhatsAppError(\(failure.rawValue)", "disposition: \(disposition.rawValue)"]
        if let httpStatus { parts.append("http: \(httpStatus)") }
        if let code { parts.append("code: \(code)") }
        if let subcode { parts.append("subcode: \(subcode)") }
        parts.append("message: \(message)")
        if let fbtraceID { parts.append("fbtrace_id: \(fbtraceID)") }
        return parts.joined(separator: ", ") + ")"
    }
}
