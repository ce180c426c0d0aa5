import Foundation
import RelaisCore
import RelaisStore

/// The Reports page: the export forms (for those who may export), the weekly reports generated so far, and for
/// admins the switch of the weekly overview.
struct ReportsPageModel {
    struct Preset {
        let value: String
        let label: String
        let selected: Bool
    }

    struct File {
        let title: String
        let href: String
        let size: String
        let at: String
    }

    let canExport: Bool
    let canManage: Bool
    let weeklyEnabled: Bool
    let presets: [Preset]
    let files: [File]
    let empty: Bool

    init(files: [ReportFile], weeklyEnabled: Bool, viewer: Identity, localizer: Localizer, language: Language) {
        canExport = PermissionMatrix.allows(viewer.user.role, .exportReports)
        canManage = PermissionMatrix.allows(viewer.user.role, .manageSettings)
        self.weeklyEnabled = weeklyEnabled
        presets = ["7d", "30d", "today"].map {
            Preset(value: $0, label: localizer.text("reports.page.preset_\($0)", language), selected: $0 == "30d")
        }
        let format = ReportFormat(localizer: localizer, language: language, timezone: viewer.company.timezone)
        self.files = files.map {
            File(
                title: localizer.text("reports.page.weekly_file", language, ["period": format.period($0.from, $0.to)]),
                href: PagePath.reports.rawValue + "/files/" + $0.id.uuidString.lowercased(), size: Self.size($0.size, language),
                at: format.dateTime($0.generatedAt))
        }
        empty = files.isEmpty
    }

    /// 48 213 bytes → "47.1 KB" / "47,1 Ko".
    static func size(_ bytes: Int, _ language: Language) -> String {
        let french = language == .fr
        let (value, unit): (Double, String) =
            bytes >= 1 << 20 ? (Double(bytes) / Double(1 << 20), french ? "Mo" : "MB") : (Double(bytes) / 1024, french ? "Ko" : "KB")
        let text = String(format: "%.1f", value)
        return (french ? text.replacingOccurrences(of: ".", with: ",") : text) + "\u{A0}" + unit
    }
}
