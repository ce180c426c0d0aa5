import Foundation
import Hummingbird
import RelaisCore
import RelaisStore

/// `/api/v1/contacts…`: CRUD, consent changes, bulk actions and export.
struct ContactsAPIController {
    let database: Database
    let contacts: ContactService

    struct ConsentBody: StrictDecodable {
        static let fields: Set<String> = ["source", "evidence"]
        let source: String?
        let evidence: String?
    }

    struct BulkResult: Encodable {
        let action: String
        let affected: Int
    }

    func register(_ api: APIRegistrar) {
        api.on(.listContacts) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageContacts)
            let limit = try ListQuery.limit(request)
            let after = try ListQuery.uuid("after", request)
            let sort = try Self.sort(request)
            let selection = try await Self.selection(request, database: database, tenant: identity.tenant)
            let found = try await database.withTenant(identity.tenant) {
                try await $0.contacts(selection, sort: sort, limit: limit + 1, after: after)
            }
            let page = Array(found.prefix(limit))
            return try JSONResponse.make(
                Page(data: page.map { ContactPayload($0) }, next: found.count > limit ? page.last?.id.uuidString.lowercased() : nil))
        }
        api.on(.createContact) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageContacts)
            let body = try await JSONBody.decode(ContactBody.self, from: request, context: context)
            let contact = try await contacts.create(body, by: identity, client: ClientInfo(request, context, browser: false))
            return try JSONResponse.make(ContactPayload(contact), status: .created)
        }
        api.on(.getContact) { _, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageContacts)
            let id = try ListQuery.pathID(context)
            let (contact, history) = try await database.withTenant(identity.tenant) { connection in
                (try await connection.contact(id), try await connection.consentEvents(of: id))
            }
            guard let contact else { throw Problem.notFound() }
            return try JSONResponse.make(ContactPayload(contact, history: history))
        }
        api.on(.updateContact) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageContacts)
            let id = try ListQuery.pathID(context)
            let body = try await JSONBody.decode(ContactBody.self, from: request, context: context)
            let contact = try await contacts.update(id, body, by: identity, client: ClientInfo(request, context, browser: false))
            return try JSONResponse.make(ContactPayload(contact))
        }
        api.on(.deleteContact) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageContacts)
            let id = try ListQuery.pathID(context)
            try await contacts.delete(id, by: identity, client: ClientInfo(request, context, browser: false))
            return JSONResponse.noContent()
        }
        for (route, status) in [(APIRoute.optOutContact, ConsentStatus.optedOut), (.optInContact, .optedIn)] {
            api.on(route) { request, context in
                let identity = try context.requireIdentity()
                try identity.require(.manageContacts)
                let id = try ListQuery.pathID(context)
                let body = try await Self.optionalBody(ConsentBody.self, request, context)
                let contact = try await contacts.setConsent(
                    id, status, source: body?.source ?? "api", evidence: body?.evidence, by: identity,
                    client: ClientInfo(request, context, browser: false))
                return try JSONResponse.make(ContactPayload(contact))
            }
        }
        api.on(.bulkContacts) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageContacts)
            let data = try await JSONBody.collect(request, context: context)
            let bulk = try await BulkRequest.read(data, database: database, tenant: identity.tenant)
            let affected = try await contacts.bulk(
                bulk.action, bulk.selection, tags: bulk.tags, source: bulk.source, by: identity,
                client: ClientInfo(request, context, browser: false))
            return try JSONResponse.make(BulkResult(action: bulk.action.rawValue, affected: affected))
        }
        api.on(.exportContacts) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.exportReports)
            let raw = request.uri.queryParameters.get("format") ?? "csv"
            guard let format = ContactExporter.Format(rawValue: raw) else {
                throw Problem.validation([ValidationIssue(field: "format", code: "error.field.invalid")])
            }
            let selection = try await Self.selection(request, database: database, tenant: identity.tenant)
            try await database.withTenant(identity.tenant) { connection in
                try await connection.appendAudit(
                    AuditRecord(
                        action: .contactsExported, actor: identity.user.id, targetType: "contact", ip: context.clientIP,
                        requestID: context.requestID, details: ["format": format.rawValue]))
            }
            return try await ContactExporter(database: database).response(
                selection, format: format, tenant: identity.tenant, timeZone: TimeZone(identifier: identity.company.timezone) ?? .gmt)
        }
    }

    /// The filter of the query string, narrowed by `segment=ID` when given (an unknown segment is a 404).
    static func selection(_ request: Request, database: Database, tenant: TenantID) async throws -> ContactSelection {
        var filter = try ContactFilterReader.read(query: request)
        if let segmentID = try ListQuery.uuid("segment", request) {
            guard let segment = try await database.withTenant(tenant, { try await $0.segment(segmentID) }) else { throw Problem.notFound() }
            filter = filter.merged(with: segment.filter)
        }
        return ContactSelection(filter: filter)
    }

    static func sort(_ request: Request) throws -> ContactSort {
        guard let raw = request.uri.queryParameters.get("sort") else { return .newest }
        guard let sort = ContactSort(rawValue: raw) else { throw Problem.validation([ValidationIssue(field: "sort", code: "error.field.invalid")]) }
        return sort
    }

    static func optionalBody<T: StrictDecodable>(_ type: T.Type, _ request: Request, _ context: AppRequestContext) async throws -> T? {
        guard let length = request.headers[.contentLength], length != "0" else { return nil }
        return try await JSONBody.decode(type, from: request, context: context)
    }
}

extension ContactFilter {
    /// This filter with the unset fields taken from `other` (a segment narrowing a list's query).
    func merged(with other: ContactFilter) -> ContactFilter {
        var merged = self
        merged.tagsAny = tagsAny ?? other.tagsAny
        merged.tagsAll = (tagsAll ?? []) + (other.tagsAll ?? [])
        if merged.tagsAll?.isEmpty == true { merged.tagsAll = nil }
        merged.tagsNone = (tagsNone ?? []) + (other.tagsNone ?? [])
        if merged.tagsNone?.isEmpty == true { merged.tagsNone = nil }
        merged.consent = consent ?? other.consent
        merged.country = country ?? other.country
        merged.attributes = (other.attributes ?? [:]).merging(attributes ?? [:]) { $1 }
        if merged.attributes?.isEmpty == true { merged.attributes = nil }
        merged.createdAfter = createdAfter ?? other.createdAfter
        merged.engagedWithinDays = engagedWithinDays ?? other.engagedWithinDays
        return merged
    }
}
