import Foundation

/// What a campaign needs to know of an approved template: its texts for previews, and which parameters it
/// takes — the header's (text placeholders, or one media link), the body's, and each URL button's suffix.
/// Read from Meta's components JSON (`[{type: HEADER|BODY|FOOTER|BUTTONS, …}]`).
public struct TemplateShape: Sendable, Equatable {
    /// A button as the preview shows it; `urlParameterIndex` is its position among buttons when its URL takes a suffix.
    public struct Button: Sendable, Equatable {
        public let type: String
        public let text: String
        public let url: String?
        public let index: Int
        public var takesParameter: Bool { type == "URL" && (url.map { !TemplateRules.variables(in: $0).isEmpty } ?? false) }
    }

    /// `TEXT`, `IMAGE`, `VIDEO`, `DOCUMENT`, `LOCATION`, or nil without a header.
    public let headerFormat: String?
    public let headerText: String?
    public let body: String
    public let footer: String?
    public let buttons: [Button]
    /// Placeholder names in order: `["1", "2"]` for numbered templates, `["first_name"]` for named ones.
    public let headerParameters: [String]
    public let bodyParameters: [String]
    /// True for templates created with named parameters (`{{first_name}}`): sends must name each value.
    public let namedParameters: Bool

    /// Parameters each part expects, as the campaign's `variables` must supply them.
    public var headerCount: Int { isMediaHeader ? 1 : headerParameters.count }
    public var bodyCount: Int { bodyParameters.count }
    public var urlButtons: [Button] { buttons.filter(\.takesParameter) }
    public var isMediaHeader: Bool { ["IMAGE", "VIDEO", "DOCUMENT"].contains(headerFormat ?? "") }

    /// The uploaded file `content`'s media header names (`media:<id>`); nil for a text header or a header by link.
    public func headerFileID(of content: CampaignContent) -> UUID? {
        guard isMediaHeader, let expression = content.header.first, case .upload(let id) = MediaHeaderSource(expression: expression) else {
            return nil
        }
        return id
    }

    /// Reads Meta's components array; nil when it is not one or has no body.
    public init?(componentsJSON: String) {
        guard let components = (try? JSONSerialization.jsonObject(with: Data(componentsJSON.utf8))) as? [[String: Any]] else { return nil }
        var headerFormat: String?
        var headerText: String?
        var body: String?
        var footer: String?
        var buttons: [Button] = []
        for component in components {
            switch (component["type"] as? String)?.uppercased() {
            case "HEADER":
                headerFormat = (component["format"] as? String)?.uppercased() ?? "TEXT"
                headerText = component["text"] as? String
            case "BODY": body = component["text"] as? String
            case "FOOTER": footer = component["text"] as? String
            case "BUTTONS":
                for case let button as [String: Any] in component["buttons"] as? [Any] ?? [] {
                    buttons.append(
                        Button(
                            type: (button["type"] as? String)?.uppercased() ?? "", text: button["text"] as? String ?? "",
                            url: button["url"] as? String, index: buttons.count))
                }
            default: continue
            }
        }
        guard let body else { return nil }
        self.headerFormat = headerFormat
        self.headerText = headerText
        self.body = body
        self.footer = footer
        self.buttons = buttons
        headerParameters = Self.distinct(TemplateRules.variables(in: headerFormat == "TEXT" ? headerText ?? "" : ""))
        bodyParameters = Self.distinct(TemplateRules.variables(in: body))
        namedParameters = (headerParameters + bodyParameters).contains { Int($0) == nil }
    }

    /// Checks that `content` supplies exactly the parameters this template takes; fields as the API names them.
    public func issues(for content: CampaignContent, prefix: String = "variables") -> [ValidationIssue] {
        var issues = ValidationCollector()
        let expected = [("header", headerCount, content.header), ("body", bodyCount, content.body), ("buttons", urlButtons.count, content.buttons)]
        for (part, count, given) in expected where given.count != count {
            issues.add("\(prefix).\(part)", given.count > count ? "error.variable.unknown_parameter" : "error.variable.missing_parameter")
        }
        return issues.issues
    }

    /// The message as the recipient reads it, parameters filled (the preview and the conversation history).
    public func previewText(_ rendered: RenderedContent) -> String {
        var parts: [String] = []
        if headerFormat == "TEXT", let headerText { parts.append(TemplateText.fill(headerText, with: rendered.header)) }
        parts.append(TemplateText.fill(body, with: rendered.body))
        if let footer, !footer.isEmpty { parts.append(footer) }
        return parts.joined(separator: "\n")
    }

    private static func distinct(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }
}
