import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Base `XMLParser` delegate for workbook parts: refuses DTD declarations and keeps the first
/// error, so every parser of the reader shares one safe setup (`run(_:part:)`).
class GuardedXMLDelegate: NSObject, XMLParserDelegate {
    /// The error that stopped parsing, if a subclass or the DTD guard aborted it.
    var failure: SpreadsheetError?

    /// Stops the parser with `error`; the first error wins.
    func fail(_ error: SpreadsheetError, _ parser: XMLParser) {
        if failure == nil { failure = error }
        parser.abortParsing()
    }

    /// Parses with external entities off and maps the outcome to a `SpreadsheetError`.
    func run(_ parser: XMLParser, part: String) throws(SpreadsheetError) {
        partName = part
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        parser.delegate = self
        let succeeded = parser.parse()
        if let failure { throw failure }
        if !succeeded {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "unknown XML error"
            throw .corruptXLSX(part: part, reason: "line \(parser.lineNumber): \(reason)")
        }
    }

    // The element callbacks are declared here and overridden by subclasses: on Linux
    // `XMLParserDelegate` is a plain Swift protocol whose optional methods have default
    // implementations, so a method only a subclass declares would never be called.
    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {}

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {}

    func parser(_ parser: XMLParser, foundCharacters string: String) {}

    // On Linux, FoundationXML does not report these declarations (checked in the tests), so
    // `DoctypeScanner` is the guard that counts there; these keep Darwin equally strict.
    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        fail(.forbiddenDTD(part: partName), parser)
    }

    func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
        fail(.forbiddenDTD(part: partName), parser)
    }

    func parser(_ parser: XMLParser, foundUnparsedEntityDeclarationWithName name: String, publicID: String?, systemID: String?, notationName: String?)
    {
        fail(.forbiddenDTD(part: partName), parser)
    }

    func parser(_ parser: XMLParser, foundElementDeclarationWithName elementName: String, model: String) {
        fail(.forbiddenDTD(part: partName), parser)
    }

    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
        fail(.forbiddenDTD(part: partName), parser)
        return nil
    }

    /// The part being parsed, for error messages; set by `run(_:part:)`.
    var partName = "workbook part"

    /// `a:sheet` and `sheet` alike: some producers prefix the spreadsheetml namespace.
    static func localName(_ name: String) -> Substring {
        guard let colon = name.lastIndex(of: ":") else { return name[...] }
        return name[name.index(after: colon)...]
    }
}
