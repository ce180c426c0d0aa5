import Foundation
import Hummingbird
import Synchronization
import WhatsAppCloud

extension GraphController {
    private struct Cursors: Encodable {
        let before: String
        let after: String
    }

    private struct Paging: Encodable {
        let cursors: Cursors
        let next: String?
    }

    private struct TemplateList: Encodable {
        let data: [MessageTemplate]
        let paging: Paging?
    }

    private struct Created: Encodable {
        let id: String
        let status: String
        let category: String
    }

    /// Authorises a WABA call (the WABA's own number token) under the lock.
    private func withWABA<T>(_ request: Request, _ context: SimulatorRequestContext, method: String, _ body: (inout SimulatorState, String) -> Result<T, GraphFailure>)
        -> Result<T, GraphFailure>
    {
        let id = context.parameters.get("id") ?? ""
        let token = JSONResponse.bearerToken(request)
        return store.state.withLock { state in
            switch state.authorize(token: token, objectID: id, method: method) {
            case .failure(let failure): return .failure(failure)
            case .success(let owner):
                guard owner.wabaID == id else { return .failure(.unknownObject(id, method: method)) }
                return body(&state, id)
            }
        }
    }

    private static func respond(_ result: Result<Response, GraphFailure>) -> Response {
        switch result {
        case .success(let response): response
        case .failure(let failure): JSONResponse.failure(failure)
        }
    }

    /// `GET /{waba-id}/message_templates` with `name`/`status`/`language` filters and cursor paging.
    func listTemplates(_ request: Request, context: SimulatorRequestContext) -> Response {
        guard Self.majorVersion(context) != nil else { return JSONResponse.failure(Self.badVersion) }
        let query = request.uri.queryParameters
        let limit = min(max(Int(query.get("limit") ?? "") ?? 25, 1), 1000)
        let start = query.get("after").flatMap { Data(base64Encoded: $0) }.flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? 0
        let result = withWABA(request, context, method: "get") { state, wabaID in
            let all = state.listTemplates(wabaID: wabaID, name: query.get("name"), status: query.get("status"), language: query.get("language"))
            let page = Array(all.dropFirst(start).prefix(limit)).map(\.listing)
            guard !page.isEmpty else { return .success(JSONResponse.encode(TemplateList(data: [], paging: nil))) }
            let before = Data(String(start).utf8).base64EncodedString()
            let after = Data(String(start + page.count).utf8).base64EncodedString()
            let path = request.uri.path
            let next = start + page.count < all.count ? "http://\(request.head.authority ?? "127.0.0.1")\(path)?limit=\(limit)&after=\(after)" : nil
            return .success(JSONResponse.encode(TemplateList(data: page, paging: Paging(cursors: Cursors(before: before, after: after), next: next))))
        }
        return Self.respond(result)
    }

    /// `POST /{waba-id}/message_templates`: stored as PENDING, reviewed after the configured delay.
    func createTemplate(_ request: Request, context: SimulatorRequestContext) async throws -> Response {
        guard Self.majorVersion(context) != nil else { return JSONResponse.failure(Self.badVersion) }
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        let submission: MessageTemplate
        do {
            submission = try JSONDecoder().decode(MessageTemplate.self, from: Data(body.readableBytesView))
        } catch {
            return JSONResponse.failure(.invalidParameter("Invalid template: \(error)"))
        }
        let result = withWABA(request, context, method: "post") { state, wabaID in
            state.createTemplate(submission, wabaID: wabaID, now: store.now).map { template in
                JSONResponse.encode(Created(id: template.id, status: template.status, category: template.category))
            }
        }
        return Self.respond(result)
    }

    /// `DELETE /{waba-id}/message_templates?name=…[&hsm_id=…]`.
    func deleteTemplate(_ request: Request, context: SimulatorRequestContext) -> Response {
        guard Self.majorVersion(context) != nil else { return JSONResponse.failure(Self.badVersion) }
        let query = request.uri.queryParameters
        guard let name = query.get("name") else { return JSONResponse.failure(.missingParameter("Parameter 'name' is required.")) }
        let result = withWABA(request, context, method: "delete") { state, wabaID in
            state.deleteTemplate(wabaID: wabaID, name: name, hsmID: query.get("hsm_id"))
                ? .success(JSONResponse.raw(#"{"success":true}"#))
                : .failure(.invalidParameter("Message template \"\(name)\" not found."))
        }
        return Self.respond(result)
    }
}
