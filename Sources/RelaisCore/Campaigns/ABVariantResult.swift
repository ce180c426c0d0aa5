/// How one variant of an A/B test did on the chosen metric: how many messages were measured and how many succeeded.
public struct ABVariantResult: Sendable, Equatable {
    /// Messages counted (e.g. delivered messages, for a read rate).
    public let trials: Int
    /// Messages that reached the goal (e.g. read).
    public let successes: Int

    public init(trials: Int, successes: Int) {
        self.trials = trials
        self.successes = successes
    }

    /// `successes / trials`, 0 when nothing was measured yet.
    public var rate: Double { trials > 0 ? Double(successes) / Double(trials) : 0 }
}
