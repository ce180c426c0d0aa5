import RelaisCore
import WhatsAppCloud

/// What a Meta error code means, for the failures tables: the catalogue's English reason, or the French
/// translation of the common ones (`analytics.meta.<code>`), and a plain label when the code is unknown.
enum MetaErrorText {
    /// Codes whose explanation the catalogues translate.
    static let translated: Set<Int> = [131026, 131047, 131048, 131049, 131050, 131051, 131056, 130429, 132000, 132001, 132015, 132016, 131031, 190]

    static func english(_ code: Int) -> String {
        if code == 0 { return "No error code" }
        return WhatsAppErrorCatalog.entry(for: code)?.reason ?? "Unknown error code"
    }

    static func text(_ code: Int, _ localizer: Localizer, _ language: Language) -> String {
        if code == 0 { return localizer.text("analytics.meta.none", language) }
        if translated.contains(code) { return localizer.text("analytics.meta.\(code)", language) }
        if language == .en, let entry = WhatsAppErrorCatalog.entry(for: code) { return entry.reason }
        return localizer.text("analytics.meta.unknown", language)
    }
}
