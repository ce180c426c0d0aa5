import Foundation
import Hummingbird
import Synchronization
import WhatsAppCloud

extension GraphController {
    private struct PhoneNumberList: Encodable {
        let data: [PhoneNumberDetails]
    }

    /// Onboarding calls a SaaS makes (reference section 6): register, subscribed_apps, the WABA's phone numbers.
    func addAccountRoutes(to router: Router<SimulatorRequestContext>) {
        router.post(":version/:id/register") { request, context in success(request, context, needsWABA: false) }
        router.post(":version/:id/deregister") { request, context in success(request, context, needsWABA: false) }
        router.post(":version/:id/subscribed_apps") { request, context in success(request, context, needsWABA: true) }
        router.delete(":version/:id/subscribed_apps") { request, context in success(request, context, needsWABA: true) }
        router.get(":version/:id/subscribed_apps") { request, context in
            guard authorized(request, context, needsWABA: true) != nil else { return failure(request, context, needsWABA: true) }
            return JSONResponse.raw(#"{"data":[{"whatsapp_business_api_data":{"id":"1","name":"Relais Sandbox","link":"https://relais.invalid"}}]}"#)
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
