import Foundation

/// What became due at one tick of the background loop.
struct DueWork: Sendable {
    var statuses: [StatusEvent] = []
    var deliveries: [WebhookDelivery] = []
    var reviewed: [(wabaID: String, template: SimulatedTemplate)] = []

    var isEmpty: Bool { statuses.isEmpty && deliveries.isEmpty && reviewed.isEmpty }
}

extension SimulatorState {
    /// Pops every due event; template reviews are applied here so the status flips under the lock.
    mutating func collectDue(now: ContinuousClock.Instant, limit: Int) -> DueWork {
        var work = DueWork()
        var taken = 0
        while taken < limit, let event = events.popDue(now: now) {
            taken += 1
            switch event {
            case .status(let status): work.statuses.append(status)
            case .delivery(let delivery): work.deliveries.append(delivery)
            case .templateReview(let wabaID, let key):
                if let template = reviewTemplate(wabaID: wabaID, key: key) { work.reviewed.append((wabaID, template)) }
            }
        }
        return work
    }

    /// Records an inbound user message: opens the 24 h window and returns its wamid for the webhook.
    mutating func receiveInbound(phoneNumberID: String, from: String, wallNow: Date) -> (SimulatedNumber, String)? {
        guard numbers[phoneNumberID] != nil else { return nil }
        numbers[phoneNumberID]!.lastInbound[from] = wallNow
        let wamid = WamidMinter.wamid(phone: from, businessSent: false, sequence: nextSequence(), random: random.next())
        return (numbers[phoneNumberID]!, wamid)
    }

    /// Keeps the last 1,000 webhook attempts for `GET /__sim/webhooks`.
    mutating func log(_ entry: WebhookLogEntry) {
        webhookLog.append(entry)
        if webhookLog.count > 2000 { webhookLog.removeFirst(webhookLog.count - 1000) }
    }
}
