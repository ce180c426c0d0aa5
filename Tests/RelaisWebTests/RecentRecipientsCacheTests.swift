import Foundation
import Testing

@testable import RelaisWeb

/// The dashboard's tier usage is read once a minute per number, not on every view, and each number keeps its own.
@Suite struct RecentRecipientsCacheTests {
    @Test func aCountIsReusedWithinItsLifetimeThenReadAgain() async throws {
        let cache = RecentRecipientsCache(lifetime: .milliseconds(300))
        let (a, b) = (UUID(), UUID())
        var reads = 0
        #expect(try await cache.count(number: a) { reads += 1; return 10 } == 10)
        #expect(try await cache.count(number: a) { reads += 1; return 11 } == 10)
        #expect(try await cache.count(number: b) { reads += 1; return 20 } == 20)
        #expect(reads == 2)
        try await Task.sleep(for: .milliseconds(400))
        #expect(try await cache.count(number: a) { reads += 1; return 12 } == 12)
        #expect(reads == 3)
    }

    @Test func aFailedReadIsNotKept() async throws {
        let cache = RecentRecipientsCache()
        let number = UUID()
        await #expect(throws: CancellationError.self) { try await cache.count(number: number) { throw CancellationError() } }
        #expect(try await cache.count(number: number) { 7 } == 7)
    }
}
