import Foundation
import Hummingbird
import NIOCore
import NIOPosix
import RelaisCore
import RelaisReports
import RelaisStore

/// Exports a selection of contacts as CSV or XLSX: pages of 1,000 contacts are written to a temporary file
/// by the streaming writers (off the event loops), then the file is streamed to the client and deleted.
/// Memory holds one page, whatever the number of contacts.
struct ContactExporter {
    enum Format: String {
        case csv, xlsx
    }

    static let headers = [
        "id", "name", "first_name", "last_name", "phone", "email", "language", "country", "consent", "consent_source", "consent_at",
        "tags", "attributes", "created_at",
    ]

    let database: Database

    func response(_ selection: ContactSelection, format: Format, tenant: TenantID, timeZone: TimeZone) async throws -> Response {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("relais-export-\(UUID().uuidString).\(format.rawValue)")
        let sink = try ExportSink(url: url, format: format, timeZone: timeZone)
        do {
            try await database.withTenant(tenant) { connection in
                try await connection.forEachContactPage(selection) { page in
                    try await NIOThreadPool.singleton.runIfActive { try sink.write(page) }
                }
            }
            try await NIOThreadPool.singleton.runIfActive { try sink.finish() }
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
        let contentType = format == .csv ? "text/csv; charset=utf-8" : TemporaryFileResponse.xlsx
        return TemporaryFileResponse.make(url, contentType: contentType, filename: "contacts.\(format.rawValue)")
    }
}

/// The writer of one export, handed to the blocking thread pool; one task uses it at a time.
private final class ExportSink: @unchecked Sendable {
    private var csv: CSVWriter?
    private var workbook: XLSXWriter?
    private var sheet: XLSXSheetWriter?

    init(url: URL, format: ContactExporter.Format, timeZone: TimeZone) throws {
        switch format {
        case .csv:
            csv = try CSVWriter(url: url)
            try csv?.write(ContactExporter.headers)
        case .xlsx:
            let writer = try XLSXWriter(url: url, timeZone: timeZone)
            workbook = writer
            sheet = try writer.addSheet(name: "Contacts", columns: ContactExporter.headers.map { XLSXColumn($0, width: 18) })
        }
    }

    func write(_ contacts: [Contact]) throws {
        let formatter = ISO8601DateFormatter()
        for contact in contacts {
            let attributes = (try? JSONSerialization.data(withJSONObject: contact.attributes, options: [.sortedKeys]))
                .map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            let cells = [
                contact.id.uuidString.lowercased(), contact.name, contact.firstName ?? "", contact.lastName ?? "", contact.phone,
                contact.email ?? "", contact.language ?? "", contact.country ?? "", contact.consent.status.rawValue,
                contact.consent.source ?? "", contact.consent.at.map(formatter.string(from:)) ?? "", contact.tags.joined(separator: ", "),
                attributes == "{}" ? "" : attributes, formatter.string(from: contact.createdAt),
            ]
            if let csv { try csv.write(cells) }
            if let sheet { try sheet.append(cells.map { XLSXCell.text($0) }) }
        }
    }

    func finish() throws {
        try csv?.finish()
        try workbook?.finish()
    }
}
