import Foundation
import RelaisCore
import RelaisStore

/// What the live script (`campaign-live.js`) needs besides the page itself: where to read the stats, and the words
/// it writes (state labels, rate, time left, waiting reasons) in the page's language, as data attributes.
struct CampaignLiveModel {
    let statsURL: String
    let state: String
    /// When the latest run started (RFC 3339), so the rate shown before the second poll matches the server's.
    let startedAt: String
    let stateLabels: String
    let waitingReasons: String
    let rateLabel: String
    let percentLabel: String
    let etaSeconds: String
    let etaMinutes: String
    let etaHours: String

    init(_ campaign: CampaignRecord, latest: CampaignRun?, localizer: Localizer, language: Language) {
        statsURL = "/api/v1/campaigns/\(campaign.id.uuidString.lowercased())/stats"
        state = campaign.state.rawValue
        startedAt = latest.map { ISO8601DateFormatter().string(from: $0.startedAt) } ?? ""
        stateLabels = Self.json(CampaignStateBadge.labels(localizer: localizer, language: language))
        waitingReasons = Self.json(DispatchReasonText.table(localizer: localizer, language: language))
        rateLabel = localizer.text("campaigns.progress.rate", language)
        percentLabel = localizer.text("campaigns.progress.percent", language)
        etaSeconds = localizer.text("campaigns.progress.eta_seconds", language)
        etaMinutes = localizer.text("campaigns.progress.eta_minutes", language)
        etaHours = localizer.text("campaigns.progress.eta_hours", language)
    }

    private static func json(_ value: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
