import Foundation
import Logging
import PostgresNIO
import RelaisCore
import RelaisStore
import RelaisTestSupport
import Testing

/// A sent message's later statuses must stay heap-only updates (migration 0014): at campaign scale, an index entry
/// per status per index was the largest share of the database's work.
@Suite struct StatusUpdateHOTTests {
    let logger = Logger(label: "test")

    @Test func deliveredAndReadStatusesRewriteTheRowWithoutTouchingAnyIndex() async throws {
        let endpoints = try await TestDatabase.shared.start()
        try await TestDatabase.withClient(endpoints.application) { client in
            let database = Database(client: client, logger: logger)
            let tenant = TenantID.generate()
            let number = UUID()
            let callbacks = (0..<5).map { _ in UUID() }
            try await database.withTenant(tenant) { connection in
                try await connection.insertCompany(name: "HOT")
                try await connection.connection.query(
                    """
                    INSERT INTO whatsapp_numbers (tenant_id, id, phone_number_id, waba_id, display_phone_number, access_token_sealed)
                    VALUES (\(tenant.rawValue), \(number), '\(unescaped: String(Int.random(in: 1_000_000...9_999_999)))', '42', '+33 6 00 00 00 00', 'sealed')
                    """, logger: logger)
                for (index, callback) in callbacks.enumerated() {
                    try await connection.connection.query(
                        """
                        INSERT INTO outbound_messages (tenant_id, id, number_id, to_phone, status, callback_id, wamid, sent_at)
                        VALUES (\(tenant.rawValue), \(UUID()), \(number), \("+3361000\(index)"), 'sent', \(callback), \("wamid.hot\(index)"), now())
                        """, logger: logger)
                }
            }
            for status in [MessageStatus.delivered, .read] {
                let (updated, heapOnly) = try await database.withTenant(tenant) { connection in
                    // The backend's counters include its earlier transactions until they are flushed: compare the two sides.
                    let before = try await Self.updateCounts(connection)
                    let matched = try await connection.applyStatuses(
                        callbacks.enumerated().map { index, callback in
                            StatusUpdate(
                                callbackID: callback, wamid: "wamid.hot\(index)", status: status, at: Date(), errorCode: nil, errorTitle: nil,
                                pricingCategory: "marketing")
                        })
                    #expect(matched == callbacks.count)
                    let after = try await Self.updateCounts(connection)
                    return (after.updated - before.updated, after.heapOnly - before.heapOnly)
                }
                #expect(updated == callbacks.count, "\(status)")
                // Whether a new version fits on its page depends on what other tests wrote there and still see, so
                // not every update need be heap-only; with an indexed column changing, none would be.
                #expect(heapOnly > 0, "\(status): \(heapOnly) of \(updated) updates were heap-only")
            }
        }
    }

    /// What makes them heap-only, checked exactly: no index of the table reads a column that a status changes.
    @Test func noIndexReadsAColumnThatAStatusChanges() async throws {
        let endpoints = try await TestDatabase.shared.start()
        try await TestDatabase.withClient(endpoints.application) { client in
            let changed = ["status", "updated_at", "delivered_at", "read_at", "failed_at", "error_code", "error_title", "pricing_category"]
            let rows = try await client.query(
                """
                SELECT i.indexrelid::regclass::text, a.attname::text
                FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum > 0
                WHERE i.indrelid = 'outbound_messages'::regclass AND a.attname = ANY(\(changed)::text[])
                  AND (a.attnum = ANY(i.indkey)
                       OR coalesce(pg_get_expr(i.indpred, i.indrelid), '') ~ ('\\m' || a.attname || '\\M')
                       OR coalesce(pg_get_expr(i.indexprs, i.indrelid), '') ~ ('\\m' || a.attname || '\\M'))
                """)
            var offending: [String] = []
            for try await (index, column) in rows.decode((String, String).self) { offending.append("\(index) reads \(column)") }
            #expect(offending.isEmpty, "\(offending)")
            let indexes = try await client.query("SELECT count(*)::int FROM pg_index WHERE indrelid = 'outbound_messages'::regclass")
            for try await count in indexes.decode(Int.self) { #expect(count >= 10, "the check must see the table's indexes") }
        }
    }

    /// Row updates of `outbound_messages` this backend counted and has not flushed yet, and how many were heap-only.
    static func updateCounts(_ connection: TenantConnection) async throws -> (updated: Int, heapOnly: Int) {
        let rows = try await connection.connection.query(
            """
            SELECT pg_stat_get_xact_tuples_updated('outbound_messages'::regclass)::int,
                   pg_stat_get_xact_tuples_hot_updated('outbound_messages'::regclass)::int
            """, logger: Logger(label: "test"))
        var counts = (updated: 0, heapOnly: 0)
        for try await (updated, hot) in rows.decode((Int, Int).self) { counts = (updated, hot) }
        return counts
    }
}
