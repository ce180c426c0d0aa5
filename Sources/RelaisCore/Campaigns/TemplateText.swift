/// Fills a template's own placeholders (`{{1}}`, `{{first_name}}`) with rendered values, for previews.
public enum TemplateText {
    /// `text` with each placeholder replaced by its value: `{{n}}` takes `values[n - 1]`; a named placeholder takes the
    /// value at the rank of its name among the distinct names, in order of first appearance (as Meta numbers named
    /// parameters). A placeholder without a value stays as it is, so the preview shows what is still unfilled.
    public static func fill(_ text: String, with values: [String]) -> String {
        var result = ""
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            result += rest[..<open.lowerBound]
            let inside = rest[open.upperBound...]
            guard let close = inside.range(of: "}}") else {
                rest = rest[open.lowerBound...]
                break
            }
            let placeholder = rest[open.lowerBound..<close.upperBound]
            let name = inside[..<close.lowerBound].trimmingWhitespace()
            if let index = valueIndex(of: name, names: &names), values.indices.contains(index) {
                result += values[index]
            } else {
                result += placeholder
            }
            rest = inside[close.upperBound...]
        }
        return result + rest
    }

    /// The index in `values` a placeholder takes, registering a new name; nil for what is not a placeholder name.
    private static func valueIndex(of name: String, names: inout [String]) -> Int? {
        guard !name.isEmpty, name.unicodeScalars.allSatisfy(isNameScalar) else { return nil }
        if name.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
            guard let number = Int(name), number >= 1 else { return nil }
            return number - 1
        }
        if let known = names.firstIndex(of: name) { return known }
        names.append(name)
        return names.count - 1
    }

    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
    }
}
