/// Where a campaign stands in its life. Stored as its raw value.
///
/// Changes only through `applying(_:)`, so every caller (web, scheduler, dispatcher) obeys the same transitions.
public enum CampaignState: String, Sendable, Codable, CaseIterable {
    case draft
    case scheduled
    case running
    case paused
    case completed
    case cancelled
    case failed

    /// Whether the content, audience and schedule may still be changed: nothing has been sent yet.
    public var isEditable: Bool {
        switch self {
        case .draft, .scheduled: true
        case .running, .paused, .completed, .cancelled, .failed: false
        }
    }

    /// Whether the campaign is over: no action leads anywhere from here.
    public var isFinal: Bool {
        switch self {
        case .completed, .cancelled, .failed: true
        case .draft, .scheduled, .running, .paused: false
        }
    }
}

extension CampaignState {
    /// The state after `action`, or a `CampaignTransitionError` when the action is not allowed from this state.
    ///
    /// Every allowed pair is listed; anything else is refused, so a new state or action stays forbidden until it is
    /// added here on purpose.
    public func applying(_ action: CampaignAction) throws(CampaignTransitionError) -> CampaignState {
        switch (self, action) {
        case (.draft, .schedule), (.scheduled, .schedule): return .scheduled
        case (.draft, .launch), (.scheduled, .launch): return .running
        case (.scheduled, .start): return .running
        case (.running, .pause): return .paused
        case (.paused, .resume): return .running
        case (.running, .complete): return .completed
        case (.running, .reschedule): return .scheduled
        case (.draft, .cancel), (.scheduled, .cancel), (.running, .cancel), (.paused, .cancel): return .cancelled
        case (.running, .fail), (.paused, .fail): return .failed
        default: throw CampaignTransitionError(from: self, action: action)
        }
    }
}
