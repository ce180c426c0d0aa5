import Foundation
import RelaisCore
import WhatsAppCloud

/// The WhatsApp numbers page: what each connected number can do, and how to connect another.
struct NumbersPageModel {
    struct Row {
        let id: String
        let display: String
        let verifiedName: String
        let quality: String
        let qualityClass: String
        let tier: String
        let throughput: Int
        let status: String
        let statusReason: String?
        let paused: Bool
        let sandbox: Bool
        let phoneNumberID: String
        let verifiedAt: String
    }

    let rows: [Row]
    let empty: Bool
    let sandboxMode: Bool
    let values: [String: String]
    let errors: [String: String]
    let summary: String?

    init(numbers: [ConnectedNumber], sandboxMode: Bool, localizer: Localizer, language: Language, timezone: String,
         values: [String: String] = [:], errors: [String: String] = [:], summary: String? = nil) {
        let dates = DateFormats(language: language, timezone: timezone)
        rows = numbers.map { number in
            Row(
                id: number.id.uuidString.lowercased(), display: number.displayPhoneNumber, verifiedName: number.verifiedName,
                quality: localizer.text("numbers.quality.\(number.qualityRating.lowercased())", language),
                qualityClass: number.qualityRating.lowercased(), tier: Self.tierLabel(number.tier, localizer, language),
                throughput: number.throughput, status: localizer.text("numbers.status.\(number.status.rawValue)", language),
                statusReason: number.statusReason.map { DispatchReasonText.text($0, localizer: localizer, language: language) }, paused: number.status != .connected, sandbox: number.sandbox,
                phoneNumberID: number.phoneNumberID, verifiedAt: dates.dateTime(number.verifiedAt))
        }
        empty = numbers.isEmpty
        self.sandboxMode = sandboxMode
        self.values = values
        self.errors = errors
        self.summary = summary
    }

    /// `TIER_1K` → "1,000 people / 24 h"; unlimited stays a word.
    static func tierLabel(_ tier: String, _ localizer: Localizer, _ language: Language) -> String {
        guard let limit = MessagingTier.limit(tier) else { return localizer.text("numbers.tier_unlimited", language) }
        return localizer.text("numbers.tier", language, ["count": NumberFormats(language: language).integer(limit)])
    }
}

/// Numbers as the user's language writes them: French `12 345`, English `12,345`.
struct NumberFormats {
    let formatter: NumberFormatter

    init(language: Language) {
        formatter = NumberFormatter()
        formatter.locale = Locale(identifier: language == .fr ? "fr_FR" : "en_US")
        formatter.numberStyle = .decimal
    }

    func integer(_ value: Int) -> String { formatter.string(from: NSNumber(value: value)) ?? String(value) }
}

/// Dates as the user's language writes them, in the company's time zone: French `25/11/2026 14:05`,
/// English `Nov 25, 2026 2:05 PM` (with seconds where a log needs them).
struct DateFormats {
    let formatter: DateFormatter

    init(language: Language, timezone: String, seconds: Bool = false) {
        formatter = DateFormatter()
        formatter.locale = Locale(identifier: language == .fr ? "fr_FR" : "en_US")
        formatter.timeZone = TimeZone(identifier: timezone) ?? .gmt
        formatter.dateFormat =
            switch (language, seconds) {
            case (.fr, false): "dd/MM/yyyy HH:mm"
            case (.fr, true): "dd/MM/yyyy HH:mm:ss"
            case (.en, false): "MMM d, yyyy h:mm a"
            case (.en, true): "MMM d, yyyy h:mm:ss a"
            }
    }

    func dateTime(_ date: Date) -> String { formatter.string(from: date) }
}
