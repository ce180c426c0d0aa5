/// An email address, trimmed and lower-cased so that uniqueness is case-insensitive.
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    /// The longest address SMTP allows (RFC 5321 path limit).
    public static let maximumLength = 254

    /// Characters that never belong in the addresses we accept (quoted local parts are not supported).
    private static let forbidden = Set(" <>()[]\\,;:\"".unicodeScalars)

    /// Accepts `local@domain.tld` with no spaces or control characters; deliverability is not our question.
    public init?(_ raw: String) {
        let trimmed = raw.trimmingWhitespace().lowercased()
        guard trimmed.count <= Self.maximumLength,
            let at = trimmed.firstIndex(of: "@"),
            trimmed.lastIndex(of: "@") == at
        else { return nil }
        let local = trimmed[..<at]
        let domain = trimmed[trimmed.index(after: at)...]
        // Byte checks rather than Foundation's `contains(_:)`, which an import calls for every row.
        let dot = UInt8(ascii: ".")
        let domainBytes = domain.utf8
        guard !local.isEmpty, local.count <= 64, domainBytes.contains(dot),
            domainBytes.first != dot, domainBytes.last != dot, !zip(domainBytes, domainBytes.dropFirst()).contains(where: { $0 == dot && $1 == dot })
        else { return nil }
        let hasBadCharacter = trimmed.unicodeScalars.contains { $0.value < 0x21 || $0.value == 0x7F || Self.forbidden.contains($0) }
        guard !hasBadCharacter else { return nil }
        self.value = trimmed
    }

    /// An address read back from our own tables, where only validated addresses are written: every authenticated
    /// request reads one, and checking it again cost 3 % of `/me`.
    public init(stored value: String) {
        self.value = value
    }

    public var description: String { value }
}
