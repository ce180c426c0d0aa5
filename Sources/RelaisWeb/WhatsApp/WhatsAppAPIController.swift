import Foundation
import Hummingbird
import RelaisCore
import RelaisStore
import WhatsAppCloud

/// `/api/v1/whatsapp/numbers…` and `/api/v1/templates…`.
struct WhatsAppAPIController {
    let database: Database
    let numbers: NumberService
    let templates: TemplateService

    struct ConnectBody: StrictDecodable {
        static let fields: Set<String> = ["phone_number_id", "waba_id", "access_token"]
        let phoneNumberId: String?
        let wabaId: String?
        let accessToken: String?
    }

    struct SignupBody: StrictDecodable {
        static let fields: Set<String> = ["code", "phone_number_id", "waba_id"]
        let code: String?
        let phoneNumberId: String?
        let wabaId: String?
    }

    struct SandboxBody: StrictDecodable {
        static let fields: Set<String> = ["display_phone_number"]
        let displayPhoneNumber: String?
    }

    struct TemplateBody: StrictDecodable {
        static let fields: Set<String> = ["number_id", "name", "category", "language", "components"]
        let numberId: UUID
        let name: String
        let category: String
        let language: String
        let components: [JSONValue]
    }

    struct SyncBody: StrictDecodable {
        static let fields: Set<String> = ["number_id"]
        let numberId: UUID?
    }

    func register(_ api: APIRegistrar) {
        api.on(.listNumbers) { _, context in
            let identity = try context.requireIdentity()
            try identity.require(.viewTemplates)
            let list = try await database.withTenant(identity.tenant) { try await $0.numbers() }
            return try JSONResponse.make(Page(data: list.map(NumberPayload.init), next: nil))
        }
        api.on(.connectNumber) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageNumbers)
            let body = try await JSONBody.decode(ConnectBody.self, from: request, context: context)
            let number = try await numbers.connect(
                phoneNumberID: body.phoneNumberId, wabaID: body.wabaId, accessToken: body.accessToken, by: identity,
                client: ClientInfo(request, context, browser: false))
            return try JSONResponse.make(NumberPayload(number), status: .created)
        }
        api.on(.connectNumberBySignup) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageNumbers)
            let body = try await JSONBody.decode(SignupBody.self, from: request, context: context)
            let number = try await numbers.connectBySignup(
                code: body.code, phoneNumberID: body.phoneNumberId, wabaID: body.wabaId, by: identity, client: ClientInfo(request, context, browser: false))
            return try JSONResponse.make(NumberPayload(number), status: .created)
        }
        api.on(.createSandboxNumber) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageNumbers)
            let hasBody = request.headers[.contentLength].map { $0 != "0" } ?? false
            let body = hasBody ? try await JSONBody.decode(SandboxBody.self, from: request, context: context) : nil
            let number = try await numbers.connectSandboxNumber(
                displayPhoneNumber: body?.displayPhoneNumber, by: identity, client: ClientInfo(request, context, browser: false))
            return try JSONResponse.make(NumberPayload(number), status: .created)
        }
        api.on(.getNumber) { _, context in
            let identity = try context.requireIdentity()
            try identity.require(.viewTemplates)
            let id = try ListQuery.pathID(context)
            guard let number = try await database.withTenant(identity.tenant, { try await $0.number(id) }) else { throw Problem.notFound() }
            return try JSONResponse.make(NumberPayload(number))
        }
        api.on(.deleteNumber) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageNumbers)
            try await numbers.remove(try ListQuery.pathID(context), by: identity, client: ClientInfo(request, context, browser: false))
            return JSONResponse.noContent()
        }
        api.on(.verifyNumber) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageNumbers)
            let number = try await numbers.reverify(try ListQuery.pathID(context), by: identity, client: ClientInfo(request, context, browser: false))
            return try JSONResponse.make(NumberPayload(number))
        }
        registerTemplates(api)
    }

    private func registerTemplates(_ api: APIRegistrar) {
        api.on(.listTemplates) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.viewTemplates)
            let number = try ListQuery.uuid("number_id", request)
            let list = try await database.withTenant(identity.tenant) { try await $0.templates(number: number) }
            return try JSONResponse.make(Page(data: list.map(TemplatePayload.init), next: nil))
        }
        api.on(.createTemplate) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageTemplates)
            let body = try await JSONBody.decode(TemplateBody.self, from: request, context: context)
            let template = try await templates.create(
                numberID: body.numberId, name: body.name, category: body.category, language: body.language, components: body.components,
                by: identity, client: ClientInfo(request, context, browser: false))
            return try JSONResponse.make(TemplatePayload(template), status: .created)
        }
        api.on(.syncTemplates) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageTemplates)
            let hasBody = request.headers[.contentLength].map { $0 != "0" } ?? false
            let body = hasBody ? try await JSONBody.decode(SyncBody.self, from: request, context: context) : nil
            let count = try await templates.sync(numberID: body?.numberId, by: identity, client: ClientInfo(request, context, browser: false))
            return try JSONResponse.make(["synced": count])
        }
        api.on(.getTemplate) { _, context in
            let identity = try context.requireIdentity()
            try identity.require(.viewTemplates)
            let id = try ListQuery.pathID(context)
            guard let template = try await database.withTenant(identity.tenant, { try await $0.template(id) }) else { throw Problem.notFound() }
            return try JSONResponse.make(TemplatePayload(template))
        }
        api.on(.deleteTemplate) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageTemplates)
            try await templates.delete(try ListQuery.pathID(context), by: identity, client: ClientInfo(request, context, browser: false))
            return JSONResponse.noContent()
        }
    }
}
