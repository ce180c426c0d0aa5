import Foundation
import RelaisCore
import RelaisStore

/// Everything Relais holds about one contact (GDPR art. 15 and 20), as the JSON file of the export's ZIP:
/// the profile with tags, attributes and consent, the full consent history, every message sent with its status
/// timeline, every message received, and whether the number is on the suppression list.
struct PersonalDataExport: Encodable {
    struct StatusStep: Encodable {
        let status: String
        let at: Date
    }

    struct OutboundMessage: Encodable {
        let id: String
        let campaignId: String?
        let campaignName: String?
        let templateName: String?
        let kind: String
        let status: String
        let errorCode: Int?
        let errorTitle: String?
        let statusTimeline: [StatusStep]

        init(_ record: ContactMessageRecord) {
            id = record.id.uuidString.lowercased()
            campaignId = record.campaignID?.uuidString.lowercased()
            campaignName = record.campaignName
            templateName = record.templateName
            kind = record.kind
            status = record.status
            errorCode = record.errorCode
            errorTitle = record.errorTitle
            let steps: [(String, Date?)] = [
                ("created", record.createdAt), ("sent", record.sentAt), ("delivered", record.deliveredAt), ("read", record.readAt),
                ("failed", record.failedAt), ("replied", record.repliedAt), ("opted_out", record.optedOutAt), ("clicked", record.clickedAt),
            ]
            statusTimeline = steps.compactMap { name, at in at.map { StatusStep(status: name, at: $0) } }.sorted { $0.at < $1.at }
        }
    }

    struct InboundMessage: Encodable {
        let id: String
        let type: String
        let text: String?
        let payload: String?
        let optOut: Bool
        let sentAt: Date
        let receivedAt: Date

        init(_ record: ContactInboundRecord) {
            id = record.id.uuidString.lowercased()
            type = record.type
            text = record.text
            payload = record.payload
            optOut = record.optOut
            sentAt = record.sentAt
            receivedAt = record.receivedAt
        }
    }

    let format = "relais.personal-data/1"
    let exportedAt: Date
    let company: String
    let contact: ContactPayload
    let tags: [String]
    let attributes: [String: String]
    let consentHistory: [ContactPayload.ConsentEventPayload]
    let suppressed: Bool
    let messagesSent: [OutboundMessage]
    let messagesReceived: [InboundMessage]

    /// The export file's name inside the ZIP (no personal data in it: the contact's id only).
    static func fileName(_ id: UUID) -> String { "contact-\(id.uuidString.lowercased()).json" }

    /// Reads everything in one tenant transaction, so the file is a consistent snapshot; nil for an unknown contact.
    static func read(_ id: UUID, on connection: TenantConnection, company: String) async throws -> PersonalDataExport? {
        guard let contact = try await connection.contact(id) else { return nil }
        let history = try await connection.fullConsentHistory(of: id)
        return PersonalDataExport(
            exportedAt: Date(), company: company, contact: ContactPayload(contact), tags: contact.tags, attributes: contact.attributes,
            consentHistory: history.map { .init(status: $0.status.rawValue, source: $0.source, evidence: $0.evidence, at: $0.at) },
            suppressed: try await connection.isSuppressed(phone: contact.phone),
            messagesSent: try await connection.messages(toContact: id, phone: contact.phone).map(OutboundMessage.init),
            messagesReceived: try await connection.inboundMessages(fromPhone: contact.phone).map(InboundMessage.init))
    }
}
