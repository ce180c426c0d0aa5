import Foundation
import RelaisStore

/// One live update of a run, as `/api/v1/realtime` sends it: the shape of `/stats` plus the ids, the run's own
/// state and its sending rate. Every key is always present (null when unknown) so clients need no guards.
struct ProgressMessage: Encodable {
    let type = "campaign.progress"
    let campaignId: UUID
    let runId: UUID
    /// The campaign's state (`running`, `paused`, `completed`…), as `/stats` gives it.
    let state: String
    let runState: String
    let recipients: Int
    let byStatus: StatusCounts
    let replied: Int
    let optedOut: Int
    /// Messages per second that left the queue over the last few seconds; null until two counts are known,
    /// 0 once the run no longer runs.
    let rate: Double?
    let waitingReason: String?

    init(_ progress: RunProgress, rate: Double?) {
        let run = progress.run
        campaignId = run.campaignID
        runId = run.id
        state = progress.campaignState.rawValue
        runState = run.state.rawValue
        recipients = run.counters.recipients
        byStatus = StatusCounts(run.counters)
        replied = run.counters.replied
        optedOut = run.counters.optedOut
        self.rate = run.state == .running ? rate : 0
        waitingReason = run.waitingReason
    }

    enum CodingKeys: String, CodingKey {
        case type, campaignId, runId, state, runState, recipients, byStatus, replied, optedOut, rate, waitingReason
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(campaignId, forKey: .campaignId)
        try container.encode(runId, forKey: .runId)
        try container.encode(state, forKey: .state)
        try container.encode(runState, forKey: .runState)
        try container.encode(recipients, forKey: .recipients)
        try container.encode(byStatus, forKey: .byStatus)
        try container.encode(replied, forKey: .replied)
        try container.encode(optedOut, forKey: .optedOut)
        // `encode` rather than `encodeIfPresent`: nil is written as null.
        try container.encode(rate, forKey: .rate)
        try container.encode(waitingReason, forKey: .waitingReason)
    }

    /// The message as the text frame it travels in.
    var text: String {
        get throws { String(decoding: try JSONResponse.encoder.encode(self), as: UTF8.self) }
    }
}

extension RunCounters {
    /// Messages that left the queue for good (what the rate counts).
    var left: Int { sent + delivered + read + failed }
}
