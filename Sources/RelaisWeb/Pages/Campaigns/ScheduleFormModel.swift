import Foundation
import RelaisCore

/// The schedule form as drawn: start, zone (the company's by default), recurrence with its end, and the send window.
struct ScheduleFormModel {
    struct Choice {
        let id: String
        let name: String
        let value: String
        let label: String
        let checked: Bool
    }

    let startAt: String
    let startError: String?
    let zones: [CampaignComposerModel.Option]
    let zoneError: String?
    let frequencies: [Choice]
    let interval: String
    let weekdays: [Choice]
    let monthDay: String
    let ends: [Choice]
    let count: String
    let until: String
    let recurrenceError: String?
    let windowStart: String
    let windowEnd: String
    let windowError: String?
    let errors: FormErrors

    init(_ form: ScheduleForm, companyZone: String, errors: FormErrors, localizer: Localizer, language: Language, now: Date = Date()) {
        startAt = form.startAt
        startError = errors.message("start_at")
        let identifiers = Set(CountryTimeZones.identifiers.values).union([companyZone, "UTC", form.timezone]).filter {
            TimeZone(identifier: $0) != nil
        }
        zones = identifiers.sorted().map { identifier in
            CampaignComposerModel.Option(value: identifier, label: Self.zoneLabel(identifier, now: now), selected: identifier == form.timezone)
        }
        zoneError = errors.message("timezone")
        frequencies = ["", "daily", "weekly", "monthly"].map { value in
            Choice(
                id: "frequency-\(value.isEmpty ? "once" : value)", name: "recurrence.frequency", value: value,
                label: localizer.text("campaigns.recurrence.\(value.isEmpty ? "once" : value)", language), checked: form.frequency == value)
        }
        interval = form.interval
        let locale = Locale(identifier: language == .fr ? "fr_FR" : "en_US")
        let formatter = DateFormatter()
        formatter.locale = locale
        let symbols: [String] = formatter.weekdaySymbols
        weekdays = (1...7).map { iso in
            // ISO numbers Monday 1 … Sunday 7; the formatter's list starts on Sunday.
            let symbol = symbols.indices.contains(iso % 7) ? symbols[iso % 7] : String(iso)
            return Choice(
                id: "weekday-\(iso)", name: "recurrence.weekdays.\(iso)", value: String(iso), label: symbol.capitalized(with: locale),
                checked: form.weekdays.contains(iso))
        }
        monthDay = form.monthDay
        ends = ["count", "until"].map {
            Choice(
                id: "end-\($0)", name: "recurrence.end", value: $0, label: localizer.text("campaigns.schedule.end_\($0)", language),
                checked: form.end == $0)
        }
        count = form.count
        until = form.until
        recurrenceError = errors.messages(under: "recurrence")
        windowStart = form.windowStart
        windowEnd = form.windowEnd
        windowError = errors.messages(under: "send_window")
        self.errors = errors
    }

    /// `Europe/Paris (UTC+01:00)`: the offset now, so people pick the zone they mean.
    static func zoneLabel(_ identifier: String, now: Date) -> String {
        let seconds = TimeZone(identifier: identifier)?.secondsFromGMT(for: now) ?? 0
        let sign = seconds < 0 ? "−" : "+"
        return "\(identifier) (UTC\(sign)" + String(format: "%02d:%02d", abs(seconds) / 3600, abs(seconds) % 3600 / 60) + ")"
    }

    /// Where each schedule issue is shown and how the summary names it.
    static func anchor(_ field: String) -> (id: String, labelKey: String) {
        switch field {
        case "start_at": ("schedule-start", "campaigns.schedule.start")
        case "timezone": ("schedule-zone", "campaigns.schedule.timezone")
        case let field where field.hasPrefix("send_window"): ("schedule-window-start", "campaigns.send_window")
        default: ("schedule-recurrence", "campaigns.schedule.recurrence")
        }
    }
}
