/// A run of up to 19 decimal digits kept in one `UInt64` plus its length, so leading zeros
/// (trunk prefixes, `00`) survive and slicing never allocates: the parser's hot path works on these.
struct PhoneDigits: Hashable, Sendable {
    /// Most digits a `UInt64` holds without overflow (10^19 < 2^64).
    static let capacity = 19

    private(set) var value: UInt64
    private(set) var count: Int

    init() {
        value = 0
        count = 0
    }

    init(value: UInt64, count: Int) {
        self.value = value
        self.count = count
    }

    /// Reads a string of ASCII digits (used when loading the plan table); nil for anything else.
    init?(_ text: some StringProtocol) {
        self.init()
        guard !text.isEmpty, text.utf8.count <= Self.capacity else { return nil }
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            append(byte - UInt8(ascii: "0"))
        }
    }

    var isEmpty: Bool { count == 0 }

    /// Appends one digit; the caller checks `count < capacity` first.
    mutating func append(_ digit: UInt8) {
        value = value &* 10 &+ UInt64(digit)
        count += 1
    }

    /// The digit at `position` counted from the left.
    func digit(at position: Int) -> UInt8 {
        UInt8((value / Self.powerOfTen[count - 1 - position]) % 10)
    }

    /// The first `length` digits.
    func prefix(_ length: Int) -> PhoneDigits {
        PhoneDigits(value: value / Self.powerOfTen[count - length], count: length)
    }

    /// Everything after the first `length` digits.
    func dropFirst(_ length: Int) -> PhoneDigits {
        PhoneDigits(value: value % Self.powerOfTen[count - length], count: count - length)
    }

    func hasPrefix(_ other: PhoneDigits) -> Bool {
        other.count <= count && prefix(other.count) == other
    }

    /// The digits as text, leading zeros included.
    var string: String {
        guard count > 0 else { return "" }
        let text = String(value)
        return count > text.utf8.count ? String(repeating: "0", count: count - text.utf8.count) + text : text
    }

    static let powerOfTen: [UInt64] = {
        var powers: [UInt64] = [1]
        for _ in 1..<capacity { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()
}
