import Foundation
import RelaisCore
import RelaisDispatch
import RelaisStore
import WhatsAppCloud

extension CampaignService {
    /// A contact as a sample line of the audience.
    struct Member: Encodable {
        let id: UUID
        let name: String
        let phone: String
    }

    /// `GET …/audience`: who would receive it now, and how many would need a fallback or be skipped.
    struct AudiencePayload: Encodable {
        let count: Int
        let sample: [Member]
        /// Recipients checked for fallbacks and skips (the whole audience up to `checkLimit`).
        let checked: Int
        let fallbacks: Int
        let skipped: Int
    }

    /// `GET …/preview`: the message rendered for one contact, as the WhatsApp bubble shows it.
    struct PreviewPayload: Encodable {
        struct Button: Encodable {
            let type: String
            let text: String
        }

        let contact: Member?
        let headerFormat: String?
        let header: String?
        let body: String
        let footer: String?
        let buttons: [Button]
        let usedFallback: Bool
        let missingFields: [String]
        let sendable: Bool
    }

    /// How many recipients the audience check renders at most (beyond, it reports on that many).
    static let checkLimit = 50_000

    func audience(_ id: UUID, identity: Identity) async throws -> AudiencePayload {
        try await database.withTenant(identity.tenant) { connection in
            guard let campaign = try await connection.campaign(id) else { throw Problem.notFound() }
            let rules = try await rules(campaign, connection)
            let count = try await connection.countAudience(rules)
            let sample = try await connection.audienceMembers(rules, limit: 10)
            var checked = 0
            var fallbacks = 0
            var skipped = 0
            var after: UUID?
            while checked < Self.checkLimit {
                let page = try await connection.audienceMembers(rules, after: after, limit: 2000)
                for member in page {
                    let rendered = campaign.content.render(member.fields)
                    if !rendered.isSendable { skipped += 1 } else if rendered.usedFallback { fallbacks += 1 }
                }
                checked += page.count
                guard page.count == 2000, let last = page.last else { break }
                after = last.contactID
            }
            return AudiencePayload(
                count: count, sample: sample.map { Member(id: $0.contactID, name: $0.fields.name, phone: $0.fields.phone) }, checked: checked,
                fallbacks: fallbacks, skipped: skipped)
        }
    }

    /// The message for `contactID`, or for the first recipient of the audience, or for an empty contact.
    func preview(_ id: UUID, contact contactID: UUID?, variant: Int, identity: Identity) async throws -> PreviewPayload {
        try await database.withTenant(identity.tenant) { connection in
            guard let campaign = try await connection.campaign(id) else { throw Problem.notFound() }
            let contents = campaign.contents
            guard contents.indices.contains(max(variant - 1, 0)) else {
                throw Problem.validation([ValidationIssue(field: "variant", code: "error.field.invalid")])
            }
            let content = contents[max(variant - 1, 0)]
            var member: AudienceMember?
            if let contactID {
                guard let found = try await connection.recipient(contact: contactID) else { throw Problem.notFound() }
                member = found
            } else {
                member = try await connection.audienceMembers(try await rules(campaign, connection), limit: 1).first
            }
            let template = try await connection.templates(number: campaign.numberID)
                .first { $0.name == content.templateName && $0.language == content.language }
            guard let template, let shape = TemplateShape(componentsJSON: template.componentsJSON) else {
                throw Problem.conflict("error.campaign.template_unknown", "The campaign's template is not on its number any more.")
            }
            let fields = member?.fields ?? RecipientFields(
                name: "", firstName: nil, lastName: nil, phone: "", email: nil, country: nil, language: nil, attributes: [:])
            return Self.preview(content.render(fields), shape: shape, member: member)
        }
    }

    static func preview(_ rendered: RenderedContent, shape: TemplateShape, member: AudienceMember?) -> PreviewPayload {
        let header: String? =
            shape.isMediaHeader ? rendered.header.first : shape.headerText.map { TemplateText.fill($0, with: rendered.header) }
        return PreviewPayload(
            contact: member.map { Member(id: $0.contactID, name: $0.fields.name, phone: $0.fields.phone) }, headerFormat: shape.headerFormat,
            header: header, body: TemplateText.fill(shape.body, with: rendered.body), footer: shape.footer,
            buttons: shape.buttons.map { PreviewPayload.Button(type: $0.type, text: $0.text) }, usedFallback: rendered.usedFallback,
            missingFields: rendered.missingFields, sendable: rendered.isSendable)
    }

    /// The audience rules of a campaign; the frequency cap applies when any of its templates is marketing (or unknown).
    func rules(_ campaign: CampaignRecord, _ connection: TenantConnection) async throws -> AudienceRules {
        let templates = try await connection.templates(number: campaign.numberID)
        let marketing = campaign.contents.contains { content in
            templates.first { $0.name == content.templateName && $0.language == content.language }?.category != "UTILITY"
        }
        do {
            return try await connection.audienceRules(of: campaign, marketing: marketing)
        } catch CampaignLaunchError.segmentMissing {
            throw Problem.conflict("error.campaign.segment_missing", CampaignLaunchError.segmentMissing.reason)
        }
    }
}
