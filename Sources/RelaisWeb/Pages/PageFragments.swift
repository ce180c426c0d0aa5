import Foundation

/// Markup the server built itself (the charts' SVG) that a page must show as markup, not as text.
///
/// Templates only ever escape (`{{ }}`), so a model holds a slot token instead of the SVG, and the renderer swaps the
/// tokens for the markup after Mustache ran. The token carries a nonce drawn for this page, so text a user typed (a
/// campaign name) can never spell one; the token is letters, digits and dashes, which escaping leaves intact.
struct PageFragments {
    private let nonce = UUID().uuidString.lowercased()
    private(set) var markup: [String] = []

    private var prefix: String { "relais-fragment-\(nonce)-" }

    /// Keeps `markup` (trusted: every text in it was escaped by its producer) and returns the token to place in the model.
    mutating func slot(_ value: String) -> String {
        // The trailing "x" ends the token, so slot 1 is never a prefix of slot 10.
        let token = prefix + "\(markup.count)x"
        markup.append(value)
        return token
    }

    /// `html` with every token replaced by its markup, in one pass over the page's bytes (one search of the whole
    /// page per fragment, through NSString, was a third of the dashboard's server time).
    func splice(into html: String) -> String {
        guard !markup.isEmpty else { return html }
        let page = Array(html.utf8)
        let prefix = Array(self.prefix.utf8)
        var spliced: [UInt8] = []
        spliced.reserveCapacity(page.count + markup.reduce(0) { $0 + $1.utf8.count })
        var index = 0
        while index < page.count {
            if page[index] == prefix[0], let (slot, end) = token(in: page, at: index, prefix: prefix) {
                spliced.append(contentsOf: markup[slot].utf8)
                index = end
            } else {
                spliced.append(page[index])
                index += 1
            }
        }
        return String(decoding: spliced, as: UTF8.self)
    }

    /// The slot number of a token starting at `start`, and the index after it; nil when none starts there.
    private func token(in page: [UInt8], at start: Int, prefix: [UInt8]) -> (Int, Int)? {
        guard page.count - start > prefix.count, page[start..<start + prefix.count].elementsEqual(prefix) else { return nil }
        var index = start + prefix.count
        var slot = 0
        while index < page.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(page[index]), slot < markup.count {
            slot = slot * 10 + Int(page[index] - UInt8(ascii: "0"))
            index += 1
        }
        guard index > start + prefix.count, index < page.count, page[index] == UInt8(ascii: "x"), slot < markup.count else { return nil }
        return (slot, index + 1)
    }
}
