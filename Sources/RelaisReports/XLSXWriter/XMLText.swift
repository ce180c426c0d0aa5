/// Escaping of text for the XML parts the writer produces.
enum XMLText {
    /// Appends `text` escaped for element content and attribute values, dropping what XML 1.0
    /// cannot hold at all (C0 controls other than tab and line feed, U+FFFE, U+FFFF); a carriage
    /// return is kept as `&#13;`, which a parser would otherwise turn into a line feed.
    static func append(_ text: String, to output: inout String) {
        guard text.utf8.contains(where: needsWork) else {
            output += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "\r": output += "&#13;"
            case "\t", "\n": output.unicodeScalars.append(scalar)
            case "\u{0}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": continue
            default: output.unicodeScalars.append(scalar)
            }
        }
    }

    /// `text` escaped, as a new string.
    static func escaped(_ text: String) -> String {
        var output = ""
        append(text, to: &output)
        return output
    }

    /// Bytes that may need escaping or removal; U+FFFE/U+FFFF start with 0xEF in UTF-8.
    private static func needsWork(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == 0xEF
    }
}
