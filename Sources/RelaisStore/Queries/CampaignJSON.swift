import Foundation
import RelaisCore

/// A campaign's structured fields as the JSON and text its row holds, both ways.
struct CampaignJSON {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
    private static let decoder = JSONDecoder()

    let content: String
    let audience: String
    let ab: String?
    let startLocal: String?
    let timeZone: String?
    let recurrence: String?
    let sendWindow: String?

    init(_ campaign: CampaignRecord) throws {
        content = try Self.text(campaign.content)
        audience = try Self.text(campaign.audience)
        ab = try campaign.ab.map(Self.text)
        startLocal = campaign.schedule?.start.description
        timeZone = campaign.schedule?.timeZone
        recurrence = try campaign.schedule?.recurrence.map(Self.text)
        sendWindow = try campaign.sendWindow.map(Self.text)
    }

    static func text(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The columns as read back, decoded on demand.
    struct Stored {
        let content: String
        let audience: String
        let ab: String?
        let startLocal: String?
        let timeZone: String?
        let recurrence: String?
        let sendWindow: String?

        func decodedContent() throws -> CampaignContent { try decoder.decode(CampaignContent.self, from: Data(content.utf8)) }
        func decodedAudience() throws -> CampaignAudience { try decoder.decode(CampaignAudience.self, from: Data(audience.utf8)) }
        func abSettings() throws -> ABSettings? { try ab.map { try decoder.decode(ABSettings.self, from: Data($0.utf8)) } }
        func window() throws -> SendWindow? { try sendWindow.map { try decoder.decode(SendWindow.self, from: Data($0.utf8)) } }

        func schedule() throws -> CampaignSchedule? {
            guard let start = startLocal.flatMap(LocalDateTime.init(parsing:)), let timeZone else { return nil }
            let recurrence = try recurrence.map { try decoder.decode(Recurrence.self, from: Data($0.utf8)) }
            return CampaignSchedule(start: start, timeZone: timeZone, recurrence: recurrence)
        }
    }
}
