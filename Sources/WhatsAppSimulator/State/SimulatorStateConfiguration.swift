/// The part of the configuration the locked state needs (no closures).
struct SimulatorStateConfiguration: Sendable {
    var seed: UInt64
    var defaultBehavior: NumberBehavior
    var progression: StatusProgression
    var pairInterval: Duration
    var pairBurst: Int
    var pairBurstWindow: Duration
    var throttleHTTPStatus: Int
    var templateApprovalDelay: Duration
    var shape: SimulatorConfiguration.WebhookShape
    var outOfOrderRate: Double
    var duplicateWebhookRate: Double
    var blockMarketingToUS: Bool
}
