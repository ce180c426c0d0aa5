import Foundation
import RelaisCore
import RelaisReports
import RelaisStore

/// Turns spreadsheet rows into contacts to write, following the column mapping: the phone is normalised to
/// E.164 (with the row's country when it has a valid one, else the import's default country), text is trimmed
/// and cut to the column limits, and a row that cannot become a contact comes back as a rejection.
struct ImportRowMapper {
    let columns: [ImportColumn]
    let defaultCountry: String
    let parser = PhoneNumberParser()

    /// The columns for `headers`: the explicit mapping when given (headers it does not name are ignored), else a guess.
    static func columns(headers: [String], mapping: [String: String]) -> [ImportColumn] {
        guard !mapping.isEmpty else { return ImportColumnGuesser.guess(headers: headers) }
        return headers.map { header in
            let key = header.trimmingCharacters(in: .whitespaces)
            return mapping[key].flatMap(ImportColumn.init(mappingValue:)) ?? .ignore
        }
    }

    enum Outcome {
        case contact(ImportedContact)
        case rejected(ImportRejection)
    }

    func map(_ row: SpreadsheetRow) -> Outcome {
        if let rejection = row.rejection { return .rejected(ImportRejection(row: row.number, reason: rejection.description, raw: "[]")) }
        let cells = row.cells.map(Self.clean)
        func cell(_ column: ImportColumn) -> String {
            guard let index = columns.firstIndex(of: column), index < cells.count else { return "" }
            return cells[index]
        }
        let rowCountry = cell(.country).uppercased()
        let region = rowCountry.count == 2 && parser.isKnownRegion(rowCountry) ? rowCountry : defaultCountry
        let phone: PhoneNumber
        do throws(PhoneNumberError) {
            phone = try parser.parse(cell(.phone), defaultRegion: region)
        } catch {
            return .rejected(ImportRejection(row: row.number, reason: error.englishReason, raw: Self.raw(cells)))
        }
        var contact = ImportedContact(row: row.number, phone: phone.e164)
        contact.firstName = String(cell(.firstName).prefix(100))
        contact.lastName = String(cell(.lastName).prefix(100))
        let fullName = cell(.name)
        contact.name = String((fullName.isEmpty ? [contact.firstName, contact.lastName].filter { !$0.isEmpty }.joined(separator: " ") : fullName).prefix(200))
        let email = cell(.email).lowercased()
        if email.count <= 254, EmailAddress(email) != nil { contact.email = email }
        contact.language = String(cell(.language).lowercased().prefix(16))
        contact.country = rowCountry.count == 2 && parser.isKnownRegion(rowCountry) ? rowCountry : (phone.regionCode ?? "")
        var seen = Set<String>()
        contact.tags = cell(.tags).split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "|" })
            .map { String($0.trimmingWhitespace().prefix(64)) }.filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
            .prefix(20).map { $0 }
        for (index, column) in columns.enumerated() {
            guard case .attribute(let key) = column, index < cells.count, !cells[index].isEmpty else { continue }
            contact.attributes[key] = String(cells[index].prefix(1000))
        }
        return .contact(contact)
    }

    /// A cell without NUL characters (PostgreSQL text cannot hold them) and without white space at either end.
    /// Both are checked in Swift's own string code: Foundation's versions cost a third of an import's reading time.
    static func clean(_ cell: String) -> String {
        guard cell.utf8.contains(0) else { return cell.trimmingWhitespace() }
        return String(String.UnicodeScalarView(cell.unicodeScalars.filter { $0 != "\u{0}" })).trimmingWhitespace()
    }

    /// The row's cells as a JSON array, each cut to 1,000 characters: what the rejected-rows CSV shows.
    static func raw(_ cells: [String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: cells.prefix(200).map { String($0.prefix(1000)) })) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
