import Foundation

/// One row of the message rollup (`message_stats`): how many messages of one run and variant, sent in one local
/// hour, stand at one status with one error code and pricing category, and how many of them were replied to or
/// caused an opt-out. Every figure of the dashboard and the reports is folded from these.
public struct StatBucket: Sendable, Equatable {
    /// The local day and hour (0–23) the messages were sent in (or created in, before sending).
    public var day: LocalDay
    public var hour: Int
    public var campaignID: UUID?
    public var runID: UUID?
    public var variant: Int
    public var numberID: UUID
    public var status: MessageStatus
    public var errorCode: Int?
    public var pricing: String?
    public var messages: Int
    public var replied: Int
    public var optedOut: Int

    public init(
        day: LocalDay, hour: Int, campaignID: UUID?, runID: UUID?, variant: Int, numberID: UUID, status: MessageStatus, errorCode: Int?,
        pricing: String?, messages: Int, replied: Int, optedOut: Int
    ) {
        self.day = day
        self.hour = hour
        self.campaignID = campaignID
        self.runID = runID
        self.variant = variant
        self.numberID = numberID
        self.status = status
        self.errorCode = errorCode
        self.pricing = pricing
        self.messages = messages
        self.replied = replied
        self.optedOut = optedOut
    }
}
