import Foundation
import RelaisCore
import RelaisStore

/// One campaign (`/campaigns/{id}`): its message, audience and schedule, its state (with the reason when something
/// stopped it), the actions its state and the viewer's role allow, and the live progress of its latest run.
struct CampaignPageModel {
    /// Why the campaign is not doing what its state suggests, made prominent: held, paused, failed, cancelled.
    struct Notice {
        let tone: String
        let title: String
        let detail: String?
    }

    /// A line of a summary list: `label: value`.
    struct Line {
        let label: String
        let value: String
    }

    struct RunRow {
        let occurrence: String
        let started: String
        let finished: String?
        let state: String
        let recipients: String
        let delivered: String
        let read: String
        let failed: String
    }

    /// Everything the page is drawn from.
    struct Input {
        let campaign: CampaignRecord
        let runs: [CampaignRun]
        let number: ConnectedNumber?
        let template: StoredTemplate?
        /// The number's templates, for the A/B card's variant previews.
        let templates: [StoredTemplate]
        /// Live per-variant counts of the latest run while its A/B test is still running.
        let variantFigures: [Int: VariantFigures]
        let segmentNames: [UUID: String]
        let audienceCount: Int?
        let preview: CampaignService.PreviewPayload?
        let schedule: ScheduleForm
        let scheduleErrors: FormErrors
    }

    let id: String
    let name: String
    let badge: CampaignStateBadge
    let notice: Notice?
    let number: String
    let template: String
    let templateStatus: String?
    let bubble: CampaignBubble?
    let ab: ABResultsModel?
    let audience: [Line]
    let audienceCount: String?
    /// Nobody would receive it: said loudly before anyone presses Launch.
    let audienceEmpty: Bool
    let schedule: [Line]
    let progress: RunProgressModel?
    let waiting: String?
    let runs: [RunRow]
    let hasRuns: Bool
    let actions: CampaignActions
    let scheduleForm: ScheduleFormModel?
    let live: CampaignLiveModel

    init(_ input: Input, identity: Identity, localizer: Localizer, language: Language) {
        let campaign = input.campaign
        let dates = DateFormats(language: language, timezone: identity.company.timezone)
        let numbers = NumberFormats(language: language)
        id = campaign.id.uuidString.lowercased()
        name = campaign.name
        badge = CampaignStateBadge(campaign.state, held: campaign.held, localizer: localizer, language: language)
        notice = Self.notice(campaign, localizer: localizer, language: language)
        number = input.number.map { "\($0.displayPhoneNumber) — \($0.verifiedName)" } ?? "—"
        template = "\(campaign.content.templateName) (\(campaign.content.language))"
        templateStatus =
            input.template.flatMap {
                $0.status == "APPROVED" ? nil : localizer.text("campaigns.template_not_approved", language, ["status": $0.status])
            }
            ?? (input.template == nil ? localizer.text("error.campaign.template_unknown", language) : nil)
        bubble = input.preview.map { CampaignBubble($0, localizer: localizer, language: language) }
        ab = campaign.ab.map {
            ABResultsModel(
                ABResultsModel.Input(settings: $0, run: input.runs.first, templates: input.templates, figures: input.variantFigures), dates: dates,
                localizer: localizer, language: language)
        }
        audience = Self.audienceLines(campaign.audience, segmentNames: input.segmentNames, localizer: localizer, language: language)
        audienceCount = input.audienceCount.map {
            localizer.text($0 == 1 ? "campaigns.audience.count_one" : "campaigns.audience.count", language, ["count": numbers.integer($0)])
        }
        audienceEmpty = input.audienceCount == 0
        schedule = Self.scheduleLines(campaign, dates: dates, localizer: localizer, language: language)
        let latest = input.runs.first
        progress = latest.map { RunProgressModel($0, localizer: localizer, language: language) }
        waiting = latest?.waitingReason.map { DispatchReasonText.text($0, localizer: localizer, language: language) }
        runs = input.runs.map { run in
            RunRow(
                occurrence: "#\(run.occurrence + 1)", started: dates.dateTime(run.startedAt), finished: run.finishedAt.map(dates.dateTime),
                state: localizer.text("campaigns.run_state.\(run.state.rawValue)", language), recipients: numbers.integer(run.counters.recipients),
                delivered: numbers.integer(run.counters.delivered + run.counters.read), read: numbers.integer(run.counters.read),
                failed: numbers.integer(run.counters.failed))
        }
        hasRuns = !runs.isEmpty
        actions = CampaignActions(
            campaign, role: identity.user.role, recipients: input.audienceCount, localizer: localizer, language: language)
        scheduleForm =
            actions.canSchedule
            ? ScheduleFormModel(
                input.schedule, companyZone: identity.company.timezone, errors: input.scheduleErrors, localizer: localizer, language: language)
            : nil
        live = CampaignLiveModel(campaign, latest: latest, localizer: localizer, language: language)
    }

