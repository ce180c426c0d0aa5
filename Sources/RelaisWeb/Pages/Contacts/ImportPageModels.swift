import Foundation
import RelaisCore
import RelaisStore

/// Step 2 of the import wizard: the first rows as read, each column with its guessed target, and the options.
struct ImportPreviewPageModel {
    struct Column {
        let index: Int
        let header: String
        let options: [Option]
    }

    struct Option {
        let value: String
        let label: String
        let selected: Bool
    }

    let id: String
    let fileName: String
    let columns: [Column]
    let rows: [[String]]
    let defaultCountry: String
    let error: String?

    init(id: UUID, fileName: String, headers: [String], rows: [[String]], defaultCountry: String, error: String?, localizer: Localizer, language: Language) {
        self.id = id.uuidString.lowercased()
        self.fileName = fileName
        let guessed = ImportColumnGuesser.guess(headers: headers)
        columns = headers.enumerated().map { index, header in
            let guess = guessed[index]
            var values = ["ignore", "name", "first_name", "last_name", "phone", "email", "tags", "language", "country"]
            let attribute = "attribute:" + ImportColumnGuesser.attributeKey(header.isEmpty ? "column \(index + 1)" : header)
            values.append(attribute)
            let chosen = guess.mappingValue
            if !values.contains(chosen) { values.append(chosen) }
            return Column(
                index: index, header: header.isEmpty ? "—" : header,
                options: values.map { value in
                    let label = value.hasPrefix("attribute:")
                        ? localizer.text("imports.target_attribute", language, ["key": String(value.dropFirst("attribute:".count))])
                        : localizer.text("imports.target_\(value)", language)
                    return Option(value: value, label: label, selected: value == chosen)
                })
        }
        self.rows = rows.map { cells in headers.indices.map { $0 < cells.count ? String(cells[$0].prefix(80)) : "" } }
        self.defaultCountry = defaultCountry
        self.error = error
    }
}

/// Steps 4 and 5: live progress while the import runs, then the report with the rejected rows.
struct ImportReportPageModel {
    struct Rejection {
        let row: Int
        let reason: String
    }

    let id: String
    let fileName: String
    let state: String
    let stateLabel: String
    let running: Bool
    let failed: Bool
    let rows: String
    let created: String
    let updated: String
    let duplicates: String
    let invalid: String
    let failureReason: String?
    let rejections: [Rejection]
    let hasRejections: Bool

    init(_ record: ContactImport, rejections: [ImportRejection], localizer: Localizer, language: Language, timezone: String) {
        let format = ContactPageFormat(language: language, timezone: timezone)
        id = record.id.uuidString.lowercased()
        fileName = record.fileName
        state = record.state.rawValue
        stateLabel = localizer.text("imports.state_\(record.state.rawValue)", language)
        running = record.state == .queued || record.state == .running
        failed = record.state == .failed
        rows = format.number(record.rows)
        created = format.number(record.created)
        updated = format.number(record.updated)
        duplicates = format.number(record.duplicates)
        invalid = format.number(record.invalid)
        failureReason = record.failureReason
        self.rejections = rejections.map { Rejection(row: $0.row, reason: $0.reason) }
        hasRejections = !rejections.isEmpty
    }
}

/// Tags with their counts, and segments with their live counts.
struct SegmentsPageModel {
    struct Item {
        let id: String
        let name: String
        let count: String
        let href: String
    }

    let tags: [Item]
    let segments: [Item]
    let hasTags: Bool
    let hasSegments: Bool

    init(tags: [Tag], segments: [(Segment, Int)], language: Language) {
        let format = ContactPageFormat(language: language, timezone: "UTC")
        self.tags = tags.map {
            Item(
                id: $0.id.uuidString.lowercased(), name: $0.name, count: format.number($0.contactCount),
                href: "/contacts?tag=" + ($0.name.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? ""))
        }
        self.segments = segments.map { segment, count in
            let id = segment.id.uuidString.lowercased()
            return Item(id: id, name: segment.name, count: format.number(count), href: "/contacts?segment=\(id)")
        }
        hasTags = !tags.isEmpty
        hasSegments = !segments.isEmpty
    }
}
