import Foundation
import WhatsAppCloud

/// How the server must answer an accepted send.
enum SendFault: String, Sendable {
    case none, timeout, drop
}

/// The outcome of `POST /{phone-number-id}/messages`.
enum SendDecision: Sendable {
    case failure(GraphFailure)
    case readReceipt
    /// `messageStatus` is the template send's `accepted` or `held_for_quality_assessment`; nil for other types.
    case accepted(wamid: String, input: String, waID: String, messageStatus: String?, fault: SendFault, latency: Duration)
}

extension SimulatorState {
    /// Everything Meta decides synchronously for one send, in Meta's order: auth, faults, throughput, validation,
    /// pair rate, tier; then the ledger entry and the scheduled statuses.
    mutating func send(
        phoneNumberID: String, token: String?, apiMajorVersion: Int, decoded: Result<SendRequest, GraphFailure>,
        now: ContinuousClock.Instant, wallNow: Date
    ) -> SendDecision {
        let number: NumberIdentity
        let behavior: NumberBehavior
        switch authorize(token: token, objectID: phoneNumberID, method: "post") {
        case .failure(let failure): return .failure(failure)
        case .success(let owner):
            number = owner.identity
            behavior = owner.behavior
        }
        if behavior.accountState == .locked {
            return .failure(.template(131031, "Business Account locked", "The WhatsApp Business Account of this number has been locked."))
        }
        var fault = SendFault.none
        if behavior.errorRate5xx > 0 || behavior.timeoutRate > 0 || behavior.dropRate > 0 {
            let draw = Double.random(in: 0..<1, using: &random)
            if draw < behavior.errorRate5xx { return .failure(.serverError()) }
            if draw < behavior.errorRate5xx + behavior.timeoutRate {
                fault = .timeout
            } else if draw < behavior.errorRate5xx + behavior.timeoutRate + behavior.dropRate {
                fault = .drop
            }
        }
        guard numbers[phoneNumberID]!.bucket.take(now: now) else {
            if behavior.throughputErrorWebhook { events.insert(.throughputError(number), due: now) }
            return .failure(
                GraphFailure(
                    httpStatus: configuration.throttleHTTPStatus, code: 130429, subcode: 2_494_055, type: "OAuthException",
                    title: "Rate limit hit", details: "Cloud API message throughput has been reached."))
        }
        let request: SendRequest
        switch decoded {
        case .failure(let failure): return .failure(failure)
        case .success(let value): request = value
        }
        if request.status == "read" {
            return request.messageID == nil ? .failure(.missingParameter("Parameter 'message_id' is required")) : .readReceipt
        }
        let checked: CheckedSend
        switch check(request, number: number) {
        case .failure(let failure): return .failure(failure)
        case .success(let result): checked = result
        }
        let waID = checked.waID
        if let allowed = behavior.allowedRecipients, !allowed.contains(waID) {
            return .failure(
                .template(131030, "Recipient phone number not in allowed list", "Add recipient phone number to recipient list and try again."))
        }
        if behavior.accountState == .restricted, checked.template != nil {
            return .failure(
                GraphFailure(
                    httpStatus: 400, code: 368, subcode: 1_404_078, type: "OAuthException", title: "Temporarily blocked for policies violations",
                    details: "Business-initiated messaging of this account is restricted for violating WhatsApp Business policies."))
        }
        let pairAllowed = numbers[phoneNumberID]!.pairs[waID, default: PairRateLimiter(now: now)].allow(
            now: now, interval: configuration.pairInterval, burst: configuration.pairBurst, burstWindow: configuration.pairBurstWindow)
        guard pairAllowed else {
            return .failure(
                GraphFailure(
                    httpStatus: configuration.throttleHTTPStatus, code: 131056, subcode: nil, type: "OAuthException",
                    title: "(Business Account, Consumer Account) pair rate limit hit",
                    details: "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time."))
        }
        let windowOpen = numbers[phoneNumberID]!.windowOpen(for: waID, now: wallNow)
        if checked.template != nil, !windowOpen, !numbers[phoneNumberID]!.admitToTier(waID, now: wallNow) {
            return .failure(
                .template(
                    131048, "Spam rate limit hit",
                    "Message failed to send: the messaging limit of this business (\(behavior.tierName)) is reached for new recipients in 24 hours."))
        }
        // Only a paced template pays for its key: most runs pace nothing.
        let templateKey = pacedTemplates.isEmpty ? nil : checked.template.map { Self.templateKey(name: $0.name, language: $0.language) }
        let held = templateKey.map { holdsPacedSend(wabaID: number.wabaID, key: $0, now: now) } ?? false
        let wamid = WamidMinter.wamid(phone: waID, businessSent: true, sequence: nextSequence(), random: random.next())
        appendLedger(
            LedgerEntry(
                id: wamid, phoneNumberID: phoneNumberID, to: checked.input, type: request.type ?? "", template: checked.template,
                text: request.text?.body, bizOpaqueCallbackData: request.bizOpaqueCallbackData,
                acceptedAt: wallNow.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)),
                fault: fault == .none ? nil : fault.rawValue))
        let send = AcceptedSend(
            number: number, wamid: wamid, ledgerPosition: ledger.count - 1, waID: waID, callbackData: request.bizOpaqueCallbackData,
            templateCategory: checked.templateCategory, outsideWindow: !windowOpen, apiMajorVersion: apiMajorVersion)
        if held, let templateKey {
            self.held[Self.heldKey(wabaID: number.wabaID, key: templateKey), default: []].append(send)
        } else {
            scheduleStatuses(send, failure: nil, now: now, wallNow: wallNow)
        }
        let latency: Duration =
            behavior.latencyMilliseconds.upperBound > 0
            ? .milliseconds(Int.random(in: behavior.latencyMilliseconds, using: &random)) : .zero
        let messageStatus = checked.template == nil ? nil : (held ? "held_for_quality_assessment" : "accepted")
        return .accepted(wamid: wamid, input: checked.input, waID: waID, messageStatus: messageStatus, fault: fault, latency: latency)
    }

    mutating func appendLedger(_ entry: LedgerEntry) {
        ledgerIndex[entry.phoneNumberID, default: []].append(ledger.count)
        ledger.append(entry)
        reportedStatuses.append([])
    }

    /// Schedules sent → delivered → read, or a failure: `forced` (a paused template's held sends), a scripted one,
    /// 131026 for recipients ending in 0000, 131050 after the user stopped marketing, 131047 outside the window.
    mutating func scheduleStatuses(
        _ send: AcceptedSend, failure forced: (code: Int, title: String, details: String)?, now: ContinuousClock.Instant, wallNow: Date
    ) {
        let (number, wamid, waID, templateCategory) = (send.number, send.wamid, send.waID, send.templateCategory)
        let progression = configuration.progression
        let isTemplate = templateCategory != nil
        var failure: (code: Int, title: String, details: String)?
        let script = recipientScripts[waID]
        if let forced {
            failure = forced
        } else if let scripted = script?.failure {
            failure = scripted
        } else if waID.hasSuffix("0000") {
            failure = (131026, "Message undeliverable", "Message Undeliverable.")
        } else if templateCategory == "marketing", numbers[number.phoneNumberID]?.marketingStopped.contains(waID) == true {
            failure = (
                131050, "Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.",
                "The user stopped marketing messages from this business."
            )
        } else if configuration.blockMarketingToUS, templateCategory == "marketing", waID.hasPrefix("1") {
            failure = (131049, "This message was not delivered to maintain healthy ecosystem engagement.", "Marketing messages to US numbers are not delivered.")
        } else if !isTemplate, send.outsideWindow {
            failure = (131047, "Re-engagement message", "Message failed to send because more than 24 hours have passed since the customer last replied to this number.")
        }
        var due = now + random.duration(in: progression.sentDelay)
        let base = wallNow.timeIntervalSince1970
        func event(_ status: String, at instant: ContinuousClock.Instant, pricing: Bool) -> ScheduledEvent {
            let offset = Double((instant - now).nanoseconds) / 1e9
            return .status(
                StatusEvent(
                    phoneNumberID: number.phoneNumberID, wabaID: number.wabaID, displayDigits: number.displayDigits, wamid: wamid,
                    ledgerPosition: send.ledgerPosition,
                    recipient: waID, status: status, timestamp: Int(base + offset), callbackData: send.callbackData,
                    error: status == "failed" ? failure : nil,
                    pricingCategory: pricing ? (templateCategory ?? "service") : nil,
                    includeConversation: send.apiMajorVersion < 24 && pricing))
        }
        if failure != nil {
            events.insert(event("failed", at: due, pricing: false), due: due)
            return
        }
        events.insert(event("sent", at: due, pricing: true), due: due)
        guard script?.deliver ?? random.chance(progression.deliveredProbability) else { return }
        let sentDue = due
        due = due + random.duration(in: progression.deliveredDelay)
        events.insert(event("delivered", at: due, pricing: true), due: due)
        guard script?.read ?? random.chance(progression.readProbability) else { return }
        var readDue = due + (script?.readAfterMilliseconds.map { .milliseconds($0) } ?? random.duration(in: progression.readDelay))
        // On demand, report read before delivered (receivers must rank statuses, not trust arrival order).
        if random.chance(configuration.outOfOrderRate) { readDue = sentDue + (due - sentDue) / 2 }
        events.insert(event("read", at: readDue, pricing: false), due: readDue)
    }
}
