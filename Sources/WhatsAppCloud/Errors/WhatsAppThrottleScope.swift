/// Which budget a throttling error concerns, so the sender slows the right thing down.
public enum WhatsAppThrottleScope: String, Sendable, Hashable {
    case app
    case businessAccount
    case phoneNumber
    case recipient
}
