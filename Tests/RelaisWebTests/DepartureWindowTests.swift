@testable import RelaisDispatch
import Testing

/// The send loop's last guard on a number's rate: whatever instants the pacer gave and however late sends wake, no
/// second holds more departures than the window allows.
@Suite struct DepartureWindowTests {
    @Test func aFullSecondMakesTheNextSendWaitForItsOldestToAge() {
        let window = DepartureWindow(perSecond: 3)
        let start = ContinuousClock.now
        #expect(window.take(at: start) == nil)
        #expect(window.take(at: start + .milliseconds(100)) == nil)
        #expect(window.take(at: start + .milliseconds(200)) == nil)
        #expect(window.take(at: start + .milliseconds(300)) == start + .seconds(1))
        #expect(window.take(at: start + .milliseconds(1_000)) == nil)
        #expect(window.take(at: start + .milliseconds(1_050)) == start + .milliseconds(1_100))
    }

    @Test func bunchedLateSendsNeverPutMoreThanTheLimitInAnySecond() {
        var random = SplitMix(seed: 20_261_204)
        let limit = 78
        let window = DepartureWindow(throughput: limit + 3)
        let start = ContinuousClock.now
        var now = start
        var departed: [ContinuousClock.Instant] = []
        // Paced at 80 a second with bursts: every tenth send wakes late and the next five leave with it.
        for index in 0..<4_000 {
            now += index % 10 < 5 ? .milliseconds(Int.random(in: 0...2, using: &random)) : .milliseconds(Int.random(in: 12...30, using: &random))
            while let later = window.take(at: now) {
                #expect(later > now)
                now = later
            }
            departed.append(now)
        }
        var first = 0
        var busiest = 0
        for last in departed.indices {
            while departed[last] - departed[first] >= .seconds(1) { first += 1 }
            busiest = max(busiest, last - first + 1)
        }
        #expect(busiest == limit)
        // Offered faster than the limit, it still lets nearly the limit through: it holds sends back, not the rate.
        let elapsed = departed.last! - departed.first!
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        #expect(Double(departed.count - 1) / seconds > 0.95 * Double(limit))
    }
}

/// A deterministic generator (SplitMix64), so a failure replays the same departures.
private struct SplitMix: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
