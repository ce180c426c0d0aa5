import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Collects `<Relationship Id Target Type>`.
final class RelationshipsDelegate: GuardedXMLDelegate {
    var targets: [String: String] = [:]
    var typedTargets: [(type: String, target: String)] = []

    override func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        guard Self.localName(elementName) == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
        targets[id] = target
        typedTargets.append((attributes["Type"] ?? "", target))
    }
}
