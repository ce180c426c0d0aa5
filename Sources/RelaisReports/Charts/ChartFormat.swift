/// Locale-dependent formatting the charts need; the web layer builds it from the user's language.
public struct ChartFormat: Sendable {
    /// 12345.6 → "12 345,6" (French) or "12,345.6" (English).
    public var number: @Sendable (Double) -> String
    /// 0.425 → "42,5 %" or "42.5%".
    public var percent: @Sendable (Double) -> String
    /// Shown instead of a chart without data: "Aucune donnée sur cette période" / "No data for this period".
    public var emptyText: String
    /// Column headers of the data tables (value, share of the total or of the first funnel step).
    public var valueHeader: String
    public var shareHeader: String
    /// A heat-map cell or funnel share without data.
    public var noValueText: String

    public init(
        number: @escaping @Sendable (Double) -> String, percent: @escaping @Sendable (Double) -> String, emptyText: String,
        valueHeader: String = "Value", shareHeader: String = "Share", noValueText: String = "–"
    ) {
        self.number = number
        self.percent = percent
        self.emptyText = emptyText
        self.valueHeader = valueHeader
        self.shareHeader = shareHeader
        self.noValueText = noValueText
    }

    /// English formatting, for tests and as a fallback: "12,345.6", "42.5%".
    public static let englishDefault = ChartFormat(
        number: { EnglishNumber.format($0) },
        percent: { EnglishNumber.format($0 * 100) + "%" },
        emptyText: "No data for this period")
}

/// A small English number formatter (comma groups, at most one decimal) that needs no Foundation locale data.
enum EnglishNumber {
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = Int64((abs(value) * 10).rounded())
        let whole = String(tenths / 10)
        var grouped = ""
        for (offset, digit) in whole.enumerated() {
            if offset > 0 && (whole.count - offset) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        let sign = value < 0 && tenths != 0 ? "-" : ""
        return sign + grouped + (tenths % 10 == 0 ? "" : ".\(tenths % 10)")
    }
}
