import Testing

@testable import RelaisWeb

@Suite struct PageFragmentsTests {
    @Test func everyTokenBecomesItsMarkupAndNothingElseChanges() {
        var fragments = PageFragments()
        let tokens = (0..<12).map { fragments.slot("<svg id=\"c\($0)\">é\($0)</svg>") }
        // Slot 1 followed by a digit must not be read as slot 10; text around the tokens keeps its accents and emoji.
        let html = "<p>Résumé 🎉 \(tokens[1])0 \(tokens[10]) relais-fragment-other-1x \(tokens[11])\(tokens[0])</p>"
        let spliced = fragments.splice(into: html)
        #expect(
            spliced == "<p>Résumé 🎉 <svg id=\"c1\">é1</svg>0 <svg id=\"c10\">é10</svg> relais-fragment-other-1x <svg id=\"c11\">é11</svg><svg id=\"c0\">é0</svg></p>")
    }

    @Test func aTokenOfAnotherPageOrOutOfRangeIsLeftAsText() {
        var fragments = PageFragments()
        let token = fragments.slot("<b>kept</b>")
        let unknown = token.replacingOccurrences(of: "-0x", with: "-7x")
        let unfinished = String(token.dropLast())
        let spliced = fragments.splice(into: "\(unknown) \(unfinished)")
        #expect(spliced == "\(unknown) \(unfinished)")
        #expect(PageFragments().splice(into: token) == token)
    }
}
