/// Thrown when an action is not allowed in the campaign's current state (e.g. `resume` on a draft).
public struct CampaignTransitionError: Error, Sendable, Equatable {
    /// The state the campaign was in; it is left unchanged.
    public let from: CampaignState
    /// The action that was refused.
    public let action: CampaignAction

    public init(from: CampaignState, action: CampaignAction) {
        self.from = from
        self.action = action
    }
}
