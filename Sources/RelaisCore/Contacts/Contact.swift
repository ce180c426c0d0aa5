import Foundation

/// A person a company can message: one E.164 number per company, with consent and attributes.
public struct Contact: Sendable, Equatable {
    public let id: UUID
    public var name: String
    public var firstName: String?
    public var lastName: String?
    /// E.164 (`+33612345678`).
    public var phone: String
    public var email: String?
    public var language: String?
    public var country: String?
    /// Free key → value pairs, usable as template variables.
    public var attributes: [String: String]
    public var tags: [String]
    public var consent: Consent
    public let createdAt: Date
    public var updatedAt: Date
    public var lastInboundAt: Date?
    public var lastOutboundAt: Date?

    /// The consent as it stands: status, where it came from and when.
    public struct Consent: Sendable, Equatable {
        public var status: ConsentStatus
        public var source: String?
        public var at: Date?
        public var evidence: String?

        public init(status: ConsentStatus, source: String?, at: Date?, evidence: String?) {
            self.status = status
            self.source = source
            self.at = at
            self.evidence = evidence
        }
    }

    public init(
        id: UUID, name: String, firstName: String?, lastName: String?, phone: String, email: String?, language: String?,
        country: String?, attributes: [String: String], tags: [String], consent: Consent, createdAt: Date, updatedAt: Date,
        lastInboundAt: Date?, lastOutboundAt: Date?
    ) {
        self.id = id
        self.name = name
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
        self.email = email
        self.language = language
        self.country = country
        self.attributes = attributes
        self.tags = tags
        self.consent = consent
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.lastInboundAt = lastInboundAt
        self.lastOutboundAt = lastOutboundAt
    }
}

/// One change of a contact's consent, as the contact page's history shows it.
public struct ConsentEvent: Sendable, Equatable {
    public let status: ConsentStatus
    public let source: String?
    public let evidence: String?
    public let at: Date

    public init(status: ConsentStatus, source: String?, evidence: String?, at: Date) {
        self.status = status
        self.source = source
        self.evidence = evidence
        self.at = at
    }
}
