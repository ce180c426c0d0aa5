/// Numbers that a spreadsheet stored as floats and wrote back as text: `33612345678.0` or `3.3612345678E10`
/// (`3,3612345678E+10` from a French Excel). Recognised only in that exact shape, so dotted writings such as
/// `06.12.34.56.78` go through the normal scanner.
enum SpreadsheetFloat {
    /// The integer digits when `raw` is such a float, nil when it is not one;
    /// throws when the exponent pads the mantissa with zeros, because the real digits are lost.
    static func digits(in raw: String) throws(PhoneNumberError) -> PhoneDigits? {
        var bytes = raw.utf8[...]
        while let first = bytes.first, first == UInt8(ascii: " ") { bytes = bytes.dropFirst() }
        while let last = bytes.last, last == UInt8(ascii: " ") { bytes = bytes.dropLast() }
        // Cheap exit for ordinary cells: a float starts with a digit and is short.
        guard let first = bytes.first, isDigit(first), bytes.count <= 40 else { return nil }

        let integer = bytes.prefix(while: isDigit)
        var rest = bytes.dropFirst(integer.count)
        var fraction = bytes[bytes.endIndex...]
        if let separator = rest.first, separator == UInt8(ascii: ".") || separator == UInt8(ascii: ",") {
            fraction = rest.dropFirst().prefix(while: isDigit)
            rest = rest.dropFirst(1 + fraction.count)
        }
        guard let marker = rest.first, marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") else {
            // No exponent: only `digits.0…` is a float; `digits,0` or `06.12` are not.
            guard rest.isEmpty, integer.count < bytes.count, bytes[integer.endIndex] == UInt8(ascii: "."),
                !fraction.isEmpty, fraction.allSatisfy({ $0 == UInt8(ascii: "0") })
            else { return nil }
            return PhoneDigits(Substring(integer))
        }
        var exponentText = rest.dropFirst()
        if exponentText.first == UInt8(ascii: "+") { exponentText = exponentText.dropFirst() }
        guard !exponentText.isEmpty, exponentText.count <= 2, exponentText.allSatisfy(isDigit),
            let exponent = Int(Substring(exponentText))
        else { return nil }
        guard exponent >= fraction.count else { return nil }
        guard exponent == fraction.count else {
            throw .lossyScientificNotation(String(Substring(bytes)))
        }
        return PhoneDigits(Substring(integer) + Substring(fraction))
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
