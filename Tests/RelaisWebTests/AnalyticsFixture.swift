import Foundation
import PostgresNIO
import RelaisCore
import RelaisStore
import RelaisTestSupport
import Testing

/// A company in Europe/Paris with two campaigns whose ten messages get their statuses through the store's webhook
/// path (`applyStatuses`), out of order and twice where it matters. Figures computed by hand:
///
/// Campaign A (run A1, sent 2026-11-10 09:30 UTC = 10:30 in Paris, a Tuesday), variant 1: m1 delivered then read
/// (replied), m2 read then a late delivered (stays read), m3 delivered, m4 failed 131026 after sent; variant 2: m5
/// delivered then read (replied STOP: a reply and an opt-out), m6 and m7 delivered, m8 only sent. Campaign B (run B1, sent 2026-11-11 20:15 UTC
/// = 21:15, a Wednesday): m9 read twice, m10 failed 131049 then a late delivered (stays failed). Every non-failed
/// status of campaign A carries the pricing category `marketing`.
///
/// So over 10–11 November: 10 messages; final statuses read 4, delivered 3, sent 1, failed 2; reached sent 8,
/// delivered 7; delivery 7/8, read 4/7, reply 2/7, failure 2/10; 6 priced marketing messages.
struct AnalyticsFixture {
    let server: TestServer
    let admin: TestTenant
    let campaignA: UUID
    let campaignB: UUID
    /// Campaign A's only run.
    let runA: UUID
    let messages: [UUID]

    static let campaignAName = "Soldes d'hiver ❄️ — Noël à Besançon"

    static func make(on server: TestServer) async throws -> AnalyticsFixture {
        let admin = try await TestTenant.signUp(on: server, company: "Boulangerie Éclair")
        let number = try await server.request(.POST, "/api/v1/whatsapp/numbers/sandbox", token: admin.accessToken).json
        let numberID = try #require(UUID(uuidString: number["id"] as? String ?? ""))
        let tenant = try #require(UUID(uuidString: admin.companyID))
        let (campaignA, campaignB, runA, runB) = (UUID(), UUID(), UUID(), UUID())
        let messages = (0..<10).map { _ in UUID() }
        let callbacks = (0..<10).map { _ in UUID() }
        let owner = try await TestDatabase.shared.start().owner
        try await TestDatabase.withClient(owner) { client in
            try await client.query("UPDATE companies SET timezone = 'Europe/Paris' WHERE tenant_id = \(tenant)")
            for (campaign, run, name) in [(campaignA, runA, Self.campaignAName), (campaignB, runB, "Rentrée")] {
                try await client.query(
                    """
                    INSERT INTO campaigns (tenant_id, id, name, number_id, state, content)
                    VALUES (\(tenant), \(campaign), \(name), \(numberID), 'completed',
                            '{"templateName": "relais_promo", "language": "fr", "header": [], "body": [], "buttons": []}'::jsonb)
                    """)
                try await client.query(
                    """
                    INSERT INTO campaign_runs (tenant_id, id, campaign_id, number_id, occurrence, state)
                    VALUES (\(tenant), \(run), \(campaign), \(numberID), 0, 'completed')
                    """)
            }
            for index in 0..<10 {
                let inA = index < 8
                let sentAt = inA ? "2026-11-10T09:30:00Z" : "2026-11-11T20:15:00Z"
                try await client.query(
                    """
                    INSERT INTO outbound_messages (tenant_id, id, number_id, to_phone, status, callback_id, sent_at, created_at,
                                                   campaign_id, run_id, variant)
                    VALUES (\(tenant), \(messages[index]), \(numberID), \("+3361234560\(index)"), 'sent', \(callbacks[index]),
                            \(sentAt)::timestamptz, \(sentAt)::timestamptz - interval '1 minute', \(inA ? campaignA : campaignB),
                            \(inA ? runA : runB), \(inA ? (index < 4 ? 1 : 2) : 0))
                    """)
            }
        }
        let base = Date(timeIntervalSince1970: 1_794_303_000)  // after the sends
        func update(_ index: Int, _ status: MessageStatus, code: Int? = nil) -> StatusUpdate {
            StatusUpdate(
                callbackID: callbacks[index], wamid: "wamid.\(index)", status: status, at: base, errorCode: code,
                errorTitle: code.map { "error \($0)" }, pricingCategory: index < 8 && status != .failed ? "marketing" : nil)
        }
        let batches: [[StatusUpdate]] = [
            [update(0, .delivered), update(1, .read), update(2, .delivered), update(3, .failed, code: 131026)],
            [update(0, .read), update(1, .delivered), update(4, .delivered), update(5, .delivered), update(6, .delivered)],
            [update(4, .read), update(8, .read), update(9, .failed, code: 131049)],
            [update(8, .read), update(9, .delivered)],
        ]
        try await WebhookTests.withDatabase { database in
            for batch in batches {
                try await database.withTenant(TenantID(tenant)) { try await $0.applyStatuses(batch) }
            }
        }
        // A reply to m1 and an opt-out after m5, as the inbound path marks them.
        try await TestDatabase.withClient(owner) { client in
            try await client.query("UPDATE outbound_messages SET replied_at = now() WHERE tenant_id = \(tenant) AND id = \(messages[0])")
            try await client.query(
                "UPDATE outbound_messages SET replied_at = now(), opted_out_at = now() WHERE tenant_id = \(tenant) AND id = \(messages[4])")
        }
        return AnalyticsFixture(server: server, admin: admin, campaignA: campaignA, campaignB: campaignB, runA: runA, messages: messages)
    }
}
