import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import NIOCore
import ServiceLifecycle
import WhatsAppCloud

/// The Graph API surface: `/{version}/{phone-number-id}/messages`, phone number details, templates, media.
struct GraphController: Sendable {
    let store: SimulatorStore
    let timeoutHang: Duration
    /// The Meta app whose credentials OAuth calls must present.
    let app: (id: String, secret: String)
    let appCallsPerHour: Int?
    /// For Meta's GET handshake on a WABA's callback override.
    let httpClient: HTTPClient

    /// Thrown after a simulated drop or timeout: the connection is already closed, nothing more is written.
    struct ConnectionAbandoned: Error {}

    func addRoutes(to router: Router<SimulatorRequestContext>) {
        router.add(middleware: ManagementRateLimit(store: store, appCallsPerHour: appCallsPerHour))
        router.post(":version/:id/messages") { request, context in try await send(request, context: context) }
        router.post(":version/:id/marketing_messages") { request, context in try await send(request, context: context) }
        router.get(":version/:id") { request, context in object(request, context: context) }
        router.delete(":version/:id") { request, context in deleteMedia(request, context: context) }
        router.get(":version/:id/message_templates") { request, context in listTemplates(request, context: context) }
        router.post(":version/:id/message_templates") { request, context in try await createTemplate(request, context: context) }
        router.delete(":version/:id/message_templates") { request, context in deleteTemplate(request, context: context) }
        router.post(":version/:id/media") { request, context in try await uploadMedia(request, context: context) }
        router.get("whatsapp_business/attachments") { request, _ in downloadMedia(request) }
        addAccountRoutes(to: router)
        addOAuthRoutes(to: router)
    }

    /// `v23.0` → 23; anything else is not a Graph path.
    static func majorVersion(_ context: SimulatorRequestContext) -> Int? {
        guard let version = context.parameters.get("version"), version.first == "v" else { return nil }
        return Int(version.dropFirst().split(separator: ".").first ?? "")
    }

    static let badVersion = GraphFailure.invalidParameter("Unknown path components: the version must look like v23.0")

    /// The hot path: decode once, decide under one lock, answer (or simulate a timeout/drop).
    func send(_ request: Request, context: SimulatorRequestContext) async throws -> Response {
        guard let version = Self.majorVersion(context) else { return JSONResponse.failure(Self.badVersion) }
        let id = context.parameters.get("id") ?? ""
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let decoded: Result<SendRequest, GraphFailure>
        do {
            decoded = .success(try JSONDecoder().decode(SendRequest.self, from: Data(body.readableBytesView)))
        } catch {
            decoded = .failure(.invalidParameter("The request body is not valid JSON for a message: \(error)"))
        }
        let token = JSONResponse.bearerToken(request)
        let now = store.now, wallNow = store.wallNow
        let decision = store.state.withLock {
            $0.send(phoneNumberID: id, token: token, apiMajorVersion: version, decoded: decoded, now: now, wallNow: wallNow)
        }
        switch decision {
        case .failure(let failure):
            return JSONResponse.failure(failure)
        case .readReceipt:
            return JSONResponse.raw(#"{"success":true}"#)
        case .accepted(let wamid, let input, let waID, let messageStatus, let fault, let latency):
            if latency > .zero { try await Task.sleep(for: latency) }
            switch fault {
            case .none:
                let status = messageStatus.map { #","message_status":"\#($0)""# } ?? ""
                return JSONResponse.raw(
                    #"{"messaging_product":"whatsapp","contacts":[{"input":"\#(input)","wa_id":"\#(waID)"}],"messages":[{"id":"\#(wamid)"\#(status)}]}"#)
            case .timeout:
                // Accepted, never answered: hang until the sender gives up (or the simulator shuts down).
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: timeoutHang) }
                context.channel.close(promise: nil)
                throw ConnectionAbandoned()
            case .drop:
                context.channel.close(promise: nil)
                throw ConnectionAbandoned()
            }
        }
    }

    /// `GET /{id}`: a phone number's details, or an uploaded media object.
    func object(_ request: Request, context: SimulatorRequestContext) -> Response {
        guard Self.majorVersion(context) != nil else { return JSONResponse.failure(Self.badVersion) }
        let id = context.parameters.get("id") ?? ""
        let token = JSONResponse.bearerToken(request)
        let result = store.state.withLock { state -> Result<Response, GraphFailure> in
            if let media = state.media[id] {
                guard state.tokens[token ?? ""] != nil else { return .failure(.invalidToken(expired: false)) }
                // Meta's URL is on lookaside.fbsbx.com; ours is on the simulator, so that downloads work offline.
                let host = request.head.authority ?? "lookaside.fbsbx.com"
                return .success(
                    JSONResponse.encode(
                        MediaObject(
                            url: "http://\(host)/whatsapp_business/attachments/?mid=\(id)", mime_type: media.mimeType, sha256: media.sha256,
                            file_size: media.size, id: id)))
            }
            return state.authorize(token: token, objectID: id, method: "get").flatMap { owner in
                owner.phoneNumberID == id ? .success(JSONResponse.encode(Self.details(owner))) : .failure(.unknownObject(id, method: "get"))
            }
        }
        switch result {
        case .success(let response): return response
        case .failure(let failure): return JSONResponse.failure(failure)
        }
    }
}
