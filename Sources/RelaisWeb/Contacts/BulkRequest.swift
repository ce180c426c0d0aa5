import Foundation
import RelaisCore
import RelaisStore

/// The body of `POST /api/v1/contacts/bulk`: `{action: tag|untag|delete|opt_out, ids?: [id…], filter?: {…},
/// segment_id?, tags?: [name…], source?}`. A selection is required (`ids`, `filter` or `segment_id`); `filter: {}`
/// explicitly means every contact.
struct BulkRequest {
    let action: BulkAction
    let selection: ContactSelection
    let tags: [String]
    let source: String?

    static let fields: Set<String> = ["action", "ids", "filter", "segment_id", "tags", "source"]

    static func read(_ data: Data, database: Database, tenant: TenantID) async throws -> BulkRequest {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw Problem.badRequest("error.body.not_object", "The body must be a JSON object.")
        }
        var issues = ValidationCollector()
        for key in object.keys.sorted() where !fields.contains(key) { issues.add(key, "error.field.unknown") }
        let action = (object["action"] as? String).flatMap(BulkAction.init(rawValue:))
        if action == nil { issues.add("action", "error.field.invalid") }
        var ids: [UUID]?
        if let raw = object["ids"] {
            let parsed = (raw as? [String])?.compactMap(UUID.init(uuidString:))
            if let parsed, parsed.count == (raw as? [String])?.count, parsed.count <= 10_000 { ids = parsed } else { issues.add("ids", "error.field.invalid") }
        }
        let tags = (object["tags"] as? [String])?.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } ?? []
        if object["tags"] != nil, tags.isEmpty || tags.count > 20 || tags.contains(where: { $0.count > 64 }) { issues.add("tags", "error.field.invalid") }
        if action == .tag || action == .untag, tags.isEmpty { issues.add("tags", "error.required") }
        let segmentID = (object["segment_id"] as? String).flatMap(UUID.init(uuidString:))
        if object["segment_id"] != nil, segmentID == nil { issues.add("segment_id", "error.field.invalid") }
        if ids == nil, object["filter"] == nil, segmentID == nil { issues.add("ids", "error.required") }
        var filter = ContactFilter()
        if let raw = object["filter"] {
            if let map = raw as? [String: Any] {
                do { filter = try ContactFilterReader.read(map, prefix: "filter.", allowQuery: true) } catch let failure as ValidationFailure {
                    for issue in failure.issues { issues.add(issue.field, issue.code) }
                }
            } else {
                issues.add("filter", "error.field.invalid")
            }
        }
        try issues.check()
        if let segmentID {
            guard let segment = try await database.withTenant(tenant, { try await $0.segment(segmentID) }) else { throw Problem.notFound() }
            filter = filter.merged(with: segment.filter)
        }
        return BulkRequest(
            action: action!, selection: ContactSelection(filter: filter, ids: ids), tags: tags,
            source: (object["source"] as? String).map { String($0.prefix(200)) })
    }
}
