import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Collects `<sheet name r:id>` and `<workbookPr date1904>`.
final class WorkbookDelegate: GuardedXMLDelegate {
    var sheets: [(name: String, relationshipID: String)] = []
    var uses1904Dates = false

    override func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch Self.localName(elementName) {
        case "sheet":
            // The relationship id is the `id` attribute in the relationships namespace, whatever its prefix.
            let id = attributes.first { $0.key.hasSuffix(":id") }?.value
            if let name = attributes["name"], let id { sheets.append((name, id)) }
        case "workbookPr":
            let value = attributes["date1904"] ?? "0"
            uses1904Dates = value == "1" || value == "true"
        default: break
        }
    }
}
