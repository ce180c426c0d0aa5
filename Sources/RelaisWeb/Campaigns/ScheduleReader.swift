import Foundation
import RelaisCore

/// Reads a schedule body into the domain's schedule, turning each refusal into the field it concerns.
enum ScheduleReader {
    static func schedule(_ body: ScheduleBody, now: Date) throws -> CampaignSchedule {
        var recurrence: Recurrence?
        if let rule = body.recurrence {
            guard let frequency = Recurrence.Frequency(rawValue: rule.frequency) else {
                throw Problem.validation([ValidationIssue(field: "recurrence.frequency", code: "error.field.invalid")])
            }
            var until: LocalDateTime?
            if let text = rule.until {
                guard let parsed = LocalDateTime(parsing: text) ?? LocalDateTime(parsing: text + "T23:59:59") else {
                    throw Problem.validation([ValidationIssue(field: "recurrence.until", code: "error.field.invalid")])
                }
                until = parsed
            }
            recurrence = Recurrence(
                frequency: frequency, interval: rule.interval ?? 1, weekdays: rule.weekdays, monthDay: rule.monthDay, until: until, count: rule.count)
        }
        do {
            return try CampaignSchedule(startAt: body.startAt, timeZone: body.timezone, recurrence: recurrence, now: now)
        } catch {
            throw Problem.validation([issue(error)])
        }
    }

    static func window(_ body: CampaignBody.Window?) throws -> SendWindow? {
        guard let body else { return nil }
        guard let window = SendWindow(start: body.start, end: body.end) else {
            throw Problem.validation([ValidationIssue(field: "send_window", code: "error.campaign.send_window")])
        }
        return window
    }

    static func issue(_ error: ScheduleError) -> ValidationIssue {
        switch error {
        case .malformedStart: ValidationIssue(field: "start_at", code: "error.schedule.malformed_start")
        case .unknownTimeZone: ValidationIssue(field: "timezone", code: "error.schedule.unknown_timezone")
        case .startInPast: ValidationIssue(field: "start_at", code: "error.schedule.start_in_past")
        case .neverEnds: ValidationIssue(field: "recurrence", code: "error.schedule.never_ends")
        case .invalidRecurrence(let key): ValidationIssue(field: "recurrence.\(key)", code: "error.schedule.invalid_recurrence")
        }
    }
}
