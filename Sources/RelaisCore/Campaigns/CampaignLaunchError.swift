/// Why a campaign cannot start a run now. The scheduler holds a scheduled campaign with this reason; the API answers it.
public enum CampaignLaunchError: Error, Sendable, Equatable {
    /// The sending number is gone, paused or in error (its reason attached).
    case numberUnavailable(String)
    /// A template the campaign sends is missing or not approved (name, and Meta's status or "missing").
    case templateUnusable(name: String, status: String)
    /// The template changed so that the campaign's variables no longer fit it.
    case templateMismatch(name: String)
    /// A segment of the audience was deleted.
    case segmentMissing
    /// The file uploaded for the template's media header is gone or could not be handed to WhatsApp (why attached).
    case headerFileUnavailable(String)
    /// Nobody would receive it (after consent, suppression and the frequency cap).
    case emptyAudience
    /// The state machine refuses it (e.g. launching a completed campaign).
    case illegalState(CampaignTransitionError)

    /// A short English reason kept on a held campaign and shown to operators; pages translate by `code`.
    public var reason: String {
        switch self {
        case .numberUnavailable(let why): "The sending number cannot send: \(why)"
        case .templateUnusable(let name, let status): "Template \(name) cannot be sent (\(status))."
        case .templateMismatch(let name): "Template \(name) no longer takes the parameters the campaign fills."
        case .segmentMissing: "A segment of the audience was deleted."
        case .headerFileUnavailable(let why): "The header file cannot be sent: \(why)"
        case .emptyAudience: "The audience is empty: nobody would receive this campaign."
        case .illegalState(let error): "A \(error.from.rawValue) campaign cannot \(error.action.rawValue)."
        }
    }

    /// The catalogue key of the reason.
    public var code: String {
        switch self {
        case .numberUnavailable: "error.campaign.number_unavailable"
        case .templateUnusable: "error.campaign.template_unusable"
        case .templateMismatch: "error.campaign.template_mismatch"
        case .segmentMissing: "error.campaign.segment_missing"
        case .headerFileUnavailable: "error.campaign.header_file_unavailable"
        case .emptyAudience: "error.campaign.empty_audience"
        case .illegalState: "error.campaign.illegal_state"
        }
    }
}
