import Foundation

/// A WhatsApp Business phone number a company connected, with what Meta says about it.
public struct ConnectedNumber: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        case connected
        /// Sending is paused, e.g. after Meta refused the token; `statusReason` says why.
        case paused
        case error
    }

    public let id: UUID
    public let phoneNumberID: String
    public let wabaID: String
    public var displayPhoneNumber: String
    public var verifiedName: String
    public var qualityRating: String
    /// Messages per second Meta allows this number.
    public var throughput: Int
    public var tier: String
    public var status: Status
    public var statusReason: String?
    public let sandbox: Bool
    public var verifiedAt: Date
    public let createdAt: Date

    public init(
        id: UUID, phoneNumberID: String, wabaID: String, displayPhoneNumber: String, verifiedName: String, qualityRating: String,
        throughput: Int, tier: String, status: Status, statusReason: String?, sandbox: Bool, verifiedAt: Date, createdAt: Date
    ) {
        self.id = id
        self.phoneNumberID = phoneNumberID
        self.wabaID = wabaID
        self.displayPhoneNumber = displayPhoneNumber
        self.verifiedName = verifiedName
        self.qualityRating = qualityRating
        self.throughput = throughput
        self.tier = tier
        self.status = status
        self.statusReason = statusReason
        self.sandbox = sandbox
        self.verifiedAt = verifiedAt
        self.createdAt = createdAt
    }
}
