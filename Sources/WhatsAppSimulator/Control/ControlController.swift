import Foundation
import Hummingbird
import Synchronization

/// The control API under `/__sim/` (never part of the Graph surface): numbers, ledger, inbound injection, webhook log.
struct ControlController: Sendable {
    let store: SimulatorStore
    let builder: WebhookPayloadBuilder

    private struct CreatedNumber: Encodable {
        let phone_number_id: String
        let waba_id: String
        let access_token: String
        let display_phone_number: String
    }

    private struct InboundRequest: Decodable {
        struct Choice: Decodable {
            /// `button_reply` or `list_reply`.
            let type: String
            let id: String
            let title: String
            let description: String?
        }
        struct Media: Decodable {
            /// `image`, `video`, `audio`, `document` or `sticker`.
            let type: String
            let mime_type: String?
            let caption: String?
            let filename: String?
        }
        struct Reaction: Decodable {
            let message_id: String
            let emoji: String
        }
        let phone_number_id: String
        let from: String
        let text: String?
        let button_payload: String?
        let interactive: Choice?
        let media: Media?
        let reaction: Reaction?
        let context_message_id: String?
        let profile_name: String?
    }

    private struct UserPreferenceRequest: Decodable {
        let phone_number_id: String
        let wa_id: String
        /// `stop` or `resume`.
        let value: String
        let profile_name: String?
    }

    private struct AccountUpdateRequest: Decodable {
        let waba_id: String
        let event: String
        let ban_state: String?
        let restriction_type: String?
        let violation_type: String?
    }

    private struct PacingRequest: Decodable {
        let waba_id: String
        let name: String
        let language: String
        /// Sends that go out before Meta starts holding.
        let release_first: Int?
        /// `release` or `pause`.
        let outcome: String
        let decide_after_ms: Int?
    }

    private struct ClockRequest: Decodable {
        let advance_seconds: Double
    }

    private struct ClockState: Encodable {
        let now: Int
        let offset_seconds: Double
    }

    private struct MessageState: Encodable {
        let message: LedgerEntry
        let statuses: [String]
        let held: Bool
    }

    private struct SignupCodeRequest: Decodable {
        let phone_number_id: String
    }

    private struct TemplateStatusRequest: Decodable {
        let waba_id: String
        let name: String
        let language: String
        let status: String
    }

    private struct WebhookLog: Encodable {
        let data: [WebhookLogEntry]
    }

