import Foundation

/// What a client may say on `/api/v1/realtime`.
enum RealtimeClientMessage: Equatable {
    /// `{"type":"subscribe","campaign_id":"…"}`: only this campaign from now on; without `campaign_id` (or null),
    /// every campaign of the company again.
    case subscribe(campaign: UUID?)

    /// Why a client message was refused; answered with `{"type":"error","code":…}` on the socket, which stays open.
    enum Refusal: Error, Equatable {
        case malformed
        case unknownType
        case invalidCampaign

        var code: String {
            switch self {
            case .malformed: "error.realtime.malformed"
            case .unknownType: "error.realtime.unknown_type"
            case .invalidCampaign: "error.realtime.invalid_campaign"
            }
        }
    }

    private struct Wire: Decodable {
        let type: String
        let campaignId: String?
    }

    init(text: String) throws(Refusal) {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let wire = try? decoder.decode(Wire.self, from: Data(text.utf8)) else { throw .malformed }
        guard wire.type == "subscribe" else { throw .unknownType }
        guard let raw = wire.campaignId else {
            self = .subscribe(campaign: nil)
            return
        }
        guard let campaign = UUID(uuidString: raw) else { throw .invalidCampaign }
        self = .subscribe(campaign: campaign)
    }
}

/// What the server says on `/api/v1/realtime` besides the progress updates.
enum RealtimeServerMessage {
    /// The subscription now covers this campaign (nil: every campaign). Sent for any well-formed id, the company's
    /// or not, so the answer tells nothing about other companies' campaigns.
    case subscribed(campaign: UUID?)
    case error(RealtimeClientMessage.Refusal)

    var text: String {
        get throws {
            let object: [String: String?] =
                switch self {
                case .subscribed(let campaign): ["type": "subscribed", "campaign_id": campaign?.uuidString]
                case .error(let refusal): ["type": "error", "code": refusal.code]
                }
            return String(decoding: try JSONResponse.encoder.encode(object), as: UTF8.self)
        }
    }
}
