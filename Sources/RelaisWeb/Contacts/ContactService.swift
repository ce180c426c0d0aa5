import Foundation
import RelaisCore
import RelaisStore

/// Changes to contacts, tags and segments: each in one tenant transaction with its audit entry.
struct ContactService: Sendable {
    let database: Database

    /// Creates a contact; a number already present is a 409 naming the existing contact.
    /// A number on the suppression list is created `opted_out`, whatever the request says.
    func create(_ body: ContactBody, by identity: Identity, client: ClientInfo) async throws -> Contact {
        var draft = try body.draft(defaultCountry: identity.company.defaultCountry, creating: true)
        return try await database.withTenant(identity.tenant) { connection in
            let phone = draft.phone ?? ""
            if let existing = try await connection.contactID(phone: phone) { throw Self.duplicate(existing) }
            if try await connection.isSuppressed(phone: phone) {
                draft.consent = .optedOut
                draft.consentSource = "suppression_list"
            }
            let id = try await connection.insertContact(draft, actor: identity.user.id)
            // No phone number here: the audit log is append-only and outlives an erasure of the contact.
            try await connection.appendAudit(audit(.contactCreated, id, identity, client, ["consent": (draft.consent ?? .unknown).rawValue]))
            guard let contact = try await connection.contact(id) else { throw Problem.notFound() }
            return contact
        }
    }

    /// Changes the fields the body sets; a number taken by another contact is a 409.
    func update(_ id: UUID, _ body: ContactBody, by identity: Identity, client: ClientInfo) async throws -> Contact {
        let draft = try body.draft(defaultCountry: identity.company.defaultCountry, creating: false)
        return try await database.withTenant(identity.tenant) { connection in
            if let phone = draft.phone, let existing = try await connection.contactID(phone: phone), existing != id {
                throw Self.duplicate(existing)
            }
            guard try await connection.updateContact(id, draft, actor: identity.user.id) else { throw Problem.notFound() }
            let fields = ContactBody.fields.filter { Self.isSet($0, in: body) }.sorted().joined(separator: ",")
            try await connection.appendAudit(audit(.contactUpdated, id, identity, client, ["fields": fields]))
            guard let contact = try await connection.contact(id) else { throw Problem.notFound() }
            return contact
        }
    }

    /// Deletes a contact; its number stays on the suppression list if it was there.
    func delete(_ id: UUID, by identity: Identity, client: ClientInfo) async throws {
        try await database.withTenant(identity.tenant) { connection in
            let deleted = try await connection.deleteContacts(ContactSelection(ids: [id]))
            guard deleted == 1 else { throw Problem.notFound() }
            try await connection.appendAudit(audit(.contactDeleted, id, identity, client, [:]))
        }
    }

    /// Records an opt-out or opt-in with its source; the suppression list follows.
    func setConsent(_ id: UUID, _ status: ConsentStatus, source: String?, evidence: String?, by identity: Identity, client: ClientInfo)
        async throws -> Contact
    {
        try await database.withTenant(identity.tenant) { connection in
            guard try await connection.contact(id) != nil else { throw Problem.notFound() }
            _ = try await connection.setConsent([id], status: status, source: source, evidence: evidence, actor: identity.user.id)
            let action: AuditAction = status == .optedOut ? .contactOptedOut : .contactOptedIn
            try await connection.appendAudit(audit(action, id, identity, client, ["source": source ?? ""]))
            guard let contact = try await connection.contact(id) else { throw Problem.notFound() }
            return contact
        }
    }

    /// Applies a bulk action to a selection; returns how many contacts (or memberships) it changed.
    func bulk(_ action: BulkAction, _ selection: ContactSelection, tags: [String], source: String?, by identity: Identity, client: ClientInfo)
        async throws -> Int
    {
        try await database.withTenant(identity.tenant) { connection in
            let changed: Int
            switch action {
            case .tag: changed = try await connection.addTags(tags, to: selection)
            case .untag: changed = try await connection.removeTags(tags, from: selection)
            case .delete: changed = try await connection.deleteContacts(selection)
            case .optOut:
                let ids = try await connection.contactIDs(selection, limit: 1_000_000)
                changed = try await connection.setConsent(ids, status: .optedOut, source: source ?? "bulk", evidence: nil, actor: identity.user.id)
            }
            try await connection.appendAudit(
                AuditRecord(
                    action: .contactsBulkAction, actor: identity.user.id, targetType: "contact", targetID: nil, ip: client.ip,
                    requestID: client.requestID, details: ["action": action.rawValue, "count": String(changed), "tags": tags.joined(separator: ",")]))
            return changed
        }
    }

    static func duplicate(_ existing: UUID) -> Problem {
        var problem = Problem.conflict("error.contact.duplicate", "A contact with this phone number already exists.")
        problem.extensions["existing_id"] = existing.uuidString.lowercased()
        return problem
    }

    private static func isSet(_ field: String, in body: ContactBody) -> Bool {
        switch field {
        case "name": body.name != nil
        case "first_name": body.firstName != nil
        case "last_name": body.lastName != nil
        case "phone": body.phone != nil
        case "country": body.country != nil
        case "email": body.email != nil
        case "language": body.language != nil
        case "tags": body.tags != nil
        case "attributes": body.attributes != nil
        case "consent": body.consent != nil
        default: body.consentSource != nil
        }
    }
}

/// What a bulk action does to its selection.
enum BulkAction: String, Sendable {
    case tag, untag, delete
    case optOut = "opt_out"
}

/// An audit record about one contact.
func audit(_ action: AuditAction, _ id: UUID, _ identity: Identity, _ client: ClientInfo, _ details: [String: String]) -> AuditRecord {
    AuditRecord(
        action: action, actor: identity.user.id, targetType: "contact", targetID: id.uuidString.lowercased(), ip: client.ip,
        requestID: client.requestID, details: details)
}