    func addRoutes(to router: Router<SimulatorRequestContext>) {
        let group = router.group("__sim")
        group.post("numbers") { request, context in try await createNumber(request, context: context) }
        group.patch("numbers/:id") { request, context in try await patchNumber(request, context: context) }
        group.get("messages") { request, _ in messages(request) }
        group.post("inbound") { request, context in try await inbound(request, context: context) }
        group.get("webhooks") { _, _ in JSONResponse.encode(WebhookLog(data: store.state.withLock { $0.webhookLog })) }
        group.post("templates/status") { request, context in try await templateStatus(request, context: context) }
        group.get("messages/:id") { _, context in messageState(context) }
        group.post("user_preferences") { request, context in try await userPreferences(request, context: context) }
        group.post("account_update") { request, context in try await accountUpdate(request, context: context) }
        group.post("templates/pacing") { request, context in try await pacing(request, context: context) }
        group.get("clock") { _, _ in clock() }
        group.post("clock") { request, context in
            guard let body = try await decode(ClockRequest.self, request, context), body.advance_seconds >= 0, body.advance_seconds.isFinite else {
                return JSONResponse.controlError("expected {advance_seconds ≥ 0}")
            }
            store.advanceClock(by: .milliseconds(Int64(body.advance_seconds * 1000)))
            return clock()
        }
        group.post("signup_codes") { request, context in
            guard let body = try await decode(SignupCodeRequest.self, request, context) else { return JSONResponse.controlError("expected {phone_number_id}") }
            guard let code = store.state.withLock({ $0.mintSignupCode(for: body.phone_number_id) }) else {
                return JSONResponse.controlError("unknown phone_number_id \(body.phone_number_id)", status: .notFound)
            }
            return JSONResponse.encode(["code": code])
        }
        group.post("recipients") { request, context in
            guard let script = try await decode(RecipientScript.self, request, context) else {
                return JSONResponse.controlError("expected {wa_id, fail_code?, deliver?, read?, read_after_ms?}")
            }
            store.state.withLock { $0.recipientScripts[SimulatorState.digits(script.waID)] = script }
            return JSONResponse.raw(#"{"success":true}"#)
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: SimulatorRequestContext) async throws -> T? {
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        if body.readableBytes == 0, let empty = try? JSONDecoder().decode(T.self, from: Data("{}".utf8)) { return empty }
        return try? JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
    }

    /// `POST /__sim/numbers`: a fresh number with its own WABA and token, no templates.
    func createNumber(_ request: Request, context: SimulatorRequestContext) async throws -> Response {
        guard let patch = try await decode(NumberPatch.self, request, context) else { return JSONResponse.controlError("invalid JSON body") }
        let number = store.state.withLock { $0.createNumber(patch, now: store.now) }
        return JSONResponse.encode(
            CreatedNumber(
                phone_number_id: number.phoneNumberID, waba_id: number.wabaID, access_token: number.accessToken,
                display_phone_number: number.displayDigits))
    }

    /// `PATCH /__sim/numbers/{id}`: throughput, tier, latency, fault rates, token validity.
    func patchNumber(_ request: Request, context: SimulatorRequestContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        guard let patch = try await decode(NumberPatch.self, request, context) else { return JSONResponse.controlError("invalid JSON body") }
        guard let (before, number) = store.state.withLock({ state in state.numbers[id].flatMap { old in state.patchNumber(id, patch).map { (old.behavior, $0) } } })
        else {
            return JSONResponse.controlError("unknown phone_number_id \(id)", status: .notFound)
        }
        announceChanges(from: before, to: number)
        return JSONResponse.encode(
            CreatedNumber(
                phone_number_id: number.phoneNumberID, waba_id: number.wabaID, access_token: number.accessToken,
                display_phone_number: number.displayDigits))
    }

    /// Meta's webhooks for what a PATCH changed (reference section 8, item 13): a tier move is an UPGRADE or a
    /// DOWNGRADE with a `business_capability_update`; a quality drop to RED flags the number and a recovery unflags
    /// it; a throughput of 1,000 or more is a THROUGHPUT_UPGRADE.
    private func announceChanges(from before: NumberBehavior, to number: SimulatedNumber) {
        let after = number.behavior
        let time = Int(store.wallNow.timeIntervalSince1970)
        if before.tier != after.tier {
            let upgrade = (after.tier ?? .max) > (before.tier ?? .max)
            store.schedule(
                builder.qualityUpdate(number: number.identity, event: upgrade ? "UPGRADE" : "DOWNGRADE", oldTier: before.tierName, tier: after.tierName, time: time))
            store.schedule(builder.capabilityUpdate(wabaID: number.wabaID, limit: after.tier, time: time))
        }
        if before.qualityRating != after.qualityRating, after.qualityRating == "RED" || before.qualityRating == "RED" {
            let event = after.qualityRating == "RED" ? "FLAGGED" : "UNFLAGGED"
            store.schedule(builder.qualityUpdate(number: number.identity, event: event, oldTier: before.tierName, tier: after.tierName, time: time))
        }
        if before.throughput < 1000, after.throughput >= 1000 {
            store.schedule(
                builder.qualityUpdate(number: number.identity, event: "THROUGHPUT_UPGRADE", oldTier: before.tierName, tier: after.tierName, time: time))
        }
    }

    /// `GET /__sim/messages/{wamid}`: one ledger entry with the statuses reported so far and whether Meta holds it.
    func messageState(_ context: SimulatorRequestContext) -> Response {
        let id = context.parameters.get("id") ?? ""
        let state = store.state.withLock { state -> MessageState? in
            guard let position = state.messageIndex[id] else { return nil }
            let held = state.held.values.contains { $0.contains { $0.wamid == id } }
            return MessageState(message: state.ledger[position], statuses: state.reportedStatuses[position].names, held: held)
        }
        return state.map { JSONResponse.encode($0) } ?? JSONResponse.controlError("unknown message \(id)", status: .notFound)
    }

    /// `POST /__sim/user_preferences`: the user stops or resumes marketing messages in WhatsApp (reference section 7).
    func userPreferences(_ request: Request, context: SimulatorRequestContext) async throws -> Response {
        guard let body = try await decode(UserPreferenceRequest.self, request, context), ["stop", "resume"].contains(body.value) else {
            return JSONResponse.controlError("expected {phone_number_id, wa_id, value: stop|resume}")
        }
        let waID = SimulatorState.digits(body.wa_id)
        let stop = body.value == "stop"
        guard let number = store.state.withLock({ state -> NumberIdentity? in
            guard state.numbers[body.phone_number_id] != nil else { return nil }
            if stop { state.numbers[body.phone_number_id]!.marketingStopped.insert(waID) } else { state.numbers[body.phone_number_id]!.marketingStopped.remove(waID) }
            return state.numbers[body.phone_number_id]!.identity
        }) else {
            return JSONResponse.controlError("unknown phone_number_id \(body.phone_number_id)", status: .notFound)
        }
        store.schedule(
            builder.userPreferences(
                number: number, waID: waID, profileName: body.profile_name ?? "Sandbox User", stop: stop, timestamp: Int(store.wallNow.timeIntervalSince1970)))
        return JSONResponse.raw(#"{"success":true}"#)
    }

    /// `POST /__sim/account_update`: announces an account event; a ban locks the WABA's numbers (131031), a
    /// restriction stops their templates (368), a reinstatement lifts both.
    func accountUpdate(_ request: Request, context: SimulatorRequestContext) async throws -> Response {
        guard let body = try await decode(AccountUpdateRequest.self, request, context), !body.event.isEmpty else {
            return JSONResponse.controlError("expected {waba_id, event, ban_state?, restriction_type?, violation_type?}")
        }
        let event = body.event.uppercased()
        let newState: NumberBehavior.AccountState? =
            switch (event, body.ban_state?.uppercased()) {
            case ("DISABLED_UPDATE", "DISABLE"): .locked
            case ("DISABLED_UPDATE", "REINSTATE"): .active
            case ("ACCOUNT_RESTRICTION", _): body.restriction_type == nil ? .active : .restricted
            default: nil
            }
        let numbers = store.state.withLock { state -> [NumberIdentity] in
            let ids = state.numbers.values.filter { $0.wabaID == body.waba_id }.map(\.phoneNumberID)
            if let newState { for id in ids { state.numbers[id]!.behavior.accountState = newState } }
            return ids.compactMap { state.numbers[$0]?.identity }
        }
        guard !numbers.isEmpty else { return JSONResponse.controlError("unknown waba_id \(body.waba_id)", status: .notFound) }
        let update = AccountUpdate(
            event: event, phoneNumber: numbers.count == 1 ? numbers[0].displayDigits : nil, banState: body.ban_state?.uppercased(),
            restrictionType: body.restriction_type, violationType: body.violation_type)
        store.schedule(builder.accountUpdate(wabaID: body.waba_id, update: update, time: Int(store.wallNow.timeIntervalSince1970)))
        return JSONResponse.encode(["account_state": newState?.rawValue ?? "unchanged"])
    }

    /// `POST /__sim/templates/pacing`: Meta starts pacing a template; after `decide_after_ms` it releases or pauses.
    func pacing(_ request: Request, context: SimulatorRequestContext) async throws -> Response {
        guard let body = try await decode(PacingRequest.self, request, context), let outcome = TemplatePacing.Outcome(rawValue: body.outcome) else {
            return JSONResponse.controlError("expected {waba_id, name, language, outcome: release|pause, release_first?, decide_after_ms?}")
        }
        let pacing = TemplatePacing(
            released: max(body.release_first ?? 0, 0), outcome: outcome, decideAfter: .milliseconds(max(body.decide_after_ms ?? 1000, 0)))
        guard store.state.withLock({ $0.pace(wabaID: body.waba_id, key: "\(body.name)|\(body.language)", pacing) }) else {
            return JSONResponse.controlError("unknown template", status: .notFound)
        }
        return JSONResponse.raw(#"{"success":true}"#)
    }

    private func clock() -> Response {
        JSONResponse.encode(ClockState(now: Int(store.wallNow.timeIntervalSince1970), offset_seconds: store.clockOffsetSeconds))
    }

    /// `GET /__sim/messages?phone_number_id=&limit=&after=`: the ledger in acceptance order.
    func messages(_ request: Request) -> Response {
        let query = request.uri.queryParameters
        let limit = min(max(Int(query.get("limit") ?? "") ?? 100, 1), 10_000)
        let after = query.get("after").flatMap { Int($0) }
        let page = store.state.withLock { $0.ledgerPage(phoneNumberID: query.get("phone_number_id"), limit: limit, after: after) }
        return JSONResponse.encode(LedgerPage(data: page.entries, next: page.next.map(String.init)))
    }

    /// `POST /__sim/inbound`: a user writes (`text`), taps a quick reply (`button_payload`) or an interactive choice
    /// (`interactive`), sends media (`media`, downloadable by its id) or reacts (`reaction`); sends a signed webhook.
    func inbound(_ request: Request, context: SimulatorRequestContext) async throws -> Response {
        guard let body = try await decode(InboundRequest.self, request, context) else {
            return JSONResponse.controlError("expected {phone_number_id, from, text | button_payload | interactive | media | reaction}")
        }
        let from = SimulatorState.digits(body.from)
        let now = store.wallNow
        guard let (number, wamid) = store.state.withLock({ $0.receiveInbound(phoneNumberID: body.phone_number_id, from: from, wallNow: now) }) else {
            return JSONResponse.controlError("unknown phone_number_id \(body.phone_number_id)", status: .notFound)
        }
        let content: InboundContent
        if let payload = body.button_payload {
            content = .button(text: body.text ?? payload, payload: payload)
        } else if let choice = body.interactive {
            guard ["button_reply", "list_reply"].contains(choice.type) else { return JSONResponse.controlError("interactive.type is button_reply or list_reply") }
            content = choice.type == "button_reply"
                ? .buttonReply(id: choice.id, title: choice.title) : .listReply(id: choice.id, title: choice.title, description: choice.description)
        } else if let media = body.media {
            guard ["image", "video", "audio", "document", "sticker"].contains(media.type) else {
                return JSONResponse.controlError("media.type is image, video, audio, document or sticker")
            }
            let mime = media.mime_type ?? Self.defaultMIME[media.type]!
            let stored = store.state.withLock { $0.storeInboundMedia(mimeType: mime) }
            content = .media(
                kind: media.type,
                InboundMediaObject(id: stored.id, mimeType: mime, sha256: stored.media.sha256, caption: media.caption, filename: media.filename))
        } else if let reaction = body.reaction {
            content = .reaction(messageID: reaction.message_id, emoji: reaction.emoji)
        } else if let text = body.text {
            content = .text(text)
        } else {
            return JSONResponse.controlError("one of text, button_payload, interactive, media or reaction is required")
        }
        let delivery = builder.inbound(
            number: number, from: from, profileName: body.profile_name ?? "Sandbox User", wamid: wamid, timestamp: Int(now.timeIntervalSince1970),
            content: content, contextMessageID: body.context_message_id)
        store.schedule(delivery)
        return JSONResponse.encode(["id": wamid])
    }

    private static let defaultMIME = [
        "image": "image/jpeg", "video": "video/mp4", "audio": "audio/ogg; codecs=opus", "document": "application/pdf", "sticker": "image/webp",
    ]

    /// `POST /__sim/templates/status`: forces a template status (PAUSED, DISABLED, …) and notifies by webhook.
    func templateStatus(_ request: Request, context: SimulatorRequestContext) async throws -> Response {
        guard let body = try await decode(TemplateStatusRequest.self, request, context) else {
            return JSONResponse.controlError("expected {waba_id, name, language, status}")
        }
        guard let template = store.state.withLock({ $0.setTemplateStatus(wabaID: body.waba_id, name: body.name, language: body.language, status: body.status.uppercased()) }) else {
            return JSONResponse.controlError("unknown template", status: .notFound)
        }
        store.schedule(builder.templateStatus(wabaID: body.waba_id, template: template, time: Int(store.wallNow.timeIntervalSince1970)))
        return JSONResponse.encode(["status": template.status])
    }
}
