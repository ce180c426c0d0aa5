import Foundation
import Hummingbird
import RelaisCore
import RelaisStore

/// `/api/v1/tags…` and `/api/v1/segments…`.
struct TagsSegmentsAPIController {
    let database: Database

    struct TagBody: StrictDecodable {
        static let fields: Set<String> = ["name"]
        let name: String?
    }

    func register(_ api: APIRegistrar) {
        api.on(.listTags) { _, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageContacts)
            let tags = try await database.withTenant(identity.tenant) { try await $0.tags() }
            return try JSONResponse.make(Page(data: tags.map(TagPayload.init), next: nil))
        }
        api.on(.createTag) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageContacts)
            let body = try await JSONBody.decode(TagBody.self, from: request, context: context)
            let name = (body.name ?? "").trimmingCharacters(in: .whitespaces)
            if name.isEmpty { throw Problem.validation([ValidationIssue(field: "name", code: "error.required")]) }
            if name.count > 64 { throw Problem.validation([ValidationIssue(field: "name", code: "error.too_long")]) }
            let tag = try await database.withTenant(identity.tenant) { connection -> Tag in
                guard let tag = try await connection.createTag(name) else {
                    throw Problem.conflict("error.tag.duplicate", "A tag with this name already exists.")
                }
                try await connection.appendAudit(record(.tagCreated, "tag", tag.id, identity, request, context, ["name": name]))
                return tag
            }
            return try JSONResponse.make(TagPayload(tag), status: .created)
        }
        api.on(.deleteTag) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageContacts)
            let id = try ListQuery.pathID(context)
            try await database.withTenant(identity.tenant) { connection in
                guard let name = try await connection.deleteTag(id) else { throw Problem.notFound() }
                try await connection.appendAudit(record(.tagDeleted, "tag", id, identity, request, context, ["name": name]))
            }
            return JSONResponse.noContent()
        }
        api.on(.listSegments) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageContacts)
            let limit = try ListQuery.limit(request)
            let after = try ListQuery.uuid("after", request)
            let payloads = try await database.withTenant(identity.tenant) { connection -> [SegmentPayload] in
                var payloads: [SegmentPayload] = []
                for segment in try await connection.segments(limit: limit + 1, after: after) {
                    payloads.append(SegmentPayload(segment, count: try await connection.countContacts(ContactSelection(filter: segment.filter))))
                }
                return payloads
            }
            let page = Array(payloads.prefix(limit))
            return try JSONResponse.make(Page(data: page, next: payloads.count > limit ? page.last?.id : nil))
        }
        api.on(.createSegment) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageContacts)
            let (name, filter) = try await Self.segmentBody(request, context, creating: true)
            let payload = try await database.withTenant(identity.tenant) { connection -> SegmentPayload in
                let id = try await Self.uniqueName { try await connection.insertSegment(name: name ?? "", filter: filter ?? ContactFilter()) }
                try await connection.appendAudit(record(.segmentCreated, "segment", id, identity, request, context, ["name": name ?? ""]))
                return try await Self.payload(id, connection)
            }
            return try JSONResponse.make(payload, status: .created)
        }
        api.on(.getSegment) { _, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageContacts)
            let id = try ListQuery.pathID(context)
            return try JSONResponse.make(try await database.withTenant(identity.tenant) { try await Self.payload(id, $0) })
        }
        api.on(.updateSegment) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageContacts)
            let id = try ListQuery.pathID(context)
            let (name, filter) = try await Self.segmentBody(request, context, creating: false)
            let payload = try await database.withTenant(identity.tenant) { connection -> SegmentPayload in
                guard try await Self.uniqueName({ try await connection.updateSegment(id, name: name, filter: filter) }) else {
                    throw Problem.notFound()
                }
                try await connection.appendAudit(record(.segmentUpdated, "segment", id, identity, request, context, ["name": name ?? ""]))
                return try await Self.payload(id, connection)
            }
            return try JSONResponse.make(payload)
        }
        api.on(.deleteSegment) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageContacts)
            let id = try ListQuery.pathID(context)
            try await database.withTenant(identity.tenant) { connection in
                guard let name = try await connection.deleteSegment(id) else { throw Problem.notFound() }
                try await connection.appendAudit(record(.segmentDeleted, "segment", id, identity, request, context, ["name": name]))
            }
            return JSONResponse.noContent()
        }
    }

    static func payload(_ id: UUID, _ connection: TenantConnection) async throws -> SegmentPayload {
        guard let segment = try await connection.segment(id) else { throw Problem.notFound() }
        return SegmentPayload(segment, count: try await connection.countContacts(ContactSelection(filter: segment.filter)))
    }

    static func uniqueName<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch StoreError.uniqueViolation {
            throw Problem.conflict("error.segment.duplicate", "A segment with this name already exists.")
        }
    }

    /// `{name, filter}`: name required on creation; filter keys as in `ContactFilter.segmentKeys`.
    static func segmentBody(_ request: Request, _ context: AppRequestContext, creating: Bool) async throws -> (String?, ContactFilter?) {
        let data = try await JSONBody.collect(request, context: context)
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw Problem.badRequest("error.body.not_object", "The body must be a JSON object.")
        }
        var issues = ValidationCollector()
        for key in object.keys.sorted() where key != "name" && key != "filter" { issues.add(key, "error.field.unknown") }
        let name = (object["name"] as? String)?.trimmingCharacters(in: .whitespaces)
        if object["name"] != nil, name == nil { issues.add("name", "error.field.type") }
        if let name, name.isEmpty || name.count > 120 { issues.add("name", name.isEmpty ? "error.required" : "error.too_long") }
        if creating, name == nil { issues.add("name", "error.required") }
        var filter: ContactFilter?
        if let raw = object["filter"] {
            if let map = raw as? [String: Any] {
                do { filter = try ContactFilterReader.read(map, prefix: "filter.") } catch let failure as ValidationFailure {
                    for issue in failure.issues { issues.add(issue.field, issue.code) }
                }
            } else {
                issues.add("filter", "error.field.invalid")
            }
        }
        try issues.check()
        return (name, filter)
    }
}

/// An audit record about a tag, segment or import.
func record(
    _ action: AuditAction, _ type: String, _ id: UUID, _ identity: Identity, _ request: Request, _ context: AppRequestContext,
    _ details: [String: String]
) -> AuditRecord {
    AuditRecord(
        action: action, actor: identity.user.id, targetType: type, targetID: id.uuidString.lowercased(), ip: context.clientIP,
        requestID: context.requestID, details: details)
}