    static func notice(_ campaign: CampaignRecord, localizer: Localizer, language: Language) -> Notice? {
        let detail = campaign.stateReason.map { DispatchReasonText.text($0, localizer: localizer, language: language) }
        switch campaign.state {
        case .scheduled where campaign.held:
            return Notice(tone: "danger", title: localizer.text("campaigns.notice.held", language), detail: detail)
        case .paused: return Notice(tone: "warning", title: localizer.text("campaigns.notice.paused", language), detail: detail)
        case .failed: return Notice(tone: "danger", title: localizer.text("campaigns.notice.failed", language), detail: detail)
        case .cancelled: return Notice(tone: "info", title: localizer.text("campaigns.notice.cancelled", language), detail: detail)
        default: return nil
        }
    }

    static func audienceLines(_ audience: CampaignAudience, segmentNames: [UUID: String], localizer: Localizer, language: Language) -> [Line] {
        var lines: [Line] = []
        func add(_ key: String, _ values: [String]) {
            if !values.isEmpty {
                lines.append(Line(label: localizer.text("campaigns.audience.\(key)", language), value: values.joined(separator: ", ")))
            }
        }
        if audience.includesEveryone {
            lines.append(
                Line(label: localizer.text("campaigns.audience.who", language), value: localizer.text("campaigns.audience.everyone", language)))
        }
        add("tags_any", audience.tagsAny)
        add("tags_all", audience.tagsAll)
        add("segments", audience.segments.map { segmentNames[$0] ?? localizer.text("campaigns.audience.segment_deleted", language) })
        add("tags_none", audience.tagsNone)
        lines.append(
            Line(
                label: localizer.text("campaigns.audience.consent", language),
                value: localizer.text(
                    audience.includeUnknownConsent ? "campaigns.audience.consent_unknown_too" : "campaigns.audience.consent_opted_in", language)))
        return lines
    }

    static func scheduleLines(_ campaign: CampaignRecord, dates: DateFormats, localizer: Localizer, language: Language) -> [Line] {
        var lines: [Line] = []
        func add(_ key: String, _ value: String) { lines.append(Line(label: localizer.text("campaigns.schedule.\(key)", language), value: value)) }
        if let schedule = campaign.schedule {
            let local = DateFormats(language: language, timezone: schedule.timeZone)
            if let first = schedule.occurrence(0) { add("start", "\(local.dateTime(first)) (\(schedule.timeZone))") }
            if let recurrence = schedule.recurrence {
                add("recurrence", RecurrenceText.describe(recurrence, localizer: localizer, language: language))
            }
        }
        // A held campaign's next run is in the past and will not happen by itself: the notice says so instead.
        if campaign.state == .scheduled, !campaign.held, let next = campaign.nextRunAt {
            add("next_run", "\(dates.dateTime(next)) (\(dates.formatter.timeZone.identifier))")
        }
        if campaign.schedule == nil && campaign.state == .draft { add("when", localizer.text("campaigns.schedule.not_scheduled", language)) }
        let window = campaign.sendWindow.map { localizer.text("campaigns.send_window_value", language, ["start": $0.startText, "end": $0.endText]) }
        add("window", window ?? localizer.text("campaigns.send_window_none", language))
        return lines
    }
}
