/// One page of `GET /{waba-id}/message_templates`; `after` is the cursor of the next page, if any.
public struct MessageTemplatePage: Sendable, Hashable {
    public var templates: [MessageTemplate]
    public var after: String?

    public init(templates: [MessageTemplate], after: String?) {
        self.templates = templates
        self.after = after
    }
}
