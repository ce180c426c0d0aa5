import RelaisCore

/// What the shared layout shows around every page: the company, the user, the navigation,
/// the sandbox badge, the language switch and the one-time flash message.
struct LayoutModel {
    struct NavItem {
        let label: String
        let href: String
        let icon: String
        let active: Bool
        /// False for sections that later work will bring; shown as "soon", not as a dead link.
        let available: Bool
    }

    let lang: String
    let title: String
    let csrf: String
    let signedIn: Bool
    let companyName: String
    let userName: String
    let userInitial: String
    let roleLabel: String
    let isAdmin: Bool
    let sandbox: Bool
    let nav: [NavItem]
    let settingsNav: [NavItem]
    let otherLanguage: String
    let otherLanguageLabel: String
    let flash: Flash?
    /// Stored rather than read from `Flash.isError`: templates see a model's stored properties only.
    let flashIsError: Bool
    let version: String

    init(
        configuration: WebConfiguration, localizer: Localizer, context: AppRequestContext, titleKey: String, activeNav: String?,
        flash: Flash?
    ) {
        let language = context.language
        let identity = context.identity
        func item(_ key: String, _ path: PagePath, _ icon: String, available: Bool = true) -> NavItem {
            NavItem(
                label: localizer.text("nav.\(key)", language), href: path.rawValue, icon: icon, active: activeNav == key,
                available: available)
        }
        self.lang = language.rawValue
        self.title = localizer.text(titleKey, language)
        self.csrf = context.csrfToken ?? ""
        self.signedIn = identity != nil
        self.companyName = identity?.company.name ?? ""
        self.userName = identity?.user.name ?? ""
        self.userInitial = identity.map { String($0.user.name.prefix(1)).uppercased() } ?? ""
        self.roleLabel = identity.map { localizer.text("role.\($0.user.role.rawValue)", language) } ?? ""
        self.isAdmin = identity?.user.role == .admin
        self.sandbox = configuration.sandbox
        self.nav = [
            item("dashboard", .dashboard, "M3 13h8V3H3zm0 8h8v-6H3zm10 0h8V11h-8zm0-18v6h8V3z"),
            item("contacts", .contacts, "M16 11a4 4 0 1 0-4-4 4 4 0 0 0 4 4zM8 11a3 3 0 1 0-3-3 3 3 0 0 0 3 3zm0 2c-2.3 0-7 1.2-7 3.5V19h14v-2.5C15 14.2 10.3 13 8 13zm8 0c-.3 0-.6 0-1 .1 1.2.8 2 2 2 3.4V19h6v-2.5c0-2.3-4.7-3.5-7-3.5z"),
            item("campaigns", .campaigns, "M3 11v2h3l5 5V6L6 11zm13.5 1A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4z"),
            item("templates", .templates, "M4 4h16v12H5.2L4 17.2zm2 3v2h12V7zm0 4v2h8v-2z"),
            item("reports", .reports, "M5 9h3v10H5zm5.5-4h3v14h-3zM16 13h3v6h-3z"),
        ]
        self.settingsNav =
            identity?.user.role == .admin
            ? [item("numbers", .numbers, "M17 1H7a2 2 0 0 0-2 2v18a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V3a2 2 0 0 0-2-2zm0 18H7V5h10z"),
               item("team", .team, "M12 12a4 4 0 1 0-4-4 4 4 0 0 0 4 4zm0 2c-2.7 0-8 1.3-8 4v2h16v-2c0-2.7-5.3-4-8-4z"),
               item("audit", .audit, "M6 2h9l5 5v15H6zm8 1.5V8h4.5zM8 12h8v2H8zm0 4h8v2H8z"),
               item("privacy", .privacy, Self.privacyIcon),
               item("api_keys", .apiKeys, "M7 14a2 2 0 1 1 2-2 2 2 0 0 1-2 2zm5.6-4A6 6 0 1 0 12.6 14H16v3h3v-3h2v-4z")]
              + (identity.map(configuration.operatesBackups) == true ? [item("backups", .backups, Self.backupsIcon)] : [])
            : [item("team", .team, "M12 12a4 4 0 1 0-4-4 4 4 0 0 0 4 4zm0 2c-2.7 0-8 1.3-8 4v2h16v-2c0-2.7-5.3-4-8-4z"),
               item("privacy", .privacy, Self.privacyIcon)]
        self.otherLanguage = language == .fr ? "en" : "fr"
        self.otherLanguageLabel = language == .fr ? "EN" : "FR"
        self.flash = flash
        self.flashIsError = flash?.isError ?? false
        self.version = configuration.version
    }
}

extension LayoutModel {
    /// A shield (Privacy) and a stack of disks (Backups), as the other icons: one SVG path on a 24-unit grid.
    static let privacyIcon = "M12 2 4 5v6c0 5 3.4 9.7 8 11 4.6-1.3 8-6 8-11V5zm0 4a3 3 0 1 1-3 3 3 3 0 0 1 3-3zm0 13.3A8.2 8.2 0 0 1 7 15c.1-1.7 3.3-2.6 5-2.6s4.9.9 5 2.6a8.2 8.2 0 0 1-5 4.3z"
    static let backupsIcon = "M12 3C7 3 4 4.6 4 6v12c0 1.4 3 3 8 3s8-1.6 8-3V6c0-1.4-3-3-8-3zm0 2c3.9 0 6 1.1 6 1.5S15.9 8 12 8 6 6.9 6 6.5 8.1 5 12 5zm6 13c0 .4-2.1 1.5-6 1.5S6 18.4 6 18v-2.3c1.5.8 3.7 1.3 6 1.3s4.5-.5 6-1.3zm0-5c0 .4-2.1 1.5-6 1.5S6 13.4 6 13v-2.3c1.5.8 3.7 1.3 6 1.3s4.5-.5 6-1.3z"
}
