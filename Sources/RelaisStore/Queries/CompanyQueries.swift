import Foundation
import PostgresNIO
import RelaisCore

extension TenantConnection {
    /// Inserts the company of this transaction's tenant (signup). Changes: one `companies` row.
    public func insertCompany(name: String) async throws {
        try await run("INSERT INTO companies (tenant_id, name) VALUES (\(tenant.rawValue), \(name))")
    }

    /// Returns this tenant's company. Row-level security makes it the only visible row.
    public func company() async throws -> Company {
        let rows = try await run(
            """
            SELECT tenant_id, name, default_country, timezone, opt_out_keywords, message_retention_months, created_at FROM companies
            WHERE tenant_id = \(tenant.rawValue)
            """)
        for try await (id, name, country, timezone, keywords, retention, created) in rows.decode(
            (UUID, String, String, String, [String], Int, Date).self)
        {
            return Company(
                id: TenantID(id), name: name, defaultCountry: country, timezone: timezone, optOutKeywords: keywords,
                messageRetentionMonths: retention, createdAt: created)
        }
        throw StoreError.notFound
    }
}

extension TenantConnection {
    /// Changes the company's name, default country, time zone and opt-out keywords. Changes: the `companies` row.
    public func updateCompany(name: String, defaultCountry: String, timezone: String, optOutKeywords: [String]) async throws {
        try await run(
            """
            UPDATE companies SET name = \(name), default_country = \(defaultCountry), timezone = \(timezone),
                opt_out_keywords = \(optOutKeywords), updated_at = now()
            WHERE tenant_id = \(tenant.rawValue)
            """)
    }
}
