import Foundation
import RelaisCore

/// The period selector of the dashboard: a GET form whose values stay in the URL, so a period can be bookmarked and
/// shared; a refused period keeps what the user typed and says why next to the dates.
struct PeriodFormModel {
    struct Preset {
        let value: String
        let label: String
        let selected: Bool
    }

    let presets: [Preset]
    let custom: Bool
    let from: String
    let to: String
    let error: String?
    /// The period shown, in words ("10/11/2026 – 11/11/2026").
    let range: String
    /// `period=…` or `from=…&to=…`, for the export links (the same figures as the page).
    let query: String

    init(period: ReportPeriod, typed: (from: String?, to: String?), error: String?, localizer: Localizer, language: Language) {
        let formats = AnalyticsFormats(language: language)
        presets = [ReportPeriod.Preset.today, .last7, .last30].map {
            Preset(value: $0.rawValue, label: localizer.text("analytics.period.\($0.rawValue)", language), selected: error == nil && period.preset == $0)
        }
        custom = error != nil || period.preset == .custom
        from = error == nil ? period.from.description : typed.from ?? ""
        to = error == nil ? period.to.description : typed.to ?? ""
        self.error = error
        range =
            period.from == period.to
            ? formats.day(period.from, withYear: true) : "\(formats.day(period.from, withYear: true)) – \(formats.day(period.to, withYear: true))"
        query = period.preset == .custom ? "from=\(period.from)&to=\(period.to)" : "period=\(period.preset.rawValue)"
    }
}
