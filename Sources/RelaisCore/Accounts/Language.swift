/// The languages the interface speaks.
public enum Language: String, Sendable, Codable, CaseIterable {
    case en
    case fr

    /// The best match for an `Accept-Language` header (`fr-CH,fr;q=0.9,en;q=0.8`), English when none matches.
    public static func preferred(acceptLanguage header: String?) -> Language {
        guard let header else { return .en }
        let ranked = header.split(separator: ",").compactMap { item -> (Language, Double)? in
            let parts = item.split(separator: ";")
            let tag = parts.first?.trimmingWhitespace().lowercased() ?? ""
            let primary = String(tag.split(separator: "-").first ?? "")
            guard let language = Language(rawValue: primary) else { return nil }
            let quality = parts.dropFirst().compactMap { part -> Double? in
                let pair = part.trimmingWhitespace()
                return pair.hasPrefix("q=") ? Double(pair.dropFirst(2)) : nil
            }.first ?? 1
            return (language, quality)
        }
        return ranked.filter { $0.1 > 0 }.max { $0.1 < $1.1 }?.0 ?? .en
    }
}
