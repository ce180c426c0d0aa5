/// The `template` object of a send: name, exact language code and the parameter components.
public struct TemplateMessage: Sendable, Hashable, Encodable {
    public var name: String
    /// Must equal the template's language exactly (`en` ≠ `en_US`).
    public var languageCode: String
    public var components: [TemplateComponent]

    public init(name: String, languageCode: String, components: [TemplateComponent] = []) {
        self.name = name
        self.languageCode = languageCode
        self.components = components
    }

    private struct Language: Encodable {
        let code: String
    }

    enum CodingKeys: String, CodingKey {
        case name, language, components
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(Language(code: languageCode), forKey: .language)
        if !components.isEmpty {
            try container.encode(components, forKey: .components)
        }
    }
}

/// One component of a template send: header, body or one button (by 0-based index).
public struct TemplateComponent: Sendable, Hashable, Encodable {
    /// Which part of the template the parameters fill.
    public enum Kind: Sendable, Hashable {
        case header
        case body
        /// `subType` is Meta's `sub_type` (`quick_reply`, `url`, `copy_code`, `flow`…); `index` the button position.
        case button(subType: String, index: Int)
    }

    public var kind: Kind
    public var parameters: [TemplateParameter]

    public init(kind: Kind, parameters: [TemplateParameter]) {
        self.kind = kind
        self.parameters = parameters
    }

    public static func header(_ parameters: [TemplateParameter]) -> TemplateComponent { .init(kind: .header, parameters: parameters) }
    public static func body(_ parameters: [TemplateParameter]) -> TemplateComponent { .init(kind: .body, parameters: parameters) }
    public static func button(subType: String, index: Int, _ parameters: [TemplateParameter]) -> TemplateComponent {
        .init(kind: .button(subType: subType, index: index), parameters: parameters)
    }

    enum CodingKeys: String, CodingKey {
        case type, subType = "sub_type", index, parameters
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch kind {
        case .header: try container.encode("header", forKey: .type)
        case .body: try container.encode("body", forKey: .type)
        case .button(let subType, let index):
            try container.encode("button", forKey: .type)
            try container.encode(subType, forKey: .subType)
            // Meta documents the index as a string; it accepts ints too, strings are the safe choice.
            try container.encode(String(index), forKey: .index)
        }
        try container.encode(parameters, forKey: .parameters)
    }
}
