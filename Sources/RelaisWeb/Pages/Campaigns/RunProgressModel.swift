import Foundation
import RelaisCore
import RelaisStore

/// A run's progress as the pages draw it: a stacked bar (an SVG the server sizes with attributes, since the CSP
/// allows no inline style) and the counts a marketer reads as a funnel.
///
/// The store counts each message once, at its latest status; the funnel is cumulative instead (a read message was
/// also sent and delivered), because "sent: 0" on a finished campaign would read as a failure.
struct RunProgressModel {
    /// One coloured part of the bar, in percent of the recipients.
    struct Segment {
        let key: String
        let x: String
        let width: String
    }

    /// One counter: its key (the live script's hook), label, value and, for the funnel, its share of recipients.
    struct Counter {
        let key: String
        let label: String
        let value: String
        let share: String?
    }

    let segments: [Segment]
    let percent: Int
    let percentText: String
    let recipients: String
    /// Sent, delivered, read, failed: the list page's line and the campaign page's main counters.
    let funnel: [Counter]
    /// Replies and opt-outs: what recipients did.
    let reactions: [Counter]
    /// Queued, sending, uncertain, skipped: where the rest stands.
    let pipeline: [Counter]
    /// Messages per second since the run started, and the time left at that pace (running runs only).
    let rate: String?
    let eta: String?

    /// The order of the bar's parts; the live script draws the same order (`campaign-live.js`).
    static let segmentOrder = ["read", "delivered", "sent", "failed", "uncertain", "skipped"]

    init(_ run: CampaignRun, localizer: Localizer, language: Language, now: Date = Date()) {
        let counters = run.counters
        let numbers = NumberFormats(language: language)
        let total = max(counters.recipients, 1)
        let parts = [counters.read, counters.delivered, counters.sent, counters.failed, counters.uncertain, counters.skipped]
        var offset = 0.0
        segments = zip(Self.segmentOrder, parts).map { key, count in
            let width = Double(count) * 100 / Double(total)
            defer { offset += width }
            return Segment(key: key, x: Self.decimal(offset), width: Self.decimal(width))
        }
        let left = counters.queued + counters.sending
        percent = counters.recipients == 0 ? 0 : Int((Double(counters.recipients - left) * 100 / Double(total)).rounded(.down))
        percentText = localizer.text("campaigns.progress.percent", language, ["percent": numbers.integer(percent)])
        recipients = numbers.integer(counters.recipients)
        func counter(_ key: String, _ value: Int, share: Bool) -> Counter {
            Counter(
                key: key, label: localizer.text("campaigns.stats.\(key)", language), value: numbers.integer(value),
                share: share && counters.recipients > 0 ? numbers.integer(Int((Double(value) * 100 / Double(total)).rounded())) + " %" : nil)
        }
        let sent = counters.sent + counters.delivered + counters.read
        funnel = [
            counter("sent", sent, share: true), counter("delivered", counters.delivered + counters.read, share: true),
            counter("read", counters.read, share: true), counter("failed", counters.failed, share: true),
        ]
        reactions = [counter("replied", counters.replied, share: true), counter("opted_out", counters.optedOut, share: true)]
        pipeline = [
            counter("queued", counters.queued, share: false), counter("sending", counters.sending, share: false),
            counter("uncertain", counters.uncertain, share: false), counter("skipped", counters.skipped, share: false),
        ]
        let attempted = sent + counters.failed + counters.uncertain
        let elapsed = now.timeIntervalSince(run.startedAt)
        if run.state == .running, attempted > 0, elapsed > 1 {
            let perSecond = Double(attempted) / elapsed
            let formatter = NumberFormatter()
            formatter.locale = Locale(identifier: language == .fr ? "fr_FR" : "en_US")
            formatter.maximumFractionDigits = 1
            rate = localizer.text(
                "campaigns.progress.rate", language, ["rate": formatter.string(from: NSNumber(value: perSecond)) ?? "\(perSecond)"])
            eta = left == 0 ? nil : Self.duration(Double(left) / perSecond, localizer: localizer, language: language)
        } else {
            rate = nil
            eta = nil
        }
    }

    /// "about 3 min", "about 1 h 20 min", "under a minute" — the same wording the live script uses.
    static func duration(_ seconds: Double, localizer: Localizer, language: Language) -> String {
        guard seconds >= 60 else { return localizer.text("campaigns.progress.eta_seconds", language) }
        let minutes = Int((seconds / 60).rounded(.up))
        guard minutes >= 60 else { return localizer.text("campaigns.progress.eta_minutes", language, ["minutes": String(minutes)]) }
        return localizer.text("campaigns.progress.eta_hours", language, ["hours": String(minutes / 60), "minutes": String(minutes % 60)])
    }

    /// A percentage for an SVG attribute: a dot whatever the language, two decimals.
    private static func decimal(_ value: Double) -> String { String(format: "%.2f", value) }
}
