import Foundation
import RelaisCore
import RelaisStore

/// The campaign report's recipients: filter chips by final status (links, so the list works without JavaScript) and
/// one page of recipients with a cursor to the next, as `GET /api/v1/campaigns/{id}/recipients` pages them.
struct RecipientListModel {
    struct Chip {
        let label: String
        let href: String
        let active: Bool
    }
    struct Line {
        let phone: String
        let name: String
        let run: String
        let variant: String
        let status: String
        let statusKey: String
        let sentAt: String
        let error: String
    }

    static let pageSize = 50
    /// The statuses the chips offer, in the order a marketer reads them.
    static let filters: [MessageStatus] = [.read, .delivered, .sent, .failed, .skipped, .queued]

    let chips: [Chip]
    let lines: [Line]
    let hasLines: Bool
    let next: String?

    /// `page` holds up to `pageSize + 1` recipients: one more than shown tells whether a next page exists.
    init(
        _ page: [CampaignRecipient], campaign: UUID, run: UUID?, status: MessageStatus?, timezone: String, localizer: Localizer,
        language: Language
    ) {
        let base = PagePath.campaign(campaign, "report")
        func href(_ status: MessageStatus?, after: UUID? = nil) -> String {
            let parts = [
                run.map { "run=\($0.uuidString.lowercased())" }, status.map { "status=\($0.rawValue)" },
                after.map { "after=\($0.uuidString.lowercased())" },
            ].compactMap { $0 }
            return base + (parts.isEmpty ? "" : "?" + parts.joined(separator: "&")) + "#recipients"
        }
        chips =
            [Chip(label: localizer.text("report.recipients.all", language), href: href(nil), active: status == nil)]
            + Self.filters.map { Chip(label: localizer.text("analytics.status.\($0.rawValue)", language), href: href($0), active: status == $0) }
        let dates = DateFormats(language: language, timezone: timezone)
        let shown = page.prefix(Self.pageSize)
        lines = shown.map {
            Line(
                phone: $0.phone, name: $0.contactName ?? "", run: String($0.occurrence + 1),
                variant: $0.variant > 0 ? String(UnicodeScalar(UInt8(64 + min($0.variant, 26)))) : "",
                status: localizer.text("analytics.status.\($0.status.rawValue)", language), statusKey: $0.status.rawValue,
                sentAt: $0.sentAt.map(dates.dateTime) ?? "", error: $0.errorCode.map { MetaErrorText.text($0, localizer, language) } ?? "")
        }
        hasLines = !lines.isEmpty
        next = page.count > Self.pageSize ? shown.last.map { href(status, after: $0.messageID) } : nil
    }
}
