import Foundation

/// A message template as Relais keeps it: Meta's status and the components in Meta's JSON.
public struct StoredTemplate: Sendable, Equatable {
    public let id: UUID
    public let numberID: UUID
    public let wabaID: String
    public var metaID: String?
    public let name: String
    public let language: String
    public var category: String
    /// `APPROVED`, `PENDING`, `REJECTED`, `PAUSED`, `DISABLED`…; only `APPROVED` templates can be sent.
    public var status: String
    public var statusReason: String?
    /// The components array in Meta's JSON format.
    public var componentsJSON: String
    public let createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, numberID: UUID, wabaID: String, metaID: String?, name: String, language: String, category: String, status: String,
        statusReason: String?, componentsJSON: String, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.numberID = numberID
        self.wabaID = wabaID
        self.metaID = metaID
        self.name = name
        self.language = language
        self.category = category
        self.status = status
        self.statusReason = statusReason
        self.componentsJSON = componentsJSON
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
