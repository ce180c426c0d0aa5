import Foundation
import RelaisCore
import RelaisStore

/// The contact list: search, filter chips, one page of contacts and the cursor of the next.
struct ContactListPageModel {
    struct Row {
        let id: String
        let name: String
        let phone: String
        let tags: String
        let consent: ConsentBadge
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
    let tagChips: [Chip]
    let nextHref: String?
    let empty: Bool
    let filtered: Bool
    let count: String
    let exportHref: String
    let canExport: Bool
    let hasTagChips: Bool

    init(
        contacts: [Contact], hasMore: Bool, total: Int, filter: ContactFilter, tags: [Tag], canExport: Bool, localizer: Localizer,
        language: Language, timezone: String
    ) {
        let format = ContactPageFormat(language: language, timezone: timezone)
        rows = contacts.map {
            Row(
                id: $0.id.uuidString.lowercased(), name: $0.name.isEmpty ? "—" : $0.name, phone: $0.phone, tags: $0.tags.joined(separator: ", "),
                consent: ConsentBadge($0.consent.status, localizer: localizer, language: language), created: format.date($0.createdAt))
        }
        query = filter.query ?? ""
        func href(consent: ConsentStatus?, tag: String?) -> String {
            var items: [URLQueryItem] = []
            if let q = filter.query { items.append(URLQueryItem(name: "q", value: q)) }
            if let consent { items.append(URLQueryItem(name: "consent", value: consent.rawValue)) }
            if let tag { items.append(URLQueryItem(name: "tag", value: tag)) }
            var components = URLComponents()
            components.path = "/contacts"
            components.queryItems = items.isEmpty ? nil : items
            return components.string ?? "/contacts"
        }
        let tag = filter.tagsAny?.first
        chips = [Chip(label: localizer.text("contacts.all", language), href: href(consent: nil, tag: tag), active: filter.consent == nil)]
            + ConsentStatus.allCases.map {
                Chip(label: localizer.text("contacts.consent_\($0.rawValue)", language), href: href(consent: $0, tag: tag), active: filter.consent == $0)
            }
        tagChips = tags.prefix(12).map {
            let active = tag?.lowercased() == $0.name.lowercased()
            return Chip(label: "\($0.name) · \(format.number($0.contactCount))", href: href(consent: filter.consent, tag: active ? nil : $0.name), active: active)
        }
        var next = URLComponents(string: href(consent: filter.consent, tag: tag))
        if hasMore, let last = contacts.last {
            let items = next?.queryItems ?? []
            next?.queryItems = items + [URLQueryItem(name: "after", value: last.id.uuidString.lowercased())]
            nextHref = next?.string
        } else {
            nextHref = nil
        }
        filtered = filter != ContactFilter()
        empty = contacts.isEmpty
        count = format.number(total)
        var export = URLComponents(string: href(consent: filter.consent, tag: tag).replacingOccurrences(of: "/contacts", with: "/api/v1/contacts/export"))
        let exportItems = export?.queryItems ?? []
        export?.queryItems = exportItems + [URLQueryItem(name: "format", value: "xlsx")]
        exportHref = export?.string ?? "/api/v1/contacts/export"
        self.canExport = canExport
        hasTagChips = !tagChips.isEmpty
    }
}
