import Foundation
import Hummingbird
import NIOCore
import RelaisCore
import RelaisReports
import RelaisStore

/// `/api/v1/contacts/imports…`: upload (streamed to disk, then queued for the worker), report, rejected rows.
struct ContactImportsAPIController {
    let database: Database
    let uploadDirectory: URL
    let maxBytes: Int

    struct Accepted: Encodable {
        let id: String
        let state: String
    }

    func register(_ api: APIRegistrar) {
        api.on(.startImport) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.importContacts)
            let accepted = try await start(request, context: context, identity: identity)
            return try JSONResponse.make(accepted, status: .accepted)
        }
        api.on(.getImport) { _, context in
            let identity = try context.requireIdentity()
            try identity.require(.importContacts)
            let id = try ListQuery.pathID(context)
            let (found, rejections) = try await database.withTenant(identity.tenant) { connection in
                (try await connection.contactImport(id), try await connection.importRejections(id, limit: 100))
            }
            guard let found else { throw Problem.notFound() }
            return try JSONResponse.make(ContactImportPayload(found, rejections: rejections))
        }
        api.on(.importRejections) { _, context in
            let identity = try context.requireIdentity()
            try identity.require(.importContacts)
            let id = try ListQuery.pathID(context)
            guard try await database.withTenant(identity.tenant, { try await $0.contactImport(id) }) != nil else { throw Problem.notFound() }
            return Self.rejectionsCSV(database: database, tenant: identity.tenant, importID: id)
        }
    }

    /// Streams the upload to disk, validates the options, and queues the import with its audit entry.
    func start(_ request: Request, context: AppRequestContext, identity: Identity) async throws -> Accepted {
        let upload = try await MultipartUpload.read(request, fileField: "file", directory: uploadDirectory, limit: maxBytes, grace: context.bodyTimeout)
        guard let file = upload.file else {
            throw Problem.validation([ValidationIssue(field: "file", code: "error.required")])
        }
        do {
            let options = try ImportRequest.options(upload.fields, companyCountry: identity.company.defaultCountry)
            let id = UUID()
            let fileName = String(file.fileName.split(separator: "/").last ?? "upload").prefix(200)
            try await database.withTenant(identity.tenant) { connection in
                try await connection.insertContactImport(
                    id: id, actor: identity.user.id, fileName: String(fileName), filePath: file.url.path, fileBytes: file.bytes, options: options)
                try await connection.appendAudit(
                    record(.contactsImported, "contact_import", id, identity, request, context, ["file": String(fileName), "bytes": String(file.bytes)]))
            }
            return Accepted(id: id.uuidString.lowercased(), state: ContactImportState.queued.rawValue)
        } catch {
            try? FileManager.default.removeItem(at: file.url)
            throw error
        }
    }

    /// `row,reason,cells…` for every rejected row, read from the database page by page as the response streams.
    static func rejectionsCSV(database: Database, tenant: TenantID, importID: UUID) -> Response {
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(bytes: [0xEF, 0xBB, 0xBF] + Array("row,reason,cells\r\n".utf8)))
            var after = 0
            while true {
                let page = try await database.withTenant(tenant) { try await $0.importRejections(importID, afterRow: after, limit: 1000) }
                if page.isEmpty { break }
                var text = ""
                for rejection in page {
                    let cells = (try? JSONSerialization.jsonObject(with: Data(rejection.raw.utf8))) as? [String] ?? []
                    let fields = [String(rejection.row), rejection.reason] + cells
                    text += fields.map(csvField).joined(separator: ",") + "\r\n"
                }
                try await writer.write(ByteBuffer(string: text))
                after = page.last?.row ?? after
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"rejected-rows.csv\""],
            body: body)
    }

    /// One CSV field: quoted when needed, and guarded so a spreadsheet never runs it as a formula.
    static func csvField(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@\t\r".contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
