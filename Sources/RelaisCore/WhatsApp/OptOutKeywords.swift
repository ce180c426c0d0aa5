import Foundation

/// Recognises an opt-out keyword ("STOP", "Arrêt", "désinscrire") in an inbound message.
///
/// The whole message must be the keyword, compared without case, accents or surrounding
/// punctuation: "Stop!" opts out, "Don't stop the offers" does not.
public struct OptOutKeywords: Sendable {
    public static let defaults = ["STOP", "ARRET", "ARRÊT", "STOPP", "UNSUBSCRIBE", "DESINSCRIRE", "DÉSINSCRIRE"]

    private let folded: Set<String>

    public init(_ keywords: [String] = OptOutKeywords.defaults) {
        folded = Set(keywords.map(Self.fold))
    }

    /// The labels Meta gives the marketing opt-out quick-reply button of a template ("Stop promotions"), in the
    /// languages Relais speaks; a tap arrives as a `button` message with that text.
    public static let marketingButtonLabels = ["STOP PROMOTIONS", "ARRETER LES PROMOTIONS", "ARRÊTER LES PROMOTIONS"]

    /// Whether a button reply opts out: its text or payload is a keyword, or its text is the opt-out button's label.
    public func matchesButton(text: String?, payload: String?) -> Bool {
        let labels = Set(Self.marketingButtonLabels.map(Self.fold))
        return [text, payload].compactMap { $0 }.contains { matches($0) || labels.contains(Self.fold($0)) }
    }

    public func matches(_ text: String) -> Bool {
        let candidate = Self.fold(text)
        return !candidate.isEmpty && folded.contains(candidate)
    }

    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters).union(.symbols))
            .uppercased()
    }
}
