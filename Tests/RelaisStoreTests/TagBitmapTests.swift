import Foundation
import Logging
import PostgresNIO
import RelaisCore
@testable import RelaisStore
import RelaisTestSupport
import Testing

/// The tags' bitmaps (migration 0015) are a second copy of the membership, kept by triggers: after every kind of
/// change a contact's tags can go through, a count from the bitmaps must equal the count read from the contacts.
@Suite struct TagBitmapTests {
    let logger = Logger(label: "test")

    /// The filters compared: every, any and none, alone and combined, names in any case, an unknown name.
    static let filters: [(every: [String], any: [String], none: [String])] = [
        (["vip"], [], []), (["VIP", "news"], [], []), (["vip", "news", "paris"], [], []), (["vip", "nowhere"], [], []),
        ([], ["lyon", "Paris"], []), ([], ["nowhere"], []), ([], ["news", "nowhere"], []),
        (["vip"], [], ["news"]), (["vip"], ["paris", "lyon"], ["news"]), ([], ["vip", "news"], ["paris", "lyon"]),
        (["news"], [], ["nowhere"]), (["vip"], [], ["vip"]), (["Lyon"], ["news"], []),
    ]

    @Test func countsFromBitmapsEqualCountsFromContactsAfterEveryKindOfChange() async throws {
        let endpoints = try await TestDatabase.shared.start()
        try await TestDatabase.withClient(endpoints.application) { client in
            let database = Database(client: client, logger: logger)
            let (mine, theirs) = (TenantID.generate(), TenantID.generate())
            var random = SeededRandom(seed: 20_261_203)
            // Enough contacts to spread over several chunks of 8,192 numbers.
            let ids = try await database.withTenant(mine) { connection in
                try await connection.insertCompany(name: "Bitmaps")
                return try await insertContacts(20_000, prefix: "+3361", connection)
            }
            let theirIDs = try await database.withTenant(theirs) { connection in
                try await connection.insertCompany(name: "Other bitmaps")
                let ids = try await insertContacts(300, prefix: "+3362", connection)
                try await connection.addTags(["vip", "news", "Paris", "lyon"], toContacts: ids)
                return ids
            }
            try await database.withTenant(mine) { connection in
                try await connection.addTags(["vip"], toContacts: ids.filter { _ in random.chance(0.4) })
                try await connection.addTags(["Paris"], toContacts: ids.filter { _ in random.chance(0.3) })
                try await connection.addTags(["lyon"], toContacts: ids.filter { _ in random.chance(0.1) })
                var vips = ContactFilter()
                vips.tagsAll = ["vip"]
                // Added by filter, half of them a second time (nothing new: the bits are already set).
                _ = try await connection.addTags(["news"], to: ContactSelection(filter: vips))
                _ = try await connection.addTags(["news"], to: ContactSelection(ids: ids.filter { _ in random.chance(0.5) }))
            }
            // Fresh statistics, as autovacuum would gather them: planned for empty tables, the general count of two
            // tags probes every membership of every contact (7 s here instead of milliseconds).
            try await TestDatabase.withClient(endpoints.owner) { owner in
                try await owner.query("ANALYZE contacts, contact_tags, tags")
            }
            try await expectAgreement(database, mine, "after tagging")

            let removed = try await database.withTenant(mine) { connection in
                _ = try await connection.removeTags(["NEWS"], from: ContactSelection(ids: ids.filter { _ in random.chance(0.1) }))
                for id in ids.prefix(40) { try await connection.replaceTags(of: id, with: ["lyon", "vip"]) }
                let doomed = ids.filter { _ in random.chance(0.05) }
                #expect(try await connection.deleteContacts(ContactSelection(ids: doomed)) == doomed.count)
                for id in ids.suffix(3) where !doomed.contains(id) { #expect(try await connection.eraseContact(id)) }
                return doomed.count
            }
            #expect(removed > 0)
            try await expectAgreement(database, mine, "after untagging, replacing, deleting and erasing")

            // A transaction that rolls back leaves the bitmaps as they were.
            await #expect(throws: (any Error).self) {
                try await database.withTenant(mine) { connection in
                    try await connection.addTags(["nowhere"], toContacts: Array(ids.prefix(500)))
                    _ = try await connection.deleteContacts(ContactSelection(ids: Array(ids.dropFirst(500).prefix(500))))
                    throw CancellationError()
                }
            }
            try await expectAgreement(database, mine, "after a rolled-back change")

            try await database.withTenant(mine) { connection in
                let lyon = try #require(try await connection.tags().first { $0.name == "lyon" })
                #expect(try await connection.deleteTag(lyon.id) == "lyon")
                // Newer contacts get numbers in a new chunk.
                let late = try await insertContacts(9_000, prefix: "+3363", connection)
                try await connection.addTags(["vip", "lyon"], toContacts: late.filter { _ in random.chance(0.5) })
            }
            try await expectAgreement(database, mine, "after deleting a tag and adding contacts")

            // The other company's identical tags hold only its own contacts, and its bitmaps are its own.
            try await database.withTenant(theirs) { connection in
                #expect(try await connection.countTagged(every: ["vip", "news", "paris"], any: [], none: []) == theirIDs.count)
                let foreign = try await connection.connection.query(
                    "SELECT count(*)::int FROM tag_bitmaps WHERE tenant_id <> \(theirs.rawValue)", logger: logger)
                for try await count in foreign.decode(Int.self) { #expect(count == 0) }
            }
        }
    }

    /// Compares, for each filter, the bitmap count (which `countContacts` must use for it) with the count of the
    /// same filter read from the contacts (a condition true for all of them keeps it off the bitmaps).
    private func expectAgreement(_ database: Database, _ tenant: TenantID, _ moment: String) async throws {
        try await database.withTenant(tenant) { connection in
            var nonZero = 0
            for (every, any, none) in Self.filters {
                var filter = ContactFilter()
                (filter.tagsAll, filter.tagsAny, filter.tagsNone) = (every, any, none)
                let lowered = (every.map { $0.lowercased() }, any.map { $0.lowercased() }, none.map { $0.lowercased() })
                let fromBitmaps = try await connection.countTagged(every: lowered.0, any: lowered.1, none: lowered.2)
                #expect(try await connection.countContacts(ContactSelection(filter: filter)) == fromBitmaps, "\(moment): \(filter)")
                filter.createdAfter = Date(timeIntervalSince1970: 0)
                let fromContacts = try await connection.countContacts(ContactSelection(filter: filter))
                #expect(fromBitmaps == fromContacts, "\(moment): \(every) \(any) \(none)")
                if fromContacts > 0 { nonZero += 1 }
            }
            #expect(nonZero >= 8, "\(moment): most filters should match someone")
        }
    }

    private func insertContacts(_ count: Int, prefix: String, _ connection: TenantConnection) async throws -> [UUID] {
        let rows = try await connection.connection.query(
            """
            INSERT INTO contacts (tenant_id, name, phone)
            SELECT \(connection.tenant.rawValue), 'Contact ' || n, \(prefix) || lpad(n::text, 7, '0') FROM generate_series(1, \(count)) n
            RETURNING id
            """, logger: logger)
        var ids: [UUID] = []
        for try await id in rows.decode(UUID.self) { ids.append(id) }
        return ids
    }
}

/// A small deterministic generator, so a failure replays with the same memberships.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func chance(_ probability: Double) -> Bool {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) / Double(1 << 53) < probability
    }
}
