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
