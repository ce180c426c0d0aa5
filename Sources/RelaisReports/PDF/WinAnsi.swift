import Foundation

/// Unicode to WinAnsiEncoding (Windows-1252), the encoding of the standard PDF fonts: French text (é è à ç ô œ
/// € « ») maps exactly; anything else (emoji, CJK) becomes "?" so a report never breaks on a contact's name.
enum WinAnsi {
    static let replacement: UInt8 = 0x3F  // "?"

    /// The WinAnsi bytes of `text`, one per character (grapheme), after canonical composition.
    static func encode(_ text: String) -> [UInt8] {
        // Printable ASCII (phone numbers, dates, most names) is its own WinAnsi: no grapheme walk, which a
        // 100,000-row recipients table otherwise pays several times per cell.
        if text.utf8.allSatisfy({ (0x20...0x7E).contains($0) || $0 == 0x09 }) {
            return text.utf8.map { $0 == 0x09 ? 0x20 : $0 }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for character in text.precomposedStringWithCanonicalMappingIfNeeded {
            if let byte = byte(for: character) {
                bytes.append(byte)
            } else if !character.isNewline {
                bytes.append(replacement)
            } else {
                bytes.append(0x20)
            }
        }
        return bytes
    }

    /// The byte for a single-scalar character, or nil when WinAnsi cannot show it.
    static func byte(for character: Character) -> UInt8? {
        let scalars = character.unicodeScalars
        guard scalars.count == 1, let scalar = scalars.first else { return nil }
        return byte(for: scalar)
    }

    static func byte(for scalar: Unicode.Scalar) -> UInt8? {
        switch scalar.value {
        case 0x20...0x7E, 0xA0...0xFF: return UInt8(scalar.value)
        case 0x09: return 0x20
        // Thin, narrow and figure spaces (French number grouping) print as a no-break space.
        case 0x2002...0x200A, 0x202F: return 0xA0
        default: return upper[scalar.value]
        }
    }

    /// The characters Windows-1252 puts in 0x80…0x9F.
    private static let upper: [UInt32: UInt8] = [
        0x20AC: 0x80,  // €
        0x201A: 0x82,  // ‚
        0x0192: 0x83,  // ƒ
        0x201E: 0x84,  // „
        0x2026: 0x85,  // …
        0x2020: 0x86,  // †
        0x2021: 0x87,  // ‡
        0x02C6: 0x88,  // ˆ
        0x2030: 0x89,  // ‰
        0x0160: 0x8A,  // Š
        0x2039: 0x8B,  // ‹
        0x0152: 0x8C,  // Œ
        0x017D: 0x8E,  // Ž
        0x2018: 0x91,  // ‘
        0x2019: 0x92,  // ’
        0x201C: 0x93,  // “
        0x201D: 0x94,  // ”
        0x2022: 0x95,  // •
        0x2013: 0x96,  // –
        0x2014: 0x97,  // —
        0x02DC: 0x98,  // ˜
        0x2122: 0x99,  // ™
        0x0161: 0x9A,  // š
        0x203A: 0x9B,  // ›
        0x0153: 0x9C,  // œ
        0x017E: 0x9E,  // ž
        0x0178: 0x9F,  // Ÿ
    ]
}

extension String {
    /// NFC, skipped for plain ASCII (the common case in tables of numbers).
    fileprivate var precomposedStringWithCanonicalMappingIfNeeded: String {
        utf8.allSatisfy { $0 < 0x80 } ? self : precomposedStringWithCanonicalMapping
    }
}
