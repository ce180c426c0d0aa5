/// The digits of a written number and whether it started with `+`: what remains once separators are dropped.
struct ScannedPhoneInput: Sendable {
    var digits: PhoneDigits
    var hasPlus: Bool
}

/// Turns what a person or a spreadsheet wrote into digits, in one pass over the Unicode scalars
/// (no regex, no intermediate strings on the common path).
///
/// Accepted: any decimal digit Unicode knows (ASCII, full-width, Arabic-Indic, Devanagari…), one leading
/// `+` or `＋`, and as separators spaces of every kind (NBSP, thin space…), dashes, dots, slashes, brackets,
/// quotes (Excel's leading apostrophe) and invisible format marks (BOM, bidi marks, zero-width space).
/// A `tel:` scheme is skipped. Letters are refused, except that an extension marker gets its own error.
enum PhoneInputScanner {
    static func scan(_ raw: String) throws(PhoneNumberError) -> ScannedPhoneInput {
        if let digits = try SpreadsheetFloat.digits(in: raw) {
            return ScannedPhoneInput(digits: digits, hasPlus: false)
        }
        let scalars = raw.unicodeScalars
        var digits = PhoneDigits()
        var digitCount = 0
        var hasPlus = false
        var index = startSkippingTelScheme(scalars)
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if let digit = digitValue(of: scalar) {
                digitCount += 1
                if digitCount <= PhoneDigits.capacity { digits.append(digit) }
            } else if scalar == "+" || scalar == "\u{FF0B}" {
                // A plus after digits is two numbers glued together or an arithmetic cell, never a phone number.
                guard digitCount == 0, !hasPlus else { throw .invalidCharacter(String(scalar)) }
                hasPlus = true
            } else if !isSeparator(scalar) {
                throw rejection(of: scalars[index...], digitsBefore: digitCount)
            }
            scalars.formIndex(after: &index)
        }
        guard digitCount > 0 else { throw hasPlus ? .invalidCharacter("+") : .empty }
        guard digitCount <= PhoneDigits.capacity else { throw .tooManyDigits(count: digitCount) }
        return ScannedPhoneInput(digits: digits, hasPlus: hasPlus)
    }

    /// ASCII first; other scripts through Unicode properties, which only foreign-digit cells pay for.
    @inline(__always)
    static func digitValue(of scalar: Unicode.Scalar) -> UInt8? {
        let value = scalar.value
        if value >= 0x30 && value <= 0x39 { return UInt8(value - 0x30) }
        if value < 0x80 { return nil }
        guard scalar.properties.numericType == .decimal, let number = scalar.properties.numericValue else { return nil }
        return UInt8(number)
    }

    static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", "\n", "\r", "-", ".", "/", "(", ")", "[", "]", "'", "\"", "_", "~": return true
        case "\u{FF0E}", "\u{3002}", "\u{FF0F}", "\u{00B7}": return true  // full-width and ideographic dots, slash, middle dot
        default:
            guard scalar.value >= 0x80 else { return false }
            switch scalar.properties.generalCategory {
            case .spaceSeparator, .dashPunctuation, .format, .openPunctuation, .closePunctuation,
                .initialPunctuation, .finalPunctuation, .lineSeparator, .paragraphSeparator:
                return true
            default: return false
            }
        }
    }

    /// Index after a leading `tel:` (any case, blanks before it allowed), else the start.
    private static func startSkippingTelScheme(_ scalars: String.UnicodeScalarView) -> String.Index {
        var index = scalars.startIndex
        while index < scalars.endIndex, scalars[index] == " " { scalars.formIndex(after: &index) }
        var probe = index
        for expected in "tel:".utf8 {
            // ASCII case folding by hand: Unicode case mapping would allocate on every parse.
            guard probe < scalars.endIndex, scalars[probe].value | 0x20 == UInt32(expected) else { return scalars.startIndex }
            scalars.formIndex(after: &probe)
        }
        return probe
    }

    /// Markers people put before an extension, lower case, longest first so `ext.` wins over `ext`.
    private static let extensionMarkers = ["extension", "poste", ";ext=", "extn", "ext.", "ext", "post", "p.", "x", "#"]

    /// The error for the first character that is neither digit nor separator: an extension when a known marker
    /// follows some digits and only digits follow it, else that character.
    private static func rejection(of tail: Substring.UnicodeScalarView, digitsBefore: Int) -> PhoneNumberError {
        let first = String(tail[tail.startIndex])
        guard digitsBefore > 0 else { return .invalidCharacter(first) }
        let text = String(String.UnicodeScalarView(tail)).lowercased()
        for marker in extensionMarkers where text.hasPrefix(marker) {
            let rest = text.unicodeScalars.dropFirst(marker.unicodeScalars.count)
            let hasDigits = rest.contains { digitValue(of: $0) != nil }
            let onlyDigits = rest.allSatisfy { digitValue(of: $0) != nil || isSeparator($0) || $0 == ":" || $0 == "=" }
            if hasDigits && onlyDigits { return .extensionNotAllowed }
        }
        return .invalidCharacter(first)
    }
}
