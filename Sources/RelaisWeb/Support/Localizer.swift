import Foundation
import Mustache
import RelaisCore

/// The interface's words, one catalogue per language (`Locales/<lang>.json`, nested objects).
///
/// Templates read it as `{{t.nav.dashboard}}`; code reads it as `text("nav.dashboard", .fr)`.
/// A catalogue that fails to parse stops the boot.
public struct Localizer: Sendable {
    let catalogues: [Language: Catalogue]

    public init() throws {
        var catalogues: [Language: Catalogue] = [:]
        for language in Language.allCases {
            guard let url = Bundle.module.url(forResource: language.rawValue, withExtension: "json", subdirectory: "Locales") else {
                throw LocalizerError.missingCatalogue(language.rawValue)
            }
            guard let tree = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
                throw LocalizerError.malformedCatalogue(language.rawValue)
            }
            catalogues[language] = Catalogue(tree: tree)
        }
        self.catalogues = catalogues
    }

    /// The message for `key` (dot path) in `language`; the English one when missing, the key itself as a last resort.
    public func text(_ key: String, _ language: Language) -> String {
        catalogues[language]?.lookup(key) ?? catalogues[.en]?.lookup(key) ?? key
    }

    /// `text` with `{name}` placeholders replaced.
    public func text(_ key: String, _ language: Language, _ values: [String: String]) -> String {
        values.reduce(text(key, language)) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }

    func catalogue(_ language: Language) -> Catalogue { catalogues[language] ?? catalogues[.en]! }

    /// Every key path of a catalogue, for the test that keeps the languages in step.
    public func keys(_ language: Language) -> Set<String> { catalogues[language]?.keyPaths() ?? [] }
}

enum LocalizerError: Error {
    case missingCatalogue(String)
    case malformedCatalogue(String)
}

/// A parsed catalogue. Immutable after load, so sharing it across tasks is safe.
struct Catalogue: MustacheParent, @unchecked Sendable {
    let tree: [String: Any]

    func child(named name: String) -> Any? { tree[name].map(Self.wrap) }

    func lookup(_ path: String) -> String? {
        var node: Any = tree
        for part in path.split(separator: ".") {
            guard let dictionary = node as? [String: Any], let next = dictionary[String(part)] else { return nil }
            node = next
        }
        return node as? String
    }

    func keyPaths(prefix: String = "") -> Set<String> {
        tree.reduce(into: Set<String>()) { keys, entry in
            let path = prefix.isEmpty ? entry.key : prefix + "." + entry.key
            if let nested = entry.value as? [String: Any] {
                keys.formUnion(Catalogue(tree: nested).keyPaths(prefix: path))
            } else {
                keys.insert(path)
            }
        }
    }

    private static func wrap(_ value: Any) -> Any {
        (value as? [String: Any]).map(Catalogue.init(tree:)) ?? value
    }
}
