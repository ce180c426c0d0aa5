import Foundation

/// Everything the dashboard, the campaign report and the exports show, folded in one pass from rollup rows: totals,
/// per day, per campaign, run, variant and number, failures by Meta code, the hour × weekday read grid and the
/// messages per pricing category. Pure and cheap (a period has hundreds of rollup rows, not millions of messages).
public struct DeliveryFigures: Sendable {
    public private(set) var totals = DeliveryTotals()
    public private(set) var byDay: [LocalDay: DeliveryTotals] = [:]
    public private(set) var byCampaign: [UUID: DeliveryTotals] = [:]
    public private(set) var byRun: [UUID: DeliveryTotals] = [:]
    public private(set) var byVariant: [Int: DeliveryTotals] = [:]
    public private(set) var byNumber: [UUID: DeliveryTotals] = [:]
    /// Failed messages per Meta error code (0 when the failure had no code).
    public private(set) var failures: [Int: Int] = [:]
    /// 7 × 24 cells, index `(isoWeekday - 1) * 24 + hour`, of the hour the messages were sent in.
    public private(set) var heat: [DeliveryTotals] = Array(repeating: DeliveryTotals(), count: 7 * 24)
    /// Messages that were not failed or skipped, per pricing category Meta reported (lower-cased).
    public private(set) var byPricing: [String: Int] = [:]

    /// Folds `buckets` (any order).
    public init(buckets: [StatBucket]) {
        for bucket in buckets { add(bucket) }
    }

    private mutating func add(_ bucket: StatBucket) {
        totals.add(bucket)
        byDay[bucket.day, default: DeliveryTotals()].add(bucket)
        if let campaign = bucket.campaignID { byCampaign[campaign, default: DeliveryTotals()].add(bucket) }
        if let run = bucket.runID { byRun[run, default: DeliveryTotals()].add(bucket) }
        byVariant[bucket.variant, default: DeliveryTotals()].add(bucket)
        byNumber[bucket.numberID, default: DeliveryTotals()].add(bucket)
        if bucket.status == .failed { failures[bucket.errorCode ?? 0, default: 0] += bucket.messages }
        if (0..<24).contains(bucket.hour) { heat[(bucket.day.isoWeekday - 1) * 24 + bucket.hour].add(bucket) }
        if let pricing = bucket.pricing, !pricing.isEmpty, bucket.status != .failed, bucket.status != .skipped {
            byPricing[pricing.lowercased(), default: 0] += bucket.messages
        }
    }

    /// The estimated cost of the messages Meta priced, at `rates`.
    public func estimatedCost(_ rates: CostRates) -> Double {
        byPricing.reduce(0) { $0 + rates.cost(category: $1.key, count: $1.value) }
    }

    /// The read rate of one heat-map cell (nil when nothing was delivered in it).
    public func readRate(isoWeekday: Int, hour: Int) -> Double? {
        heat[(isoWeekday - 1) * 24 + hour].readRate
    }

    /// Campaigns by messages sent, most first (ties by id, so the order is stable), at most `limit`.
    public func topCampaigns(limit: Int) -> [(campaign: UUID, totals: DeliveryTotals)] {
        byCampaign.sorted { ($0.value.sent, $1.key.uuidString) > ($1.value.sent, $0.key.uuidString) }.prefix(limit).map { ($0.key, $0.value) }
    }

    /// Failure codes, most frequent first.
    public var failureReasons: [(code: Int, count: Int)] {
        failures.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { ($0.key, $0.value) }
    }
}

/// A figure and how it moved against the previous period.
public struct ChangeFigure: Sendable, Equatable {
    public var current: Double?
    public var previous: Double?

    public init(current: Double?, previous: Double?) {
        self.current = current
        self.previous = previous
    }

    /// Relative change (0.25 = +25 %) for counts; nil when there is nothing to compare with.
    public var relative: Double? {
        guard let current, let previous, previous != 0 else { return nil }
        return (current - previous) / previous
    }

    /// Difference in points for rates (0.05 = +5 points); nil when either side is missing.
    public var difference: Double? {
        guard let current, let previous else { return nil }
        return current - previous
    }
}
