import Foundation
import RelaisCore
import RelaisStore

/// The campaign list: search, state chips, one page of campaigns with their latest run, and the next page's cursor.
struct CampaignListPageModel {
    struct Row {
        let id: String
        let name: String
        let badge: CampaignStateBadge
        let number: String
        let schedule: String?
        let recurrence: String?
        let progress: RunProgressModel?
        let created: String
    }

    struct Chip {
        let label: String
        let href: String
        let active: Bool
    }

    let rows: [Row]
    let query: String
    let chips: [Chip]
    let nextHref: String?
    let empty: Bool
    let filtered: Bool
    let canDraft: Bool
    /// What stands between the company and its first campaign, when something does (no number, no template).
    let missingStep: String?
    let missingHref: String?

    /// What the list shows: one page, the filter it was read with, and what the company has to send from.
    struct Input {
        let campaigns: [CampaignRecord]
        let latestRuns: [UUID: CampaignRun]
        let hasMore: Bool
        let query: String?
        let state: CampaignState?
        let numbers: [ConnectedNumber]
        let hasTemplate: Bool
    }

    init(_ input: Input, identity: Identity, localizer: Localizer, language: Language) {
        let timezone = identity.company.timezone
        let dates = DateFormats(language: language, timezone: timezone)
        let numberNames = Dictionary(uniqueKeysWithValues: input.numbers.map { ($0.id, $0.displayPhoneNumber) })
        rows = input.campaigns.map { campaign in
            Row(
                id: campaign.id.uuidString.lowercased(), name: campaign.name,
                badge: CampaignStateBadge(campaign.state, held: campaign.held, localizer: localizer, language: language),
                number: numberNames[campaign.numberID] ?? "—",
                schedule: campaign.state == .scheduled
                    ? campaign.nextRunAt.map { "\(dates.dateTime($0)) (\(campaign.schedule?.timeZone ?? timezone))" } : nil,
                recurrence: campaign.schedule?.recurrence.map { localizer.text("campaigns.recurrence.\($0.frequency.rawValue)", language) },
                progress: input.latestRuns[campaign.id].map { RunProgressModel($0, localizer: localizer, language: language) },
                created: dates.dateTime(campaign.createdAt))
        }
        query = input.query ?? ""
        func href(state: CampaignState?, after: UUID? = nil) -> String {
            var items: [URLQueryItem] = []
            if let query = input.query, !query.isEmpty { items.append(URLQueryItem(name: "q", value: query)) }
            if let state { items.append(URLQueryItem(name: "state", value: state.rawValue)) }
            if let after { items.append(URLQueryItem(name: "after", value: after.uuidString.lowercased())) }
            var components = URLComponents()
            components.path = PagePath.campaigns.rawValue
            components.queryItems = items.isEmpty ? nil : items
            return components.string ?? PagePath.campaigns.rawValue
        }
        chips =
            [Chip(label: localizer.text("campaigns.all", language), href: href(state: nil), active: input.state == nil)]
            + CampaignState.allCases.map {
                Chip(label: localizer.text("campaigns.state.\($0.rawValue)", language), href: href(state: $0), active: input.state == $0)
            }
        nextHref = input.hasMore ? input.campaigns.last.map { href(state: input.state, after: $0.id) } : nil
        empty = input.campaigns.isEmpty
        filtered = !(input.query ?? "").isEmpty || input.state != nil
        canDraft = PermissionMatrix.allows(identity.user.role, .draftCampaigns)
        if input.numbers.isEmpty {
            missingStep = localizer.text("campaigns.empty_no_number", language)
            missingHref = identity.user.role == .admin ? PagePath.numbers.rawValue : nil
        } else if !input.hasTemplate {
            missingStep = localizer.text("campaigns.empty_no_template", language)
            missingHref = PermissionMatrix.allows(identity.user.role, .manageTemplates) ? PagePath.templatesNew.rawValue : nil
        } else {
            missingStep = nil
            missingHref = nil
        }
    }
}
