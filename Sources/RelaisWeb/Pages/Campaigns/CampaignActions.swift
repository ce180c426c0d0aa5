import RelaisCore
import RelaisStore

/// The actions a campaign page offers: those the viewer's role holds, each shown only in the states that allow it.
///
/// Every action the role allows is in the page, the ones the current state forbids `hidden`; when the live script
/// sees the state change (a run completing), it shows and hides them by their `states` without a reload.
struct CampaignActions {
    /// A form with one button, posting to `path`.
    struct Action {
        let key: String
        let path: String
        let label: String
        let states: String
        let hidden: Bool
        /// The consequence, stated before it happens (launch, cancel, delete).
        let confirm: String?
        let style: String
    }

    /// Where an element of the page may be shown: its states, and whether the current state hides it.
    struct Visibility {
        let states: String
        let hidden: Bool
    }

    /// The page's main action for its state, top right: launch (draft, scheduled), pause (running), resume (paused).
    let main: [Action]
    /// Cancel and delete, in the actions card.
    let others: [Action]
    let edit: Visibility?
    let editHref: String
    let testSend: Visibility?
    let schedule: Visibility?
    /// Whether anything of the "more actions" card is shown now (the live script recomputes it).
    let anyOther: Bool
    var canSchedule: Bool { schedule != nil }

    init(_ campaign: CampaignRecord, role: Role, recipients: Int?, localizer: Localizer, language: Language) {
        let state = campaign.state
        let drafts = PermissionMatrix.allows(role, .draftCampaigns)
        let launches = PermissionMatrix.allows(role, .launchCampaigns)
        func visibility(_ states: [CampaignState]) -> Visibility {
            Visibility(states: states.map(\.rawValue).joined(separator: " "), hidden: !states.contains(state))
        }
        func action(_ key: String, _ states: [CampaignState], confirm: String? = nil, style: String = "button-secondary") -> Action {
            let shown = visibility(states)
            return Action(
                key: key, path: PagePath.campaign(campaign.id, key), label: localizer.text("campaigns.action.\(key)", language), states: shown.states,
                hidden: shown.hidden, confirm: confirm, style: style)
        }
        let numbers = NumberFormats(language: language)
        let launchConfirm =
            recipients.map {
                localizer.text("campaigns.confirm.launch", language, ["name": campaign.name, "count": numbers.integer($0)])
            } ?? localizer.text("campaigns.confirm.launch_unknown", language, ["name": campaign.name])
        main =
            launches
            ? [
                action("launch", [.draft, .scheduled], confirm: launchConfirm, style: "button-primary"), action("pause", [.running]),
                action("resume", [.paused], style: "button-primary"),
            ] : []
        var others: [Action] = []
        if launches {
            others.append(
                action(
                    "cancel", [.scheduled, .running, .paused], confirm: localizer.text("campaigns.confirm.cancel", language, ["name": campaign.name]),
                    style: "button-danger-quiet"))
        }
        if drafts {
            others.append(
                action(
                    "delete", [.draft], confirm: localizer.text("campaigns.confirm.delete", language, ["name": campaign.name]),
                    style: "button-danger-quiet"))
        }
        self.others = others
        edit = drafts ? visibility([.draft, .scheduled]) : nil
        editHref = PagePath.campaign(campaign.id, "edit")
        testSend = drafts ? visibility([.draft, .scheduled, .running, .paused]) : nil
        schedule = launches ? visibility([.draft, .scheduled]) : nil
        anyOther = others.contains { !$0.hidden } || testSend.map { !$0.hidden } ?? false
    }
}
