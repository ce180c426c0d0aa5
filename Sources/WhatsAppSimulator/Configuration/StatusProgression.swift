/// Delays and probabilities of the asynchronous status progression sent → delivered → read.
public struct StatusProgression: Sendable {
    /// Delay from acceptance to `sent` (or to `failed`).
    public var sentDelay: ClosedRange<Duration>
    /// Delay from `sent` to `delivered`.
    public var deliveredDelay: ClosedRange<Duration>
    /// Delay from `delivered` to `read`.
    public var readDelay: ClosedRange<Duration>
    /// Probability a sent message is delivered (otherwise it stays `sent`, like a phone that is off).
    public var deliveredProbability: Double
    /// Probability a delivered message is read.
    public var readProbability: Double

    public init(
        sentDelay: ClosedRange<Duration> = .milliseconds(100)...(.milliseconds(2000)),
        deliveredDelay: ClosedRange<Duration> = .milliseconds(500)...(.milliseconds(5000)),
        readDelay: ClosedRange<Duration> = .seconds(2)...(.seconds(60)),
        deliveredProbability: Double = 0.97,
        readProbability: Double = 0.6
    ) {
        self.sentDelay = sentDelay
        self.deliveredDelay = deliveredDelay
        self.readDelay = readDelay
        self.deliveredProbability = deliveredProbability
        self.readProbability = readProbability
    }

    /// Near-instant progression for tests: everything within a few milliseconds, always delivered and read.
    public static let immediate = StatusProgression(
        sentDelay: .milliseconds(1)...(.milliseconds(5)), deliveredDelay: .milliseconds(1)...(.milliseconds(5)),
        readDelay: .milliseconds(1)...(.milliseconds(5)), deliveredProbability: 1, readProbability: 1)
}
