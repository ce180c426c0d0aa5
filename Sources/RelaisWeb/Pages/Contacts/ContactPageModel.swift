import Foundation
import RelaisCore
import RelaisStore

/// One contact: identity, consent with its history, tags and attributes.
struct ContactPageModel {
    struct Field {
        let label: String
        let value: String
    }

    struct Event {
        let at: String
        let consent: ConsentBadge
        let source: String
        let evidence: String
    }

    let id: String
    let name: String
    let phone: String
    let fields: [Field]
    let attributes: [Field]
    let tags: [String]
    let consent: ConsentBadge
    let consentSource: String
    let consentAt: String
    let optedOut: Bool
    let history: [Event]
    let deleteConfirm: String
    /// The data subject's rights, for the roles that hold them (see `PermissionMatrix`).
    let canExportData: Bool
    let canErase: Bool
    let eraseConfirm: String
    let hasTags: Bool
    let hasAttributes: Bool
    let hasHistory: Bool
    let hasConsentDetails: Bool

    /// A message to or from this contact, newest first.
    struct Message {
        let at: String
        let inbound: Bool
        let text: String
        let status: String?
        let statusClass: String
        let optOut: Bool
    }

    let messages: [Message]
    let hasMessages: Bool

    init(
        contact: Contact, history events: [ConsentEvent], messages lines: [ConversationLine], localizer: Localizer, language: Language,
        timezone: String, role: Role = .operator
    ) {
        let format = ContactPageFormat(language: language, timezone: timezone)
        messages = lines.map { line in
            Message(
                at: format.date(line.at), inbound: line.inbound, text: line.text,
                status: line.status.map { localizer.text("messages.status.\($0.rawValue)", language) },
                statusClass: line.status?.rawValue ?? "", optOut: line.optOut)
        }
        hasMessages = !lines.isEmpty
        id = contact.id.uuidString.lowercased()
        name = contact.name.isEmpty ? contact.phone : contact.name
        phone = contact.phone
        func field(_ key: String, _ value: String?) -> Field { Field(label: localizer.text("contacts.\(key)", language), value: value ?? "—") }
        fields = [
            field("phone", contact.phone), field("email", contact.email), field("first_name", contact.firstName),
            field("last_name", contact.lastName), field("language", contact.language), field("country", contact.country),
            field("created", format.date(contact.createdAt)), field("last_inbound", format.date(contact.lastInboundAt)),
            field("last_outbound", format.date(contact.lastOutboundAt)),
        ]
        attributes = contact.attributes.sorted { $0.key < $1.key }.map { Field(label: $0.key, value: $0.value) }
        tags = contact.tags
        consent = ConsentBadge(contact.consent.status, localizer: localizer, language: language)
        consentSource = contact.consent.source ?? "—"
        consentAt = format.date(contact.consent.at)
        optedOut = contact.consent.status == .optedOut
        history = events.map {
            Event(
                at: format.date($0.at), consent: ConsentBadge($0.status, localizer: localizer, language: language), source: $0.source ?? "—",
                evidence: $0.evidence ?? "")
        }
        deleteConfirm = localizer.text("contacts.delete_confirm", language, ["name": name])
        canExportData = PermissionMatrix.allows(role, .exportPersonalData)
        canErase = PermissionMatrix.allows(role, .eraseContacts)
        eraseConfirm = localizer.text("gdpr.erase_confirm", language, ["name": name])
        hasTags = !tags.isEmpty
        hasAttributes = !attributes.isEmpty
        hasHistory = !history.isEmpty
        hasConsentDetails = contact.consent.at != nil
    }
}
