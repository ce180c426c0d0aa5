/// The message statuses that have a fixed colour everywhere in the app (UI.md), named like the database values.
public enum MessageStatusPaint: String, Sendable, CaseIterable {
    case queued, sending, sent, delivered, read, failed, uncertain, skipped
    case optedOut = "opted_out"
    case replied
}
