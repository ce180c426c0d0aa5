import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RelaisCore

/// `/api/v1/contacts/{id}/export` and `/api/v1/contacts/{id}/erase`: a data subject's rights through the API.
struct PrivacyAPIController {
    let personalData: PersonalDataService

    func register(_ api: APIRegistrar) {
        api.on(.exportContactData) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.exportPersonalData)
            let id = try ListQuery.pathID(context)
            let (name, zip) = try await personalData.export(id, by: identity, client: ClientInfo(request, context, browser: false))
            return Self.zipResponse(name: name, zip: zip)
        }
        api.on(.eraseContact) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.eraseContacts)
            let id = try ListQuery.pathID(context)
            try await personalData.erase(id, by: identity, client: ClientInfo(request, context, browser: false))
            return JSONResponse.noContent()
        }
    }

    /// A download: the name is ours (the contact's id), never user input, so it needs no escaping.
    static func zipResponse(name: String, zip: Data) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/zip", .contentDisposition: "attachment; filename=\"\(name)\"", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: zip)))
    }
}
