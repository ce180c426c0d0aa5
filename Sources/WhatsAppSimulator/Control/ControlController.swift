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

    func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: SimulatorRequestContext) async throws -> T? {
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
        store.schedule(builder.templateStatus(wabaID: body.waba_id, template: template, time: store.unixTime))
        return JSONResponse.encode(["status": template.status])
    }
}
