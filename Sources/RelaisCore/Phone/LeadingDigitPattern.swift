/// The digits a national significant number may start with, read from the `leading` column of the plan table:
/// `|`-separated prefixes made of digits, `X` (any digit) and classes like `[2-9]` or `[0-24-8]`; `*` allows all,
/// `-` allows none (a region that only serves as a default and leaves every number to the main region of its code).
///
/// Each prefix is kept as one bit mask of allowed digits per position, so matching is a few shifts, no regex.
struct LeadingDigitPattern: Sendable, Equatable {
    /// One mask per position; bit d set when digit d is allowed there.
    private let alternatives: [[UInt16]]

    /// A pattern that lets every number through.
    static let any = LeadingDigitPattern(alternatives: [])

    var allowsAnything: Bool { alternatives.isEmpty }

    private init(alternatives: [[UInt16]]) {
        self.alternatives = alternatives
    }

    /// Parses the column text; nil when it is malformed (empty prefix, unclosed class, reversed range…).
    init?(_ text: Substring) {
        if text == "*" {
            self.init(alternatives: [])
            return
        }
        if text == "-" {
            // One position that allows no digit: never matches.
            self.init(alternatives: [[0]])
            return
        }
        var alternatives: [[UInt16]] = []
        for piece in text.split(separator: "|", omittingEmptySubsequences: false) {
            guard let masks = Self.masks(of: piece) else { return nil }
            alternatives.append(masks)
        }
        self.init(alternatives: alternatives)
    }

    /// True when `digits` starts with one of the prefixes; a number shorter than a prefix does not match it.
    func matches(_ digits: PhoneDigits) -> Bool {
        if alternatives.isEmpty { return true }
        for masks in alternatives where masks.count <= digits.count {
            var matched = true
            for (position, mask) in masks.enumerated() where mask & (1 << UInt16(digits.digit(at: position))) == 0 {
                matched = false
                break
            }
            if matched { return true }
        }
        return false
    }

    private static let allDigits: UInt16 = 0x3FF

    private static func masks(of piece: Substring) -> [UInt16]? {
        var masks: [UInt16] = []
        var bytes = piece.utf8.makeIterator()
        while let byte = bytes.next() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): masks.append(1 << UInt16(byte - UInt8(ascii: "0")))
            case UInt8(ascii: "X"): masks.append(allDigits)
            case UInt8(ascii: "["):
                guard let mask = classMask(&bytes) else { return nil }
                masks.append(mask)
            default: return nil
            }
        }
        return masks.isEmpty ? nil : masks
    }

    /// Reads a class body up to `]`: single digits and `a-b` ranges.
    private static func classMask(_ bytes: inout Substring.UTF8View.Iterator) -> UInt16? {
        var mask: UInt16 = 0
        var previous: UInt8?
        var inRange = false
        while let byte = bytes.next() {
            switch byte {
            case UInt8(ascii: "]"):
                return mask != 0 && !inRange ? mask : nil
            case UInt8(ascii: "-"):
                guard previous != nil, !inRange else { return nil }
                inRange = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = byte - UInt8(ascii: "0")
                if inRange, let start = previous {
                    guard start <= digit else { return nil }
                    for value in start...digit { mask |= 1 << UInt16(value) }
                    inRange = false
                    previous = nil
                } else {
                    mask |= 1 << UInt16(digit)
                    previous = digit
                }
            default: return nil
            }
        }
        return nil
    }
}
