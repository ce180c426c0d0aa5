import Foundation

/// Where one column of an imported file goes.
public enum ImportColumn: Sendable, Equatable, Hashable {
    case name, firstName, lastName, phone, email, tags, language, country
    case attribute(String)
    case ignore

    /// Reads the mapping vocabulary of the API (`name|first_name|…|attribute:KEY|ignore`); nil when unknown.
    public init?(mappingValue raw: String) {
        switch raw {
        case "name": self = .name
        case "first_name": self = .firstName
        case "last_name": self = .lastName
        case "phone": self = .phone
        case "email": self = .email
        case "tags": self = .tags
        case "language": self = .language
        case "country": self = .country
        case "ignore": self = .ignore
        default:
            guard raw.hasPrefix("attribute:") else { return nil }
            let key = String(raw.dropFirst("attribute:".count)).trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.count <= 64 else { return nil }
            self = .attribute(key)
        }
    }

    /// The mapping vocabulary spelling of this column.
    public var mappingValue: String {
        switch self {
        case .name: "name"
        case .firstName: "first_name"
        case .lastName: "last_name"
        case .phone: "phone"
        case .email: "email"
        case .tags: "tags"
        case .language: "language"
        case .country: "country"
        case .attribute(let key): "attribute:\(key)"
        case .ignore: "ignore"
        }
    }
}

/// Guesses what each column of a file holds from its header, in French or English.
/// The words live in this table, not in branches; a header that matches nothing becomes an attribute.
public enum ImportColumnGuesser {
    /// Normalised header words → column. Headers are compared lowercased, without accents or punctuation.
    static let words: [(ImportColumn, [String])] = [
        (.phone, ["phone", "telephone", "tel", "mobile", "portable", "cell", "cellphone", "mobilephone", "gsm", "whatsapp",
                  "numero", "number", "phonenumber", "numerodetelephone", "msisdn", "numtel", "numeromobile", "contact"]),
        (.firstName, ["firstname", "prenom", "givenname", "first"]),
        (.lastName, ["lastname", "nom", "surname", "familyname", "nomdefamille", "last"]),
        (.name, ["name", "fullname", "nomcomplet", "displayname", "client", "customer", "raisonsociale"]),
        (.email, ["email", "mail", "courriel", "emailaddress", "adressemail", "adresseemail", "ecourriel"]),
        (.tags, ["tags", "tag", "etiquettes", "etiquette", "labels", "label", "groupes", "groups"]),
        (.language, ["language", "langue", "lang", "locale"]),
        (.country, ["country", "pays", "countrycode", "codepays"]),
    ]

    /// One column per header, each target used at most once (the leftmost match wins); others become attributes.
    public static func guess(headers: [String]) -> [ImportColumn] {
        var used = Set<ImportColumn>()
        var columns: [ImportColumn] = []
        for header in headers {
            let key = normalise(header)
            var chosen = ImportColumn.ignore
            if let match = words.first(where: { $0.1.contains(key) })?.0, !used.contains(match) {
                chosen = match
                used.insert(match)
            } else if !key.isEmpty {
                chosen = .attribute(attributeKey(header))
            }
            columns.append(chosen)
        }
        // "Nom" alone (no first name column) means the whole name.
        if let index = columns.firstIndex(of: .lastName), !columns.contains(.firstName), !columns.contains(.name) {
            columns[index] = .name
        }
        return columns
    }

    /// The header as an attribute key: lowercased, words joined by `_`, at most 64 characters.
    public static func attributeKey(_ header: String) -> String {
        let folded = header.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        let parts = folded.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        return String(parts.joined(separator: "_").prefix(64))
    }

    static func normalise(_ header: String) -> String {
        header.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased().filter { $0.isLetter || $0.isNumber }
    }
}
