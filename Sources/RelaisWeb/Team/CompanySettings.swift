import Foundation
import RelaisCore
import RelaisStore

/// Changing a company's settings (name, default country for phone numbers, time zone, opt-out keywords, message retention).
enum CompanySettings {
    /// Retention is bounded: at least a month (campaign statistics need their messages for a while), at most ten years.
    static let retentionMonths = 1...120

    static func update(
        database: Database, identity: Identity, name: String?, defaultCountry: String?, timezone: String?, optOutKeywords: [String]?,
        messageRetentionMonths: Int? = nil, client: ClientInfo
    ) async throws -> Company {
        var issues = ValidationCollector()
        let current = identity.company
        let newName = name.map { PersonName.clean($0) } ?? current.name
        if newName.isEmpty { issues.add("name", "error.required") } else if newName.unicodeScalars.count > Signup.maximumNameLength { issues.add("name", "error.too_long") }
        let country = defaultCountry?.uppercased() ?? current.defaultCountry
        if !Locale.Region.isoRegions.contains(where: { $0.identifier == country }) { issues.add("default_country", "error.country.invalid") }
        let zone = timezone ?? current.timezone
        if zone.count > 64 || TimeZone(identifier: zone) == nil { issues.add("timezone", "error.timezone.invalid") }
        let keywords = optOutKeywords.map { $0.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } } ?? current.optOutKeywords
        if keywords.isEmpty || keywords.count > 50 || keywords.contains(where: { $0.isEmpty || $0.count > 30 }) {
            issues.add("opt_out_keywords", "error.opt_out_keywords")
        }
        if let months = messageRetentionMonths, !retentionMonths.contains(months) { issues.add("message_retention_months", "error.retention.range") }
        try issues.check()
        return try await database.withTenant(identity.tenant) { connection in
            try await connection.updateCompany(name: newName, defaultCountry: country, timezone: zone, optOutKeywords: keywords)
            if let months = messageRetentionMonths { try await connection.setMessageRetentionMonths(months) }
            let company = try await connection.company()
            try await connection.appendAudit(
                AuditRecord(
                    action: .companyUpdated, actor: identity.user.id, targetType: "company", targetID: identity.tenant.description,
                    ip: client.ip, requestID: client.requestID,
                    details: [
                        "name": newName, "default_country": country, "timezone": zone, "opt_out_keywords": keywords.joined(separator: ", "),
                        "message_retention_months": String(company.messageRetentionMonths),
                    ]))
            return company
        }
    }
}
