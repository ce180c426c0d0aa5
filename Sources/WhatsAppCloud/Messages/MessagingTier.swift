/// Meta's messaging-tier names (`TIER_250`, `TIER_2K`, `TIER_100K`, `TIER_UNLIMITED`…), read in one place: the
/// number's details, quality webhooks, the send loop's cap, the overview report and the numbers page all ask here.
public enum MessagingTier {
    /// Whether `name` is written as Meta writes a tier; anything else names no tier and is not stored.
    public static func isName(_ name: String) -> Bool {
        name.utf8.count <= 16 && parse(name) != nil
    }

    /// Unique business-initiated recipients per rolling 24 h that `name` allows (`TIER_1K` → 1,000); nil when it
    /// is unlimited or names no tier.
    public static func limit(_ name: String) -> Int? {
        if case .limited(let recipients) = parse(name) { recipients } else { nil }
    }

    private enum Reading { case unlimited, limited(Int) }

    private static func parse(_ name: String) -> Reading? {
        let upper = name.uppercased()
        guard upper.hasPrefix("TIER_") else { return nil }
        let figure = upper.dropFirst(5)
        if figure == "UNLIMITED" { return .unlimited }
        let multiplier = figure.hasSuffix("K") ? 1_000 : figure.hasSuffix("M") ? 1_000_000 : 1
        let digits = multiplier == 1 ? figure : figure.dropLast()
        // Nine digits at most: a made-up figure cannot overflow once multiplied.
        guard (1...9).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits) else { return nil }
        return .limited(value * multiplier)
    }
}
