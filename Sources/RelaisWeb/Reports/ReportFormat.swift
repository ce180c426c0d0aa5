import Foundation
import RelaisCore
import RelaisReports

/// The words, numbers and dates of a report in the reader's language and the company's time zone: catalogue
/// texts, `12 345` / `12,345`, `42,5 %` / `42.5%`, `25/11/2026 14:05` / `Nov 25, 2026 2:05 PM`.
struct ReportFormat {
    let localizer: Localizer
    let language: Language
    let dates: DateFormats
    let numbers: NumberFormats
    /// Table cells: `25/11/2026 14:05` or `2026-11-25 14:05`, narrow enough for three time columns on A4.
    let compactDates: DateFormatter
    let timezone: String
    /// Each status's word, looked up once: a recipients table asks for one per row.
    let statusWords: [MessageStatus: String]
    /// Compact times by minute (their precision): a campaign's 100,000 recipients share a few hundred minutes, and
    /// DateFormatter took a sixth of a PDF export's time.
    private let compactCache = MinuteTexts()

    init(localizer: Localizer, language: Language, timezone: String) {
        self.localizer = localizer
        self.language = language
        self.timezone = timezone
        dates = DateFormats(language: language, timezone: timezone)
        numbers = NumberFormats(language: language)
        compactDates = DateFormatter()
        compactDates.locale = Locale(identifier: "en_US_POSIX")
        compactDates.timeZone = TimeZone(identifier: timezone) ?? .gmt
        compactDates.dateFormat = language == .fr ? "dd/MM/yyyy HH:mm" : "yyyy-MM-dd HH:mm"
        statusWords = Self.statusWords(localizer, language)
    }

    /// Each status's word in `language` (`analytics.status.<status>`), for tables that show one per row.
    static func statusWords(_ localizer: Localizer, _ language: Language) -> [MessageStatus: String] {
        Dictionary(uniqueKeysWithValues: MessageStatus.allCases.map { ($0, localizer.text("analytics.status.\($0.rawValue)", language)) })
    }

    /// A PDF text (`reports.pdf.<key>`).
    func t(_ key: String, _ values: [String: String] = [:]) -> String { localizer.text("reports.pdf.\(key)", language, values) }

    /// A column or figure label shared with the workbooks (`analytics.xlsx.<key>`).
    func label(_ key: String) -> String { localizer.text("analytics.xlsx.\(key)", language) }

    func status(_ status: MessageStatus) -> String { statusWords[status] ?? status.rawValue }

    func number(_ value: Int) -> String { numbers.integer(value) }

    /// A rate with one decimal, "—" when nothing was measured.
    func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        let text = String(format: "%.1f", value * 100)
        return language == .fr ? text.replacingOccurrences(of: ".", with: ",") + "\u{A0}%" : text + "%"
    }

    func money(_ value: Double, currency: String) -> String {
        let text = String(format: "%.2f", value)
        return language == .fr ? text.replacingOccurrences(of: ".", with: ",") + "\u{A0}" + currency : "\(currency) \(text)"
    }

    func dateTime(_ date: Date?) -> String { date.map(dates.dateTime) ?? "" }

    /// A time in a table cell (empty when the message never got there).
    func compact(_ date: Date?) -> String {
        guard let date else { return "" }
        return compactCache.text(minute: Int((date.timeIntervalSince1970 / 60).rounded(.down))) { compactDates.string(from: date) }
    }

    /// The generation time with the zone it is in, for the byline and footer: "02/12/2026 14:20 (Europe/Paris)".
    func generated(_ date: Date) -> String { "\(dates.dateTime(date)) (\(timezone))" }

    /// A local day as the language writes it: 25/11/2026 or 2026-11-25.
    func day(_ day: LocalDay) -> String {
        language == .fr ? String(format: "%02d/%02d/%04d", day.day, day.month, day.year) : day.description
    }

    func period(_ from: LocalDay, _ to: LocalDay) -> String { "\(day(from)) – \(day(to))" }

    /// What the charts need to label their axes and say when there is nothing to draw.
    var chart: ChartFormat {
        let language = language
        let french = language == .fr
        // A formatter per label: NumberFormatter is not Sendable, and a chart has a few dozen labels at most.
        return ChartFormat(
            number: { NumberFormats(language: language).formatter.string(from: NSNumber(value: $0)) ?? String($0) },
            percent: {
                let text = String(format: "%.1f", $0 * 100)
                return french ? text.replacingOccurrences(of: ".", with: ",") + "\u{A0}%" : text + "%"
            },
            emptyText: t("no_data"), valueHeader: label("value"), shareHeader: t("share"))
    }
}

/// Texts by minute, filled on demand (see `ReportFormat.compact`). An export uses its format from one task at a time;
/// the lock keeps a shared one safe all the same.
private final class MinuteTexts: @unchecked Sendable {
    private let lock = NSLock()
    private var texts: [Int: String] = [:]

    func text(minute: Int, _ make: () -> String) -> String {
        if let text = lock.withLock({ texts[minute] }) { return text }
        let text = make()
        lock.withLock { texts[minute] = text }
        return text
    }
}
