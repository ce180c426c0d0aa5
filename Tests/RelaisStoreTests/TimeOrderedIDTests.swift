import Foundation
import PostgresNIO
import RelaisTestSupport
import Testing

/// `relais_uuid_v7()` (migration 0017): the ids it draws are RFC 9562 version 7, carry the time they were drawn at,
/// sort in the order they were drawn across milliseconds, and are still distinct within one.
@Suite struct TimeOrderedIDTests {
    @Test func idsAreVersionSevenTimeStampedOrderedAndDistinct() async throws {
        let endpoints = try await TestDatabase.shared.start()
        try await TestDatabase.withOwnerClient(endpoints) { client in
            let rows = try await client.query(
                """
                SELECT pg_sleep(0.002)::text, (extract(epoch FROM clock_timestamp()) * 1000)::bigint, relais_uuid_v7()::text
                FROM generate_series(1, 5)
                """)
            var drawn: [(id: String, millis: Int64)] = []
            for try await (_, millis, id) in rows.decode((String, Int64, String).self) { drawn.append((id, millis)) }
            #expect(drawn.count == 5)
            for (id, millis) in drawn {
                let hex = id.replacingOccurrences(of: "-", with: "")
                #expect(Array(hex)[12] == "7", "version nibble of \(id)")
                #expect("89ab".contains(Array(hex)[16]), "variant of \(id)")
                let stamped = try #require(Int64(String(hex.prefix(12)), radix: 16))
                #expect(abs(stamped - millis) <= 1, "\(id) says \(stamped), drawn at \(millis)")
            }
            #expect(drawn.map(\.id) == drawn.map(\.id).sorted(), "drawn 2 ms apart, the ids sort in drawing order")

            let burst = try await client.query("SELECT count(DISTINCT relais_uuid_v7()) FROM generate_series(1, 10000)")
            for try await count in burst.decode(Int.self) { #expect(count == 10_000) }
        }
    }
}
