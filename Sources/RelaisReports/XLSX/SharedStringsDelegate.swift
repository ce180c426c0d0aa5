import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Concatenates the `<t>` of each `<si>`, rich text runs included, phonetic guides (`<rPh>`) excluded.
final class SharedStringsDelegate: GuardedXMLDelegate {
    private let limits: XLSXLimits
    var strings: [String] = []
    var oversized: [Int: Int] = [:]
    private var totalBytes = 0
    private var current = ""
    private var currentBytes = 0
    private var inText = false
    private var inPhonetic = false

    init(limits: XLSXLimits) {
        self.limits = limits
    }

    override func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch Self.localName(elementName) {
        case "si":
            current = ""
            currentBytes = 0
        case "t": inText = !inPhonetic
        case "rPh": inPhonetic = true
        default: break
        }
    }

    override func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard inText else { return }
        currentBytes += string.utf8.count
        if currentBytes <= limits.sheet.maxCellBytes { current += string }
    }

    override func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        switch Self.localName(elementName) {
        case "t": inText = false
        case "rPh": inPhonetic = false
        case "si": endEntry(parser)
        default: break
        }
    }

    private func endEntry(_ parser: XMLParser) {
        guard strings.count < limits.maxSharedStrings else { return fail(.tooManySharedStrings(limit: limits.maxSharedStrings), parser) }
        totalBytes += min(currentBytes, limits.sheet.maxCellBytes)
        guard totalBytes <= limits.maxSharedStringBytes else {
            return fail(.sharedStringsTooLarge(limit: limits.maxSharedStringBytes), parser)
        }
        if currentBytes > limits.sheet.maxCellBytes {
            oversized[strings.count] = currentBytes
            strings.append("")
        } else {
            strings.append(current)
        }
    }
}
