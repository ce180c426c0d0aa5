import RelaisCore

/// Splits a migration file into single statements, because the extended query
/// protocol PostgresNIO speaks accepts one statement per query.
///
/// Understands what can hide a `;`: quoted strings and identifiers, dollar-quoted
/// bodies (`$$ … $$`, `$tag$ … $tag$`), and `--` / `/* */` comments.
enum SQLScript {
    static func statements(in script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var scalars = Array(script.unicodeScalars)[...]
        while let scalar = scalars.first {
            if scalar == ";" {
                scalars.removeFirst()
                appendTrimmed(current, to: &statements)
                current = ""
            } else {
                current.unicodeScalars.append(contentsOf: nextToken(&scalars))
            }
        }
        appendTrimmed(current, to: &statements)
        return statements
    }

    private static func appendTrimmed(_ statement: String, to statements: inout [String]) {
        let meaningful = statement.split(separator: "\n").contains { line in
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" })
            return !trimmed.isEmpty && !trimmed.hasPrefix("--")
        }
        if meaningful { statements.append(statement.trimmingWhitespace()) }
    }

    /// Consumes one token: a quoted run, a comment, a dollar-quoted body, or one plain character.
    private static func nextToken(_ s: inout ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar] {
        let first = s.removeFirst()
        switch first {
        case "'", "\"":
            return [first] + consume(&s, through: [first])
        case "-" where s.first == "-":
            return [first] + consume(&s, through: ["\n"])
        case "/" where s.first == "*":
            return [first] + consume(&s, through: ["*", "/"])
        case "$":
            guard let tag = dollarTag(s) else { return [first] }
            s.removeFirst(tag.count)
            let delimiter: [Unicode.Scalar] = ["$"] + tag
            return delimiter + consume(&s, through: delimiter)
        default:
            return [first]
        }
    }

    /// For `$tag$`, the scalars after the first `$` up to and including the second; nil when not a dollar quote.
    private static func dollarTag(_ s: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar]? {
        var tag: [Unicode.Scalar] = []
        for scalar in s {
            if scalar == "$" { return tag + ["$"] }
            guard scalar.properties.isAlphabetic || scalar == "_" || (!tag.isEmpty && scalar.properties.numericType != nil) else {
                return nil
            }
            tag.append(scalar)
        }
        return nil
    }

    /// Consumes up to and including `terminator` (or to the end).
    private static func consume(_ s: inout ArraySlice<Unicode.Scalar>, through terminator: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var taken: [Unicode.Scalar] = []
        while !s.isEmpty {
            if s.starts(with: terminator) {
                s.removeFirst(terminator.count)
                return taken + terminator
            }
            taken.append(s.removeFirst())
        }
        return taken
    }
}
