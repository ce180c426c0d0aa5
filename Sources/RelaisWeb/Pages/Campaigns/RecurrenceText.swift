import Foundation
import RelaisCore

/// A recurrence in words: "Weekly, every 2 weeks · Monday, Wednesday · 4 sends" / "Quotidienne · jusqu'au 30/11/2026".
enum RecurrenceText {
    static func describe(_ recurrence: Recurrence, localizer: Localizer, language: Language) -> String {
        var parts = [localizer.text("campaigns.recurrence.\(recurrence.frequency.rawValue)", language)]
        if recurrence.interval > 1 {
            parts[0] +=
                ", " + localizer.text("campaigns.recurrence.every_\(recurrence.frequency.rawValue)", language, ["n": String(recurrence.interval)])
        }
        if recurrence.frequency == .weekly, let weekdays = recurrence.weekdays, !weekdays.isEmpty {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: language == .fr ? "fr_FR" : "en_US")
            let symbols: [String] = formatter.weekdaySymbols
            parts.append(weekdays.sorted().compactMap { symbols.indices.contains($0 % 7) ? symbols[$0 % 7] : nil }.joined(separator: ", "))
        }
        if recurrence.frequency == .monthly, let day = recurrence.monthDay {
            parts.append(localizer.text("campaigns.recurrence.month_day", language, ["day": String(day)]))
        }
        if let count = recurrence.count { parts.append(localizer.text("campaigns.recurrence.count", language, ["count": String(count)])) }
        if let until = recurrence.until {
            parts.append(localizer.text("campaigns.recurrence.until", language, ["date": day(until, language: language)]))
        }
        return parts.joined(separator: " · ")
    }

    /// A wall-clock day as the language writes it: `30/11/2026`, `Nov 30, 2026`.
    static func day(_ value: LocalDateTime, language: Language) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        guard let date = calendar.date(from: DateComponents(year: value.year, month: value.month, day: value.day)) else { return value.description }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: language == .fr ? "fr_FR" : "en_US")
        formatter.timeZone = .gmt
        formatter.dateFormat = language == .fr ? "dd/MM/yyyy" : "MMM d, yyyy"
        return formatter.string(from: date)
    }
}
