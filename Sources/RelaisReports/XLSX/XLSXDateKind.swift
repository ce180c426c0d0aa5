/// What a date-formatted cell holds, decided from its number format.
enum XLSXDateKind: Sendable, Equatable {
    case date
    case dateTime
    case time

    /// The kind of built-in number format `id`, or `nil` when it is not a date or time.
    static func builtIn(_ id: Int) -> XLSXDateKind? {
        switch id {
        case 14...17, 27...36, 50...58: .date
        case 18...21, 45...47: .time
        case 22: .dateTime
        default: nil
        }
    }

    /// The kind of a custom format code such as `dd/mm/yyyy hh:mm`, or `nil` for a number format.
    ///
    /// Quoted text, escaped characters, `[…]` sections (colours, locales, currencies) and
    /// `_x`/`*x` padding are removed first, so `"days"` or `[$€-407]` do not look like dates.
    static func custom(_ code: String) -> XLSXDateKind? {
        var letters = Set<Character>()
        var iterator = code.lowercased().makeIterator()
        var inQuotes = false
        var inBrackets = false
        scan: while let character = iterator.next() {
            if inQuotes {
                if character == "\"" { inQuotes = false }
                continue
            }
            if inBrackets {
                if character == "]" { inBrackets = false }
                continue
            }
            switch character {
            case "\"": inQuotes = true
            case "[": inBrackets = true
            case "\\", "_", "*": _ = iterator.next()
            case ";": break scan  // Only the first (positive) section matters.
            default: letters.insert(character)
            }
        }
        let hasDay = letters.contains("d") || letters.contains("y")
        let hasTime = letters.contains("h") || letters.contains("s")
        switch (hasDay, hasTime) {
        case (true, true): return .dateTime
        case (true, false): return .date
        case (false, true): return .time
        case (false, false): return letters.contains("m") ? .date : nil
        }
    }
}
