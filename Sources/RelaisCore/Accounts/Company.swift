import Foundation

/// A tenant: the business that signed up, its settings and everything it owns.
public struct Company: Sendable, Equatable {
    public let id: TenantID
    public var name: String
    /// ISO 3166-1 alpha-2 region used to read national phone numbers.
    public var defaultCountry: String
    /// IANA time zone name used for schedules and reports.
    public var timezone: String
    /// Words that, sent alone to one of the company's numbers, opt the sender out of marketing.
    public var optOutKeywords: [String]
    /// Months after which its messages are anonymised (`message_retention_months`).
    public var messageRetentionMonths: Int
    public let createdAt: Date

    public init(
        id: TenantID, name: String, defaultCountry: String, timezone: String, optOutKeywords: [String], messageRetentionMonths: Int,
        createdAt: Date
    ) {
        self.id = id
        self.name = name
        self.defaultCountry = defaultCountry
        self.timezone = timezone
        self.optOutKeywords = optOutKeywords
        self.messageRetentionMonths = messageRetentionMonths
        self.createdAt = createdAt
    }
}
