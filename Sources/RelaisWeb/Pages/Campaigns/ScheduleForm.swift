import Foundation
import RelaisCore
import RelaisStore

/// The schedule form's values: posted, read back from a scheduled campaign, or the defaults (tomorrow 09:00 in the
/// company's zone). Field names follow the API's JSON (`start_at`, `recurrence.weekdays.3`, `send_window.start`).
struct ScheduleForm {
    var startAt = ""
    var timezone = ""
    /// Empty for a single send, else `daily`, `weekly` or `monthly`.
    var frequency = ""
    var interval = "1"
    var weekdays: [Int] = []
    var monthDay = ""
    /// `count` or `until`: how a recurrence ends.
    var end = "count"
    var count = "4"
    var until = ""
    var windowStart = ""
    var windowEnd = ""

    init(fields: [String: String]) {
        startAt = fields["start_at"] ?? ""
        timezone = fields["timezone"] ?? ""
        frequency = fields["recurrence.frequency"] ?? ""
        interval = fields["recurrence.interval"] ?? "1"
        weekdays = (1...7).filter { fields["recurrence.weekdays.\($0)"] != nil }
        monthDay = fields["recurrence.month_day"] ?? ""
        end = fields["recurrence.end"] ?? "count"
        count = fields["recurrence.count"] ?? ""
        until = fields["recurrence.until"] ?? ""
        windowStart = fields["send_window.start"] ?? ""
        windowEnd = fields["send_window.end"] ?? ""
    }

    /// The campaign's current schedule, or tomorrow at 09:00 in `timezone`.
    init(_ campaign: CampaignRecord, timezone companyZone: String, now: Date = Date()) {
        windowStart = campaign.sendWindow?.startText ?? ""
        windowEnd = campaign.sendWindow?.endText ?? ""
        guard let schedule = campaign.schedule else {
            timezone = companyZone
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: companyZone) ?? .gmt
            let tomorrow = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: 1, to: now) ?? now)
            startAt = String(format: "%04d-%02d-%02dT09:00", tomorrow.year ?? 2000, tomorrow.month ?? 1, tomorrow.day ?? 1)
            return
        }
        startAt = String(schedule.start.description.prefix(16))
        timezone = schedule.timeZone
        if let recurrence = schedule.recurrence {
            frequency = recurrence.frequency.rawValue
            interval = String(recurrence.interval)
            weekdays = recurrence.weekdays ?? []
            monthDay = recurrence.monthDay.map(String.init) ?? ""
            end = recurrence.count != nil ? "count" : "until"
            count = recurrence.count.map(String.init) ?? ""
            until = recurrence.until.map { String($0.description.prefix(10)) } ?? ""
        }
    }

    /// The API's schedule body. A number that does not parse is passed on as 0, so the domain's own check names the
    /// field (`recurrence.interval`…) instead of the page inventing a message.
    var body: ScheduleBody {
        let recurrence =
            frequency.isEmpty
            ? nil
            : ScheduleBody.RecurrenceBody(
                frequency: frequency, interval: Int(interval) ?? 0, weekdays: frequency == "weekly" && !weekdays.isEmpty ? weekdays : nil,
                monthDay: frequency == "monthly" && !monthDay.isEmpty ? Int(monthDay) ?? 0 : nil,
                until: end == "until" && !until.isEmpty ? until : nil, count: end == "count" && !count.isEmpty ? Int(count) ?? 0 : nil)
        let window = windowStart.isEmpty && windowEnd.isEmpty ? nil : CampaignBody.Window(start: windowStart, end: windowEnd)
        return ScheduleBody(startAt: startAt, timezone: timezone, recurrence: recurrence, sendWindow: window)
    }

    /// Both window times left blank: the campaign should have no send window.
    var clearsSendWindow: Bool { windowStart.isEmpty && windowEnd.isEmpty }
}
