import RelaisCore

/// A campaign's state as a coloured badge that always carries its label; a held scheduled campaign shows as held,
/// because "scheduled" would promise a send that will not happen until someone acts.
struct CampaignStateBadge {
    let label: String
    let css: String
    /// The state as the API names it (`running`), for the live script.
    let state: String

    init(_ state: CampaignState, held: Bool, localizer: Localizer, language: Language) {
        let shown = held && state == .scheduled ? "held" : state.rawValue
        label = localizer.text("campaigns.state.\(shown)", language)
        css = "badge-state-\(shown)"
        self.state = state.rawValue
    }

    /// Every state's label, for the live script that relabels the badge when the state changes under the page.
    static func labels(localizer: Localizer, language: Language) -> [String: String] {
        Dictionary(uniqueKeysWithValues: CampaignState.allCases.map { ($0.rawValue, localizer.text("campaigns.state.\($0.rawValue)", language)) })
    }
}
