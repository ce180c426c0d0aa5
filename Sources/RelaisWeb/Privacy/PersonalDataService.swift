import Foundation
import RelaisCore
import RelaisReports
import RelaisStore

/// The data subject's rights on one contact: export (a ZIP holding one JSON file) and erasure. Both are audited
/// with the contact's id only — the audit log is append-only, so it must never hold the personal data it records
/// the erasure of.
struct PersonalDataService: Sendable {
    let database: Database

    /// The ZIP of everything about contact `id` and the file name to offer; 404 for an unknown or foreign id.
    func export(_ id: UUID, by identity: Identity, client: ClientInfo) async throws -> (fileName: String, zip: Data) {
        let document = try await database.withTenant(identity.tenant) { connection -> PersonalDataExport in
            guard let document = try await PersonalDataExport.read(id, on: connection, company: identity.company.name) else {
                throw Problem.notFound()
            }
            try await connection.appendAudit(
                audit(.contactPersonalDataExported, id, identity, client, ["messages": String(document.messagesSent.count)]))
            return document
        }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json = try encoder.encode(document)
        let zip = try ZipBundle.make([(PersonalDataExport.fileName(id), json)])
        return ("relais-contact-\(id.uuidString.lowercased()).zip", zip)
    }

    /// Erases contact `id` (see `TenantConnection.eraseContact`); 404 for an unknown or foreign id.
    func erase(_ id: UUID, by identity: Identity, client: ClientInfo) async throws {
        try await database.withTenant(identity.tenant) { connection in
            guard try await connection.eraseContact(id) else { throw Problem.notFound() }
            try await connection.appendAudit(audit(.contactErased, id, identity, client, [:]))
        }
    }
}
