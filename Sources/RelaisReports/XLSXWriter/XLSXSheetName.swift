import Foundation

/// Makes a string acceptable to Excel as a sheet name, which otherwise reports the file as damaged.
enum XLSXSheetName {
    private static let maxLength = 31
    private static let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]

    /// `name` with forbidden characters turned into single spaces, without edge apostrophes, cut to 31 UTF-16 units (an
    /// emoji is never split), and suffixed ` (2)`, ` (3)`… when another sheet has it already,
    /// ignoring case as Excel does.
    static func make(_ name: String, avoiding existing: [String]) -> String {
        let cleaned = String(name.map { forbidden.contains($0) || $0.isNewline ? " " : $0 })
        var base = cleaned.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        while base.hasPrefix("'") { base.removeFirst() }
        while base.hasSuffix("'") { base.removeLast() }
        if base.isEmpty { base = "Sheet" }
        let taken = Set(existing.map { $0.lowercased() })
        var candidate = truncated(base, to: maxLength)
        var counter = 2
        while taken.contains(candidate.lowercased()) {
            let suffix = " (\(counter))"
            candidate = truncated(base, to: maxLength - suffix.utf16.count) + suffix
            counter += 1
        }
        return candidate
    }

    private static func truncated(_ text: String, to length: Int) -> String {
        var result = ""
        for character in text {
            guard result.utf16.count + character.utf16.count <= length else { break }
            result.append(character)
        }
        return result
    }
}
