/// What a campaign sends: an approved template and one variable expression per template parameter.
public struct CampaignContent: Sendable, Equatable, Codable {
    public var templateName: String
    public var language: String
    /// Expressions for the header parameters, in order (at most one for a text header).
    public var header: [String]
    /// Expressions for the body parameters `{{1}}`, `{{2}}`… (or the named ones, in order of appearance).
    public var body: [String]
    /// Expressions for the button parameters (the URL suffix of a dynamic URL button…), in order.
    public var buttons: [String]
    /// A free-form text (an expression too) sent instead of the template to recipients who wrote to the number in
    /// the last 24 hours: inside WhatsApp's customer-service window, a business may answer with any text.
    public var freeformText: String?

    /// WhatsApp's limit on a text message.
    public static let freeformLimit = 4096

    public init(templateName: String, language: String, header: [String], body: [String], buttons: [String], freeformText: String? = nil) {
        self.templateName = templateName
        self.language = language
        self.header = header
        self.body = body
        self.buttons = buttons
        self.freeformText = freeformText
    }

    /// Every broken expression, with its field (`variables.body.1`) and code (`error.variable.unclosed`,
    /// `error.variable.invalid`, `error.variable.empty_fallback`, `error.variable.too_long`); a blank expression gives
    /// `error.required`, because it would render as an empty parameter for every recipient.
    public func validate() -> [ValidationIssue] {
        var issues = ValidationCollector()
        for (section, expressions) in sections {
            for (index, source) in expressions.enumerated() {
                let field = "variables.\(section).\(index)"
                do {
                    _ = try VariableExpression(parsing: source)
                    if source.trimmingWhitespace().isEmpty { issues.add(field, "error.required") }
                } catch {
                    issues.add(field, error.code)
                }
            }
        }
        if let freeformText {
            do {
                _ = try VariableExpression(parsing: freeformText, limit: Self.freeformLimit)
                if freeformText.trimmingWhitespace().isEmpty { issues.add("freeform_text", "error.required") }
            } catch {
                issues.add("freeform_text", error.code)
            }
        }
        return issues.issues
    }

    /// The free-form text for one recipient inside the customer-service window; nil without one (or when it does
    /// not parse: the template is sent instead).
    public func renderFreeform(_ fields: RecipientFields) -> VariableRendering? {
        guard let freeformText, let expression = try? VariableExpression(parsing: freeformText, limit: Self.freeformLimit) else { return nil }
        return expression.render(fields)
    }

    /// Every parameter filled in for one recipient. An expression that does not parse (it should have been refused by
    /// `validate()`) is sent as its literal text rather than dropping the whole campaign.
    public func render(_ fields: RecipientFields) -> RenderedContent {
        var usedFallback = false
        var missing: [String] = []
        func fill(_ expressions: [String]) -> [String] {
            expressions.map { source in
                guard let expression = try? VariableExpression(parsing: source) else { return source }
                let rendering = expression.render(fields)
                usedFallback = usedFallback || rendering.usedFallback
                for field in rendering.missingFields where !missing.contains(field) { missing.append(field) }
                return rendering.text
            }
        }
        let header = fill(header)
        let body = fill(body)
        let buttons = fill(buttons)
        return RenderedContent(header: header, body: body, buttons: buttons, usedFallback: usedFallback, missingFields: missing)
    }

    private var sections: [(String, [String])] { [("header", header), ("body", body), ("buttons", buttons)] }
}
