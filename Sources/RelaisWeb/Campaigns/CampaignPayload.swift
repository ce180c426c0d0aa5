import Foundation
import RelaisCore
import RelaisStore

/// A campaign as the API shows it.
struct CampaignPayload: Encodable {
    struct TemplateRef: Encodable {
        let name: String
        let language: String
    }

    struct Variables: Encodable {
        let header: [String]
        let body: [String]
        let buttons: [String]
    }

    struct Variant: Encodable {
        let variant: Int
        let template: TemplateRef
        let variables: Variables
    }

    struct AB: Encodable {
        let testShare: Double
        let metric: String
        let decisionHours: Double
        let confidence: Double
        let fallback: String
    }

    struct Schedule: Encodable {
        let startAt: String
        let timezone: String
        let recurrence: Recurrence?
    }

    let id: UUID
    let name: String
    let numberId: UUID
    let ownerId: UUID?
    let state: String
    let stateReason: String?
    let held: Bool
    let template: TemplateRef
    let variables: Variables
    let freeformText: String?
    let audience: CampaignAudience
    let variants: [Variant]?
    let ab: AB?
    let schedule: Schedule?
    let sendWindow: SendWindow?
    let nextRunAt: Date?
    let createdAt: Date
    let updatedAt: Date
    let latestRun: RunPayload?

    init(_ campaign: CampaignRecord, latestRun: CampaignRun?) {
        id = campaign.id
        name = campaign.name
        numberId = campaign.numberID
        ownerId = campaign.ownerID
        state = campaign.state.rawValue
        stateReason = campaign.stateReason
        held = campaign.held
        template = TemplateRef(name: campaign.content.templateName, language: campaign.content.language)
        variables = Self.variables(campaign.content)
        freeformText = campaign.content.freeformText
        audience = campaign.audience
        variants = campaign.ab?.variants.enumerated().map {
            Variant(variant: $0.offset + 1, template: TemplateRef(name: $0.element.templateName, language: $0.element.language), variables: Self.variables($0.element))
        }
        ab = campaign.ab.map {
            AB(testShare: $0.testShare, metric: $0.metric.rawValue, decisionHours: $0.decisionHours, confidence: $0.confidence, fallback: $0.fallback.rawValue)
        }
        schedule = campaign.schedule.map { Schedule(startAt: $0.start.description, timezone: $0.timeZone, recurrence: $0.recurrence) }
        sendWindow = campaign.sendWindow
        nextRunAt = campaign.nextRunAt
        createdAt = campaign.createdAt
        updatedAt = campaign.updatedAt
        self.latestRun = latestRun.map(RunPayload.init)
    }

    private static func variables(_ content: CampaignContent) -> Variables {
        Variables(header: content.header, body: content.body, buttons: content.buttons)
    }
}

/// Counts of a run's messages by status, as `/stats` and the live views give them.
struct StatusCounts: Encodable {
    let queued, sending, sent, delivered, read, failed, uncertain, skipped: Int

    init(_ counters: RunCounters) {
        queued = counters.queued
        sending = counters.sending
        sent = counters.sent
        delivered = counters.delivered
        read = counters.read
        failed = counters.failed
        uncertain = counters.uncertain
        skipped = counters.skipped
    }
}

/// One run of a campaign.
struct RunPayload: Encodable {
    let id: UUID
    let occurrence: Int
    let state: String
    let waitingReason: String?
    let recipients: Int
    let byStatus: StatusCounts
    let replied: Int
    let optedOut: Int
    let startedAt: Date
    let finishedAt: Date?
    let abStage: String?
    let abDecideAt: Date?
    let abWinner: Int?

    init(_ run: CampaignRun) {
        id = run.id
        occurrence = run.occurrence
        state = run.state.rawValue
        waitingReason = run.waitingReason
        recipients = run.counters.recipients
        byStatus = StatusCounts(run.counters)
        replied = run.counters.replied
        optedOut = run.counters.optedOut
        startedAt = run.startedAt
        finishedAt = run.finishedAt
        abStage = run.abStage
        abDecideAt = run.abDecideAt
        abWinner = run.abWinner
    }
}

/// `GET /api/v1/campaigns/{id}/stats`: the contract's shape, counts of the chosen run summing to `recipients`.
struct StatsPayload: Encodable {
    let state: String
    let runId: UUID?
    let recipients: Int
    let byStatus: StatusCounts
    let replied: Int
    let optedOut: Int
    let waitingReason: String?
}
