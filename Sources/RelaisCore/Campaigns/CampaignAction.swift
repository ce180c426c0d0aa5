/// Something that asks a campaign to change state: a user's click or an event from the scheduler or the dispatcher.
public enum CampaignAction: String, Sendable, CaseIterable {
    /// A user sets (or changes) the time of the first occurrence.
    case schedule
    /// A user sends the campaign now.
    case launch
    /// The scheduler fires a due occurrence.
    case start
    /// A user (or a quality alert) halts sending for a while.
    case pause
    /// A user lets a paused campaign send again.
    case resume
    /// A user stops the campaign for good.
    case cancel
    /// The dispatcher finished the last run.
    case complete
    /// The dispatcher finished one run of a recurring campaign and another occurrence remains.
    case reschedule
    /// Sending cannot go on (the number was banned, the template was disabled…).
    case fail
}
