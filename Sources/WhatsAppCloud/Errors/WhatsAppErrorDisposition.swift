/// What a sender should do after a failed call; the dispatcher switches on this, never on raw codes.
public enum WhatsAppErrorDisposition: String, Sendable, Hashable, CaseIterable {
    /// Transient server-side trouble: send the same request again later with exponential backoff.
    case retryAfterBackoff
    /// A rate limit (app, WABA, phone number or recipient pair): slow down and retry later.
    case throttled
    /// Final for this recipient/message: do not retry it.
    case permanentForRecipient
    /// Per-user marketing cap (131049): do not send marketing to this user again for 24 h.
    case marketingLimited
    /// Spam-rate or messaging-tier cap (131048): pause the number's marketing and back off for long.
    case messagingLimitReached
    /// The template is missing, unapproved, paused, disabled or its parameters do not fit: pause the campaign.
    case templateProblem
    /// The token is expired/invalid or lacks permission: pause the number and ask for a new token.
    case authProblem
    /// The business account is locked, restricted, unpaid or the number is not registered: pause the tenant.
    case accountProblem
    /// The request itself is malformed (our bug or bad data): fail the message, do not retry as is.
    case invalidRequest
    /// The request was written but no usable answer came back: Meta may or may not have accepted it.
    case uncertain
}
