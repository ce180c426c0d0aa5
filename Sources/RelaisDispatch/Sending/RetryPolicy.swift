import Foundation

/// When a failed send is tried again: exponential backoff with full jitter for transient failures (so a
/// thousand messages failing together do not come back together), fixed natural delays for rate limits.
struct RetryPolicy: Sendable {
    /// Attempts a message gets for transient failures before it fails for good.
    var maximumAttempts = 5
    var base: Duration = .seconds(1)
    var cap: Duration = .seconds(300)

    /// A random delay in [0, min(cap, base · 2^(attempt-1))].
    func backoff(attempt: Int, using generator: inout some RandomNumberGenerator) -> TimeInterval {
        let ceiling = min(Self.seconds(cap), Self.seconds(base) * pow(2, Double(max(attempt - 1, 0))))
        return Double.random(in: 0...ceiling, using: &generator)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
