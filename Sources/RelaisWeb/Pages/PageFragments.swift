import Foundation

/// Markup the server built itself (the charts' SVG) that a page must show as markup, not as text.
///
/// Templates only ever escape (`{{ }}`), so a model holds a slot token instead of the SVG, and the renderer swaps the
/// tokens for the markup after Mustache ran. The token carries a nonce drawn for this page, so text a user typed (a
/// campaign name) can never spell one; the token is letters, digits and dashes, which escaping leaves intact.
struct PageFragments {
    private let nonce = UUID().uuidString.lowercased()
    private(set) var markup: [String: String] = [:]

    /// Keeps `markup` (trusted: every text in it was escaped by its producer) and returns the token to place in the model.
    mutating func slot(_ value: String) -> String {
        // The trailing "x" ends the token, so slot 1 is never a prefix of slot 10.
        let token = "relais-fragment-\(nonce)-\(markup.count)x"
        markup[token] = value
        return token
    }

    /// `html` with every token replaced by its markup.
    func splice(into html: String) -> String {
        markup.reduce(html) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
    }
}
