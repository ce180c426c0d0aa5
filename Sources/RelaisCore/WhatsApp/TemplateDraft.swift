/// A message template as a company composes it, before Meta reviews it.
///
/// Only what Relais checks is modelled; the components travel to Meta in their own JSON.
public struct TemplateDraft: Sendable, Equatable {
    public enum HeaderFormat: String, Sendable { case text = "TEXT", image = "IMAGE", video = "VIDEO", document = "DOCUMENT", location = "LOCATION" }

    public struct Button: Sendable, Equatable {
        /// `QUICK_REPLY`, `URL`, `PHONE_NUMBER`, `COPY_CODE`, …
        public let type: String
        public let text: String
        public let url: String?
        public let phoneNumber: String?

        public init(type: String, text: String, url: String? = nil, phoneNumber: String? = nil) {
            self.type = type
            self.text = text
            self.url = url
            self.phoneNumber = phoneNumber
        }
    }

    public let name: String
    public let category: String
    public let language: String
    public let headerFormat: HeaderFormat?
    public let headerText: String?
    public let body: String
    public let footer: String?
    public let buttons: [Button]
    /// `true` when variables are named (`{{first_name}}`) rather than numbered (`{{1}}`).
    public let namedParameters: Bool

    public init(
        name: String, category: String, language: String, headerFormat: HeaderFormat?, headerText: String?, body: String,
        footer: String?, buttons: [Button], namedParameters: Bool
    ) {
        self.name = name
        self.category = category
        self.language = language
        self.headerFormat = headerFormat
        self.headerText = headerText
        self.body = body
        self.footer = footer
        self.buttons = buttons
        self.namedParameters = namedParameters
    }
}
