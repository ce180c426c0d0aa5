import Foundation
import RelaisCore
import RelaisReports

/// Numbers, rates, money and days as the analytics pages write them in the user's language: French `12 345,6`,
/// `57,1 %`, `25/11/2026`; English `12,345.6`, `57.1%`, `Nov 25, 2026`. Format styles are Sendable, so the same
/// values feed the charts' `ChartFormat` closures.
struct AnalyticsFormats: Sendable {
    let language: Language
    let locale: Locale
    /// The locale's thousands separator as ICU writes it (French: a narrow no-break space), read once per page.
    private let grouping: String

    /// Shown for a rate or change with nothing to divide by.
    static let none = "—"

    init(language: Language) {
        self.language = language
        self.locale = Locale(identifier: language == .fr ? "fr_FR" : "en_US")
        grouping = String(1234.formatted(.number.locale(locale)).dropFirst().dropLast(3))
    }

    func integer(_ value: Int) -> String {
        value >= 0 ? grouped(UInt64(value)) : value.formatted(.number.locale(locale))
    }

    /// Whole non-negative numbers (most of a chart's figures: counts, axis ticks) are grouped here, as ICU would
    /// group them; a format style call per figure was a tenth of the dashboard's server time.
    func number(_ value: Double) -> String {
        guard value.isFinite else { return Self.none }
        if value >= 0, value < 1e15, value == value.rounded(), value.sign == .plus { return grouped(UInt64(value)) }
        return value.formatted(.number.precision(.fractionLength(0...1)).locale(locale))
    }

    private func grouped(_ value: UInt64) -> String {
        let digits = Array(String(value))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text += grouping }
            text.append(digit)
        }
        return text
    }

    /// 0.5714 → "57,1 %" / "57.1%"; nil or NaN → "—".
    func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return Self.none }
        return value.formatted(.percent.precision(.fractionLength(0...1)).locale(locale))
    }

    func money(_ value: Double, currency: String) -> String {
        (value.isFinite ? value : 0).formatted(.currency(code: currency).locale(locale))
    }

    /// A day of a chart axis: "25/11" / "Nov 25", with the year when the period spans several years.
    func day(_ day: LocalDay, withYear: Bool = false) -> String {
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        switch language {
        case .fr: return "\(pad(day.day))/\(pad(day.month))" + (withYear ? "/\(day.year)" : "")
        case .en: return "\(Self.months[(day.month - 1 + 12) % 12]) \(day.day)" + (withYear ? ", \(day.year)" : "")
        }
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// A count's relative change against the previous period ("+25 %"), and its tone: up, down or flat; "—" when
    /// the previous period had nothing (a change from zero is not a percentage).
    func change(_ figure: ChangeFigure) -> (text: String, tone: String) {
        guard let relative = figure.relative, relative.isFinite else { return (Self.none, "flat") }
        let text = relative.formatted(.percent.precision(.fractionLength(0...1)).sign(strategy: .always(includingZero: false)).locale(locale))
        return (text, relative > 0 ? "up" : relative < 0 ? "down" : "flat")
    }

    /// The charts' formatting, with their words from the catalogue.
    func chart(_ localizer: Localizer) -> ChartFormat {
        let formats = self
        return ChartFormat(
            number: { formats.number($0) }, percent: { formats.percent($0) }, emptyText: localizer.text("analytics.chart.empty", language),
            valueHeader: localizer.text("analytics.chart.value", language), shareHeader: localizer.text("analytics.chart.share", language),
            noValueText: Self.none)
    }
}
