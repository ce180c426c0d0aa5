import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Collects `<numFmt numFmtId formatCode>` and the `numFmtId` of each `<xf>` inside `<cellXfs>`.
final class StylesDelegate: GuardedXMLDelegate {
    var customFormats: [Int: String] = [:]
    var cellFormatIDs: [Int] = []
    private var inCellXfs = false

    override func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch Self.localName(elementName) {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] { customFormats[id] = code }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs: cellFormatIDs.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
        default: break
        }
    }

    override func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        if Self.localName(elementName) == "cellXfs" { inCellXfs = false }
    }
}
