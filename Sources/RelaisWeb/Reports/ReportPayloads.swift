import Foundation
import RelaisCore
import RelaisStore
import WhatsAppCloud

/// Counts and rates as the API writes them; a rate with nothing to divide by is `null`, never NaN.
struct TotalsPayload: Encodable {
    let messages, pending, sent, delivered, read, failed, skipped, replied, optedOut: Int
    let deliveryRate, readRate, replyRate, failureRate: Double?

    init(_ totals: DeliveryTotals) {
        (messages, pending, sent, delivered, read) = (totals.messages, totals.pending, totals.sent, totals.delivered, totals.read)
        (failed, skipped, replied, optedOut) = (totals.failed, totals.skipped, totals.replied, totals.optedOut)
        (deliveryRate, readRate, replyRate, failureRate) = (totals.deliveryRate, totals.readRate, totals.replyRate, totals.failureRate)
    }
}

/// One day of the messages-per-day chart: the day's messages by final status.
struct DayPayload: Encodable {
    let day: String
    let totals: TotalsPayload
}

/// A failure reason: Meta's code, how many, and what it means.
struct FailurePayload: Encodable {
    let code: Int?
    let count: Int
    let reason: String

    static func list(_ figures: DeliveryFigures) -> [FailurePayload] {
        figures.failureReasons.map {
            FailurePayload(code: $0.code == 0 ? nil : $0.code, count: $0.count, reason: MetaErrorText.english($0.code))
        }
    }
}

/// `GET /api/v1/reports/overview`: the period's figures, the previous period's, and the breakdowns.
struct OverviewPayload: Encodable {
    struct Period: Encodable {
        let from, to, preset, previousFrom, previousTo: String
        let days: Int
    }
    struct Cell: Encodable {
        let weekday, hour, delivered, read: Int
        let readRate: Double?
    }
    struct CampaignLine: Encodable {
        let id: UUID
        let name: String
        let totals: TotalsPayload
    }
    struct NumberLine: Encodable {
        let id: UUID
        let displayPhoneNumber, qualityRating, tier: String
        let tierLimit: Int?
        let recipientsLastDay: Int
        let tierUsage: Double?
    }

    let period: Period
    let totals: TotalsPayload
    let previous: TotalsPayload
    let estimatedCost: Double
    let previousEstimatedCost: Double
    let currency: String
    let days: [DayPayload]
    let heatMap: [Cell]
    let topCampaigns: [CampaignLine]
    let failures: [FailurePayload]
    let numbers: [NumberLine]

    init(_ report: OverviewReport) {
        let period = report.period
        self.period = Period(
            from: period.from.description, to: period.to.description, preset: period.preset.rawValue,
            previousFrom: period.previous.from.description, previousTo: period.previous.to.description, days: period.dayCount)
        let figures = report.figures
        totals = TotalsPayload(figures.totals)
        previous = TotalsPayload(report.previous.totals)
        estimatedCost = figures.estimatedCost(report.rates)
        previousEstimatedCost = report.previous.estimatedCost(report.rates)
        currency = report.rates.currency
        // A 10-year period lists days that have messages only; shorter ones list every day (zeros included).
        let days = period.dayCount <= 366 ? period.days : figures.byDay.keys.sorted()
        self.days = days.map { DayPayload(day: $0.description, totals: TotalsPayload(figures.byDay[$0] ?? DeliveryTotals())) }
        heatMap = (1...7).flatMap { weekday in
            (0..<24).compactMap { hour -> Cell? in
                let cell = figures.heat[(weekday - 1) * 24 + hour]
                guard cell.sent > 0 else { return nil }
                return Cell(weekday: weekday, hour: hour, delivered: cell.delivered, read: cell.read, readRate: cell.readRate)
            }
        }
        topCampaigns = figures.topCampaigns(limit: 10).map { CampaignLine(id: $0.campaign, name: report.name(of: $0.campaign), totals: TotalsPayload($0.totals)) }
        failures = FailurePayload.list(figures)
        numbers = report.numbers.map {
            NumberLine(
                id: $0.number.id, displayPhoneNumber: $0.number.displayPhoneNumber, qualityRating: $0.number.qualityRating, tier: $0.number.tier,
                tierLimit: $0.tierLimit, recipientsLastDay: $0.recipientsLastDay, tierUsage: $0.tierUsage)
        }
    }
}

/// `GET /api/v1/campaigns/{id}/report`: the campaign's figures, per run, per variant, per day, its failures.
struct CampaignReportPayload: Encodable {
    struct Run: Encodable {
        let id: UUID
        let occurrence: Int
        let state: String
        let startedAt: Date
        let finishedAt: Date?
        let totals: TotalsPayload
    }
    struct Variant: Encodable {
        let variant: Int
        let totals: TotalsPayload
    }
    struct Decision: Encodable {
        let leader: Int
        let significant: Bool
        let pValue, zScore, confidence: Double
    }

    let id: UUID
    let name: String
    let state: String
    let totals: TotalsPayload
    let estimatedCost: Double
    let currency: String
    let runs: [Run]
    let variants: [Variant]
    let comparison: Decision?
    let days: [DayPayload]
    let failures: [FailurePayload]

    init(_ report: CampaignReport) {
        id = report.campaign.id
        name = report.campaign.name
        state = report.campaign.state.rawValue
        totals = TotalsPayload(report.figures.totals)
        estimatedCost = report.figures.estimatedCost(report.rates)
        currency = report.rates.currency
        runs = report.runs.map {
            Run(
                id: $0.id, occurrence: $0.occurrence + 1, state: $0.state.rawValue, startedAt: $0.startedAt, finishedAt: $0.finishedAt,
                totals: TotalsPayload(report.figures.byRun[$0.id] ?? DeliveryTotals()))
        }
        let variants = report.variants
        self.variants = variants.map { Variant(variant: $0.variant, totals: TotalsPayload($0.totals)) }
        comparison = report.variantDecision.map {
            Decision(
                leader: variants[$0.winner].variant, significant: $0.reason == .significant, pValue: $0.pValue, zScore: $0.zScore,
                confidence: 1 - $0.pValue)
        }
        days = report.days.map { DayPayload(day: $0.description, totals: TotalsPayload(report.figures.byDay[$0] ?? DeliveryTotals())) }
        failures = FailurePayload.list(report.figures)
    }
}

/// One recipient of `GET /api/v1/campaigns/{id}/recipients`.
struct RecipientPayload: Encodable {
    let messageId: UUID
    let phone: String
    let name: String?
    let run: Int
    let variant: Int
    let status: String
    let sentAt, deliveredAt, readAt, failedAt, repliedAt, optedOutAt: Date?
    let errorCode: Int?
    let errorTitle: String?

    init(_ recipient: CampaignRecipient) {
        messageId = recipient.messageID
        phone = recipient.phone
        name = recipient.contactName
        run = recipient.occurrence + 1
        variant = recipient.variant
        status = recipient.status.rawValue
        (sentAt, deliveredAt, readAt, failedAt) = (recipient.sentAt, recipient.deliveredAt, recipient.readAt, recipient.failedAt)
        (repliedAt, optedOutAt) = (recipient.repliedAt, recipient.optedOutAt)
        (errorCode, errorTitle) = (recipient.errorCode, recipient.errorTitle)
    }
}
