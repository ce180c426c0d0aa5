import Foundation

/// Where a contact import stands. Stored as its raw value.
public enum ContactImportState: String, Sendable, Codable {
    /// Uploaded through the wizard; waits for the mapping and options to be confirmed.
    case draft
    case queued, running, completed, failed
}

/// What to do with a row whose number is already a contact.
public enum DuplicatePolicy: String, Sendable, Codable {
    case skip, update
}

/// The choices made when an import is started, kept with it so a resumed import behaves the same.
public struct ContactImportOptions: Sendable, Equatable, Codable {
    public var defaultCountry: String
    /// Column header → target (`name`, `phone`, `attribute:city`…); guessed when empty.
    public var mapping: [String: String]
    public var tags: [String]
    public var consent: ConsentStatus
    public var consentSource: String?
    public var onDuplicate: DuplicatePolicy
    /// Sheet name for XLSX; the first sheet when nil.
    public var sheet: String?

    public init(
        defaultCountry: String, mapping: [String: String], tags: [String], consent: ConsentStatus, consentSource: String?,
        onDuplicate: DuplicatePolicy, sheet: String?
    ) {
        self.defaultCountry = defaultCountry
        self.mapping = mapping
        self.tags = tags
        self.consent = consent
        self.consentSource = consentSource
        self.onDuplicate = onDuplicate
        self.sheet = sheet
    }
}

/// An import as its report shows it.
public struct ContactImport: Sendable, Equatable {
    public let id: UUID
    public var state: ContactImportState
    public var fileName: String
    public var filePath: String
    public var options: ContactImportOptions
    public var rows: Int
    public var created: Int
    public var updated: Int
    public var duplicates: Int
    public var invalid: Int
    public var checkpointRow: Int
    public var failureReason: String?
    public var createdAt: Date
    public var finishedAt: Date?

    public init(
        id: UUID, state: ContactImportState, fileName: String, filePath: String, options: ContactImportOptions, rows: Int,
        created: Int, updated: Int, duplicates: Int, invalid: Int, checkpointRow: Int, failureReason: String?, createdAt: Date,
        finishedAt: Date?
    ) {
        self.id = id
        self.state = state
        self.fileName = fileName
        self.filePath = filePath
        self.options = options
        self.rows = rows
        self.created = created
        self.updated = updated
        self.duplicates = duplicates
        self.invalid = invalid
        self.checkpointRow = checkpointRow
        self.failureReason = failureReason
        self.createdAt = createdAt
        self.finishedAt = finishedAt
    }
}

/// One refused row of an import: its number in the file, why, and its cells as read.
public struct ImportRejection: Sendable, Equatable {
    public let row: Int
    public let reason: String
    public let raw: String

    public init(row: Int, reason: String, raw: String) {
        self.row = row
        self.reason = reason
        self.raw = raw
    }
}
