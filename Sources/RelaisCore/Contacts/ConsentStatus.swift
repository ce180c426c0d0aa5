/// Whether a contact agreed to receive marketing messages. Stored as its raw value.
public enum ConsentStatus: String, Sendable, Codable, CaseIterable {
    case optedIn = "opted_in"
    case optedOut = "opted_out"
    case unknown
}
