import Foundation
import PostgresNIO
import RelaisCore

/// The outcome of walking one company's audit chain.
public struct AuditChainReport: Sendable, Equatable {
    public let tenant: TenantID
    /// Entries whose hash was recomputed and matched, in chain order, before any break.
    public let verified: Int64
    /// The first entry that breaks the chain (nil when the break is at the end, or there is none).
    public let brokenEntryID: Int64?
    /// What differs, when the chain is broken.
    public let problem: String?
    /// The hash of the last entry when intact, to note down outside the database.
    public let headHash: String?

    public var intact: Bool { problem == nil }
}

extension TenantConnection {
    /// Recomputes this company's whole audit chain in the database (`relais_audit_verify`, one snapshot).
    /// Reads every entry of the company once, in `(tenant_id, chain_seq)` index order; changes nothing.
    public func verifyAuditChain() async throws -> AuditChainReport {
        let rows = try await run("SELECT verified, broken_id, problem, head_hash FROM relais_audit_verify(\(tenant.rawValue))")
        for try await (verified, broken, problem, head) in rows.decode((Int64, Int64?, String?, String?).self) {
            return AuditChainReport(tenant: tenant, verified: verified, brokenEntryID: broken, problem: problem, headHash: head)
        }
        return AuditChainReport(tenant: tenant, verified: 0, brokenEntryID: nil, problem: "the verification returned nothing", headHash: nil)
    }
}

extension TenantlessConnection {
    /// Returns every company id, oldest company first, through `relais_all_tenants` (ids only: the
    /// operator commands then work inside each company's own transaction).
    public func allTenants() async throws -> [TenantID] {
        let rows = try await run("SELECT tenant_id FROM relais_all_tenants()")
        var tenants: [TenantID] = []
        for try await id in rows.decode(UUID.self) { tenants.append(TenantID(id)) }
        return tenants
    }
}
