import Foundation
import Hummingbird
import RelaisCore
import RelaisStore

/// `/contacts`, `/contacts/{id}` and `/contacts/segments`: the list with search and filter chips, one contact
/// with its consent and history, tags and segments. Forms post and redirect with a toast.
struct ContactPagesController {
    let database: Database
    let contacts: ContactService
    let pages: PageRenderer
    let localizer: Localizer
    let configuration: WebConfiguration

    var outcome: FormOutcome { FormOutcome(localizer: localizer, secureCookies: configuration.secureCookies) }

    func register(_ router: Router<AppRequestContext>) {
        router.get("/contacts") { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageContacts)
            let selection = try await ContactsAPIController.selection(request, database: database, tenant: identity.tenant)
            let after = try ListQuery.uuid("after", request)
            let (found, total, tags) = try await database.withTenant(identity.tenant) { connection in
                (
                    try await connection.contacts(selection, sort: .newest, limit: 51, after: after),
                    try await connection.countContacts(selection), try await connection.tags(limit: 50)
                )
            }
            let model = ContactListPageModel(
                contacts: Array(found.prefix(50)), hasMore: found.count > 50, total: total, filter: selection.filter, tags: tags,
                canExport: PermissionMatrix.allows(identity.user.role, .exportReports), localizer: localizer, language: context.language,
                timezone: identity.company.timezone)
            return try pages.render(
                "contacts", model: model, titleKey: "contacts.title", context: context, flash: Flash.read(from: request), activeNav: "contacts")
        }
        router.get("/contacts/segments") { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageContacts)
            let (tags, segments) = try await database.withTenant(identity.tenant) { connection in
                var counted: [(Segment, Int)] = []
                for segment in try await connection.segments(limit: 200, after: nil) {
                    counted.append((segment, try await connection.countContacts(ContactSelection(filter: segment.filter))))
                }
                return (try await connection.tags(), counted)
            }
            return try pages.render(
                "segments", model: SegmentsPageModel(tags: tags, segments: segments, language: context.language), titleKey: "segments.title",
                context: context, flash: Flash.read(from: request), activeNav: "contacts")
        }
        router.post("/contacts/segments") { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageContacts)
            let form = try await FormBody.read(request, context: context)
            return await outcome.run(to: "/contacts/segments", context) {
                var filter = ContactFilter()
                let tags = (form["tags_all"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                if !tags.isEmpty { filter.tagsAll = tags }
                filter.consent = form["consent"].flatMap(ConsentStatus.init(rawValue:))
                if let country = form["country"]?.uppercased(), country.count == 2 { filter.country = country }
                let name = (form["name"] ?? "").trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty, name.count <= 120 else { throw Problem.validation([ValidationIssue(field: "name", code: "error.required")]) }
                try await database.withTenant(identity.tenant) { connection in
                    let id = try await TagsSegmentsAPIController.uniqueName { try await connection.insertSegment(name: name, filter: filter) }
                    try await connection.appendAudit(record(.segmentCreated, "segment", id, identity, request, context, ["name": name]))
                }
                return localizer.text("segments.created", context.language)
            }
        }
        router.get("/contacts/:id") { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageContacts)
            let id = try ListQuery.pathID(context)
            let (contact, history, messages) = try await database.withTenant(identity.tenant) { connection in
                let contact = try await connection.contact(id)
                var messages: [ConversationLine] = []
                if let contact { messages = try await connection.conversation(phone: contact.phone, limit: 50) }
                return (contact, try await connection.consentEvents(of: id), messages)
            }
            guard let contact else { throw Problem.notFound() }
            let model = ContactPageModel(
                contact: contact, history: history, messages: messages, localizer: localizer, language: context.language,
                timezone: identity.company.timezone, role: identity.user.role)
            return try pages.render(
                "contact", model: model, titleKey: "contacts.contact_title", context: context, flash: Flash.read(from: request),
                activeNav: "contacts")
        }
        for (path, status) in [("opt-out", ConsentStatus.optedOut), ("opt-in", .optedIn)] {
            router.post(RouterPath("/contacts/:id/\(path)")) { request, context in
                let identity = try context.requireIdentity()
                try identity.require(.manageContacts)
                let id = try ListQuery.pathID(context)
                let form = try await FormBody.read(request, context: context)
                return await outcome.run(to: "/contacts/\(id.uuidString.lowercased())", context) {
                    let source = form["source"].flatMap { $0.isEmpty ? nil : String($0.prefix(200)) } ?? "web"
                    _ = try await contacts.setConsent(id, status, source: source, evidence: nil, by: identity, client: ClientInfo(request, context, browser: true))
                    return localizer.text("contacts.consent_saved", context.language)
                }
            }
        }
        router.post("/contacts/:id/delete") { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageContacts)
            let id = try ListQuery.pathID(context)
            _ = try await FormBody.read(request, context: context)
            return await outcome.run(to: PagePath.contacts.rawValue, context) {
                try await contacts.delete(id, by: identity, client: ClientInfo(request, context, browser: true))
                return localizer.text("contacts.deleted", context.language)
            }
        }
    }
}
