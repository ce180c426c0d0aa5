import Foundation
import RelaisCore

/// Dates and numbers as the contact pages show them: French `25/11/2026 14:05` and `12 345`,
/// English `Nov 25, 2026 2:05 PM` and `12,345`, in the company's time zone.
struct ContactPageFormat {
    let dates: DateFormats
    let numbers: NumberFormats

    init(language: Language, timezone: String) {
        dates = DateFormats(language: language, timezone: timezone)
        numbers = NumberFormats(language: language)
    }

    func date(_ date: Date?) -> String { date.map(dates.dateTime) ?? "—" }

    func number(_ value: Int) -> String { numbers.integer(value) }
}

/// A consent status as a labelled badge (opted-out is purple everywhere, always with its text).
struct ConsentBadge {
    let label: String
    let css: String

    init(_ status: ConsentStatus, localizer: Localizer, language: Language) {
        label = localizer.text("contacts.consent_\(status.rawValue)", language)
        css = "badge-consent-\(status.rawValue.replacingOccurrences(of: "_", with: "-"))"
    }
}
