import Foundation
import Hummingbird
import Synchronization
import WhatsAppCloud

extension GraphController {
    private struct PhoneNumberList: Encodable {
        let data: [PhoneNumberDetails]
    }

    private struct SubscribedApps: Encodable {
        struct App: Encodable {
            struct Data: Encodable {
                var id = "1"
                var name = "Relais Sandbox"
                var link = "https://relais.invalid"
            }
            var whatsapp_business_api_data = Data()
            let override_callback_uri: String?
        }
        let data: [App]
    }

    private struct Subscription: Decodable {
        let override_callback_uri: String?
        let verify_token: String?
    }

    /// `POST /{waba-id}/subscribed_apps`, optionally with `override_callback_uri` + `verify_token` (JSON, form or
    /// query): Meta verifies the URL with its GET handshake first, and from then on sends this WABA's webhooks there.
    func subscribe(_ request: Request, _ context: SimulatorRequestContext) async throws -> Response {
        guard let owner = authorized(request, context, needsWABA: true) else { return failure(request, context, needsWABA: true) }
        var request = request
        let body = try await request.collectBody(upTo: 1 << 16)
        let query = request.uri.queryParameters
        let json = try? JSONDecoder().decode(Subscription.self, from: Data(body.readableBytesView))
        let form = Self.formFields(String(buffer: body))
        let uri = json?.override_callback_uri ?? form["override_callback_uri"] ?? query.get("override_callback_uri")
        let token = json?.verify_token ?? form["verify_token"] ?? query.get("verify_token")
        guard let uri else { return JSONResponse.raw(#"{"success":true}"#) }
        guard let token, !token.isEmpty else { return JSONResponse.failure(.missingParameter("verify_token is required with override_callback_uri.")) }
        if let failure = await verifyCallback(uri, token: token) { return JSONResponse.failure(failure) }
        store.state.withLock { $0.callbackOverrides[owner.wabaID] = uri }
        return JSONResponse.raw(#"{"success":true}"#)
    }

    /// Meta's handshake on a callback URL: 200 with the echoed challenge, else error 2200.
    private func verifyCallback(_ uri: String, token: String) async -> GraphFailure? {
        let (status, passed) = await WebhookHandshake.attempt(uri, verifyToken: token, httpClient: httpClient, timeout: .seconds(5))
        guard !passed else { return nil }
        return GraphFailure(
            httpStatus: 400, code: 2200, subcode: nil, type: "OAuthException",
            title: "Callback verification failed with the following errors: HTTP Status Code = \(status); HTTP Message = \(status == 200 ? "challenge not echoed" : "no valid answer")",
            details: nil)
    }

    /// The fields of an `application/x-www-form-urlencoded` body.
    static func formFields(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0) }
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        return fields
    }

    /// Onboarding calls a SaaS makes (reference section 6): register, subscribed_apps, the WABA's phone numbers.
    func addAccountRoutes(to router: Router<SimulatorRequestContext>) {
        router.post(":version/:id/register") { request, context in success(request, context, needsWABA: false) }
        router.post(":version/:id/deregister") { request, context in success(request, context, needsWABA: false) }
        router.post(":version/:id/subscribed_apps") { request, context in try await subscribe(request, context) }
        router.delete(":version/:id/subscribed_apps") { request, context in
            guard let owner = authorized(request, context, needsWABA: true) else { return failure(request, context, needsWABA: true) }
            store.state.withLock { _ = $0.callbackOverrides.removeValue(forKey: owner.wabaID) }
            return JSONResponse.raw(#"{"success":true}"#)
        }
        router.get(":version/:id/subscribed_apps") { request, context in
            guard let owner = authorized(request, context, needsWABA: true) else { return failure(request, context, needsWABA: true) }
            let override = store.state.withLock { $0.callbackOverrides[owner.wabaID] }
            return JSONResponse.encode(SubscribedApps(data: [.init(override_callback_uri: override)]))
        }
        router.get(":version/:id/phone_numbers") { request, context in
            guard authorized(request, context, needsWABA: true) != nil else { return failure(request, context, needsWABA: true) }
            let wabaID = context.parameters.get("id") ?? ""
            let details = store.state.withLock { state in
                state.numbers.values.filter { $0.wabaID == wabaID }.sorted { $0.phoneNumberID < $1.phoneNumberID }.map(Self.details)
            }
            return JSONResponse.encode(PhoneNumberList(data: details))
        }
    }

    /// The phone number as `GET /{phone-number-id}` describes it.
    static func details(_ number: SimulatedNumber) -> PhoneNumberDetails {
        var details = PhoneNumberDetails(
            id: number.phoneNumberID, displayPhoneNumber: number.formattedDisplayNumber, verifiedName: number.verifiedName,
            qualityRating: number.behavior.qualityRating, throughput: .init(level: number.behavior.throughputLevel), messagingLimitTier: number.behavior.tierName)
        details.businessManagerMessagingLimit = number.behavior.tierName
        details.codeVerificationStatus = "VERIFIED"
        details.nameStatus = "APPROVED"
        details.platformType = "CLOUD_API"
        details.status = "CONNECTED"
        details.accountMode = "LIVE"
        details.isOfficialBusinessAccount = false
        return details
    }

    private func authorized(_ request: Request, _ context: SimulatorRequestContext, needsWABA: Bool) -> SimulatedNumber? {
        guard Self.majorVersion(context) != nil else { return nil }
        let id = context.parameters.get("id") ?? ""
        let token = JSONResponse.bearerToken(request)
        let result = store.state.withLock { $0.authorize(token: token, objectID: id, method: "post") }
        guard case .success(let owner) = result, (needsWABA ? owner.wabaID : owner.phoneNumberID) == id else { return nil }
        return owner
    }

    private func failure(_ request: Request, _ context: SimulatorRequestContext, needsWABA: Bool) -> Response {
        guard Self.majorVersion(context) != nil else { return JSONResponse.failure(Self.badVersion) }
        let id = context.parameters.get("id") ?? ""
        let token = JSONResponse.bearerToken(request)
        if case .failure(let failure) = store.state.withLock({ $0.authorize(token: token, objectID: id, method: "post") }) {
            return JSONResponse.failure(failure)
        }
        return JSONResponse.failure(.unknownObject(id, method: "post"))
    }

    private func success(_ request: Request, _ context: SimulatorRequestContext, needsWABA: Bool) -> Response {
        authorized(request, context, needsWABA: needsWABA) == nil
            ? failure(request, context, needsWABA: needsWABA) : JSONResponse.raw(#"{"success":true}"#)
    }
}
