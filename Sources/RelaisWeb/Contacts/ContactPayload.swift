import Foundation
import RelaisCore
import RelaisStore

/// A contact as the API shows it.
struct ContactPayload: Encodable {
    struct ConsentPayload: Encodable {
        let status: String
        let source: String?
        let at: Date?
        let evidence: String?
    }

    struct ConsentEventPayload: Encodable {
        let status: String
        let source: String?
        let evidence: String?
        let at: Date
    }

    let id: String
    let name: String
    let firstName: String?
    let lastName: String?
    let phone: String
    let email: String?
    let language: String?
    let country: String?
    let attributes: [String: String]
    let tags: [String]
    let consent: ConsentPayload
    let createdAt: Date
    let updatedAt: Date
    let lastInboundAt: Date?
    let lastOutboundAt: Date?
    let consentHistory: [ConsentEventPayload]?

    init(_ contact: Contact, history: [ConsentEvent]? = nil) {
        id = contact.id.uuidString.lowercased()
        name = contact.name
        firstName = contact.firstName
        lastName = contact.lastName
        phone = contact.phone
        email = contact.email
        language = contact.language
        country = contact.country
        attributes = contact.attributes
        tags = contact.tags
        consent = ConsentPayload(
            status: contact.consent.status.rawValue, source: contact.consent.source, at: contact.consent.at,
            evidence: contact.consent.evidence)
        createdAt = contact.createdAt
        updatedAt = contact.updatedAt
        lastInboundAt = contact.lastInboundAt
        lastOutboundAt = contact.lastOutboundAt
        consentHistory = history?.map { ConsentEventPayload(status: $0.status.rawValue, source: $0.source, evidence: $0.evidence, at: $0.at) }
    }
}

/// A tag as the API shows it.
struct TagPayload: Encodable {
    let id: String
    let name: String
    let contactCount: Int

    init(_ tag: Tag) {
        id = tag.id.uuidString.lowercased()
        name = tag.name
        contactCount = tag.contactCount
    }
}

/// A segment as the API shows it, with its live count.
struct SegmentPayload: Encodable {
    let id: String
    let name: String
    let filter: FilterPayload
    let count: Int
    let createdAt: Date
    let updatedAt: Date

    init(_ segment: Segment, count: Int) {
        id = segment.id.uuidString.lowercased()
        name = segment.name
        filter = FilterPayload(segment.filter)
        self.count = count
        createdAt = segment.createdAt
        updatedAt = segment.updatedAt
    }
}

/// A filter as JSON (only the keys set).
struct FilterPayload: Encodable {
    let tagsAny: [String]?
    let tagsAll: [String]?
    let tagsNone: [String]?
    let consent: String?
    let country: String?
    let attributes: [String: String]?
    let createdAfter: Date?
    let engagedWithinDays: Int?

    init(_ filter: ContactFilter) {
        tagsAny = filter.tagsAny
        tagsAll = filter.tagsAll
        tagsNone = filter.tagsNone
        consent = filter.consent?.rawValue
        country = filter.country
        attributes = filter.attributes
        createdAfter = filter.createdAfter
        engagedWithinDays = filter.engagedWithinDays
    }
}

/// An import's report: the contract's shape plus the file name and failure reason.
struct ContactImportPayload: Encodable {
    struct ErrorPayload: Encodable {
        let row: Int
        let reason: String
    }

    let id: String
    let state: String
    let fileName: String
    let rows: Int
    let created: Int
    let updated: Int
    let duplicates: Int
    let invalid: Int
    let errors: [ErrorPayload]
    let failureReason: String?
    let rejectedRowsUrl: String
    let createdAt: Date
    let finishedAt: Date?

    init(_ contactImport: ContactImport, rejections: [ImportRejection]) {
        id = contactImport.id.uuidString.lowercased()
        state = contactImport.state.rawValue
        fileName = contactImport.fileName
        rows = contactImport.rows
        created = contactImport.created
        updated = contactImport.updated
        duplicates = contactImport.duplicates
        invalid = contactImport.invalid
        errors = rejections.map { ErrorPayload(row: $0.row, reason: $0.reason) }
        failureReason = contactImport.failureReason
        rejectedRowsUrl = "/api/v1/contacts/imports/\(id)/rejected.csv"
        createdAt = contactImport.createdAt
        finishedAt = contactImport.finishedAt
    }
}
