import RelaisCore

/// The reasons the dispatcher records (in English, for operators' logs) in the words of the page's language.
///
/// The dispatcher writes free text; the known ones are matched by their opening words so the page can translate them,
/// and anything else is shown as recorded rather than hidden.
enum DispatchReasonText {
    /// Opening words of a recorded reason → its catalogue key.
    static let known: [(prefix: String, key: String)] = [
        ("Outside the send window", "campaigns.waiting.window"),
        ("Messaging limit reached", "campaigns.waiting.limit"),
        ("Messaging tier reached", "campaigns.waiting.tier"),
        ("Meta is holding part of this campaign", "campaigns.waiting.pacing"),
        ("Meta disabled this WhatsApp Business account", "campaigns.reason.account_disabled"),
        ("Meta restricted this WhatsApp Business account", "campaigns.reason.account_restricted"),
    ]

    /// Reasons naming who acted: "paused by Ana Martin".
    static let byPerson: [(prefix: String, key: String)] = [
        ("paused by ", "campaigns.reason.paused_by"), ("cancelled by ", "campaigns.reason.cancelled_by"),
    ]

    /// Why the scheduler held a campaign (`CampaignLaunchError.reason`), by a phrase each reason contains.
    static let launchReasons: [(phrase: String, key: String)] = [
        ("The audience is empty", "error.campaign.empty_audience"), ("A segment of the audience was deleted", "error.campaign.segment_missing"),
        ("no longer takes the parameters", "error.campaign.template_mismatch"), ("cannot be sent (", "error.campaign.template_unusable"),
        ("The sending number cannot send", "error.campaign.number_unavailable"),
        ("The header file cannot be sent", "error.campaign.header_file_unavailable"),
    ]

    /// The reason in the page's language when it is a known one, else as recorded.
    static func text(_ reason: String, localizer: Localizer, language: Language) -> String {
        if let launch = launchReasons.first(where: { reason.contains($0.phrase) }) { return localizer.text(launch.key, language) }
        if let person = byPerson.first(where: { reason.hasPrefix($0.prefix) }) {
            return localizer.text(person.key, language, ["name": String(reason.dropFirst(person.prefix.count))])
        }
        return known.first { reason.hasPrefix($0.prefix) }.map { localizer.text($0.key, language) } ?? reason
    }

    /// The same table for the live script: prefix → translated text.
    static func table(localizer: Localizer, language: Language) -> [String: String] {
        Dictionary(uniqueKeysWithValues: known.map { ($0.prefix, localizer.text($0.key, language)) })
    }
}
