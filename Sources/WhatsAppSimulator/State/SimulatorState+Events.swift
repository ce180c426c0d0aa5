import Foundation

/// What became due at one tick of the background loop.
struct DueWork: Sendable {
    var statuses: [StatusEvent] = []
    var deliveries: [WebhookDelivery] = []
    /// Template status changes to announce: reviews, pauses (with the ladder's rung), ends of pauses.
    var templates: [TemplateChange] = []
    var throughputErrors: [NumberIdentity] = []
    /// Some WABA has its own callback URL: webhooks are built even without the app's URL.
    var hasCallbackOverrides = false

    var isEmpty: Bool { statuses.isEmpty && deliveries.isEmpty && templates.isEmpty && throughputErrors.isEmpty }
}

/// A template whose status changed, for its `message_template_status_update`.
struct TemplateChange: Sendable {
    let wabaID: String
    let template: SimulatedTemplate
    /// `FIRST_PAUSE` or `SECOND_PAUSE` when the change is a pause.
    var pauseTitle: String? = nil
}

extension SimulatorState {
    /// Pops every due event; template reviews are applied here so the status flips under the lock.
    mutating func collectDue(now: ContinuousClock.Instant, wallNow: Date, limit: Int) -> DueWork {
        var work = DueWork()
        work.hasCallbackOverrides = !callbackOverrides.isEmpty
        var taken = 0
        while taken < limit, let event = events.popDue(now: now) {
            taken += 1
            switch event {
            case .status(let status):
                if let reported = ReportedStatuses(status: status.status) { reportedStatuses[status.ledgerPosition].insert(reported) }
                work.statuses.append(status)
            case .delivery(let delivery): work.deliveries.append(delivery)
            case .templateReview(let wabaID, let key):
                if let template = reviewTemplate(wabaID: wabaID, key: key) { work.templates.append(TemplateChange(wabaID: wabaID, template: template)) }
            case .pacingDecision(let wabaID, let key):
                if let change = decidePacing(wabaID: wabaID, key: key, now: now, wallNow: wallNow) { work.templates.append(change) }
            case .pauseEnd(let wabaID, let key):
                if let template = endPause(wabaID: wabaID, key: key) { work.templates.append(TemplateChange(wabaID: wabaID, template: template)) }
            case .throughputError(let number): work.throughputErrors.append(number)
            }
        }
        return work
    }

    /// Records an inbound user message: opens the 24 h window and returns its wamid for the webhook.
    mutating func receiveInbound(phoneNumberID: String, from: String, wallNow: Date) -> (NumberIdentity, String)? {
        guard numbers[phoneNumberID] != nil else { return nil }
        numbers[phoneNumberID]!.lastInbound[from] = wallNow
        let wamid = WamidMinter.wamid(phone: from, businessSent: false, sequence: nextSequence(), random: random.next())
        return (numbers[phoneNumberID]!.identity, wamid)
    }

    /// Stores a media object a user sends (its bytes are made up: a few hundred deterministic bytes).
    mutating func storeInboundMedia(mimeType: String) -> (id: String, media: StoredMedia) {
        let id = mintMediaID()
        let media = StoredMedia(mimeType: mimeType, content: Array("simulated media \(id) \(random.next())".utf8))
        self.media[id] = media
        return (id, media)
    }

    /// Keeps the last 1,000 webhook attempts for `GET /__sim/webhooks`.
    mutating func log(_ entry: WebhookLogEntry) {
        webhookLog.append(entry)
        if webhookLog.count > 2000 { webhookLog.removeFirst(webhookLog.count - 1000) }
    }
}
