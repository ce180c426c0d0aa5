import Foundation
import Hummingbird
import NIOPosix
import RelaisCore
import RelaisReports
import RelaisStore

/// The import wizard: upload (`/contacts/import`) → preview with the guessed mapping and the options
/// (`/contacts/imports/{id}/preview`) → live progress and report (`/contacts/imports/{id}`).
/// The upload is kept as a draft until the user confirms; the worker then runs it like an API import.
struct ImportPagesController {
    let database: Database
    let pages: PageRenderer
    let localizer: Localizer
    let configuration: WebConfiguration

    struct UploadPageModel {
        let defaultCountry: String
        let maxMegabytes: Int
    }

    func register(_ router: Router<AppRequestContext>) {
        router.get("/contacts/import") { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.importContacts)
            let model = UploadPageModel(defaultCountry: identity.company.defaultCountry, maxMegabytes: configuration.importMaxBytes >> 20)
            return try pages.render(
                "import-upload", model: model, titleKey: "imports.title", context: context, flash: Flash.read(from: request), activeNav: "contacts")
        }
        router.post("/contacts/import") { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.importContacts)
            let upload = try await MultipartUpload.read(request, fileField: "file", directory: configuration.uploadDirectory, limit: configuration.importMaxBytes, grace: context.bodyTimeout)
            guard let sent = upload.fields["csrf_token"], let expected = context.csrfToken, FormBody.constantTimeEqual(sent, expected) else {
                if let file = upload.file { try? FileManager.default.removeItem(at: file.url) }
                throw Problem.csrf()
            }
            guard let file = upload.file, file.bytes > 0 else {
                if let file = upload.file { try? FileManager.default.removeItem(at: file.url) }
                return redirectWithError("/contacts/import", "error.required", context)
            }
            let country = (upload.fields["default_country"] ?? "").uppercased()
            let options = ContactImportOptions(
                defaultCountry: country.count == 2 && PhoneNumberParser().isKnownRegion(country) ? country : identity.company.defaultCountry,
                mapping: [:], tags: [], consent: .unknown, consentSource: nil, onDuplicate: .skip,
                sheet: upload.fields["sheet"].flatMap { $0.isEmpty ? nil : $0 })
            let id = UUID()
            let fileName = String((file.fileName.split(separator: "/").last ?? "upload").prefix(200))
            try await database.withTenant(identity.tenant) { connection in
                try await connection.insertContactImport(
                    id: id, actor: identity.user.id, fileName: fileName, filePath: file.url.path, fileBytes: file.bytes, options: options,
                    state: .draft)
            }
            return Response.redirect(to: "/contacts/imports/\(id.uuidString.lowercased())/preview")
        }
        router.get("/contacts/imports/:id/preview") { _, context in
            let identity = try context.requireIdentity()
            try identity.require(.importContacts)
            let record = try await draft(identity, context)
            let (headers, rows, error) = await Self.preview(record)
            let model = ImportPreviewPageModel(
                id: record.id, fileName: record.fileName, headers: headers, rows: rows, defaultCountry: record.options.defaultCountry, error: error,
                localizer: localizer, language: context.language)
            return try pages.render("import-preview", model: model, titleKey: "imports.title", context: context, activeNav: "contacts")
        }
        router.post("/contacts/imports/:id/start") { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.importContacts)
            let form = try await FormBody.read(request, context: context)
            let pending = try await draft(identity, context)
            let (headers, _, _) = await Self.preview(pending)
            var fields = form
            var mapping: [String: String] = [:]
            for (index, header) in headers.enumerated() { mapping[header] = form["map_\(index)"] ?? "ignore" }
            fields["mapping"] = String(decoding: try JSONSerialization.data(withJSONObject: mapping), as: UTF8.self)
            let options: ContactImportOptions
            do {
                options = try ImportRequest.options(fields, companyCountry: identity.company.defaultCountry)
            } catch let failure as ValidationFailure {
                let issue = failure.issues.first
                return redirectWithError("/contacts/imports/\(pending.id.uuidString.lowercased())/preview", issue?.code ?? "error.validation", context)
            }
            try await database.withTenant(identity.tenant) { connection in
                guard try await connection.queueDraftImport(pending.id, options: options) else { throw Problem.notFound() }
                try await connection.appendAudit(
                    record(.contactsImported, "contact_import", pending.id, identity, request, context, ["file": pending.fileName]))
            }
            return Response.redirect(to: "/contacts/imports/\(pending.id.uuidString.lowercased())")
        }
        router.get("/contacts/imports/:id") { _, context in
            let identity = try context.requireIdentity()
            try identity.require(.importContacts)
            let id = try ListQuery.pathID(context)
            let (found, rejections) = try await database.withTenant(identity.tenant) { connection in
                (try await connection.contactImport(id), try await connection.importRejections(id, limit: 100))
            }
            guard let found, found.state != .draft else { throw Problem.notFound() }
            let model = ImportReportPageModel(found, rejections: rejections, localizer: localizer, language: context.language, timezone: identity.company.timezone)
            return try pages.render("import-report", model: model, titleKey: "imports.title", context: context, activeNav: "contacts")
        }
    }

    private func draft(_ identity: Identity, _ context: AppRequestContext) async throws -> ContactImport {
        let id = try ListQuery.pathID(context)
        guard let record = try await database.withTenant(identity.tenant, { try await $0.contactImport(id) }), record.state == .draft else {
            throw Problem.notFound()
        }
        return record
    }

    /// The header and first five rows of a draft's file, read off the event loops; or why the file cannot be read.
    static func preview(_ record: ContactImport) async -> (headers: [String], rows: [[String]], error: String?) {
        let url = URL(fileURLWithPath: record.filePath)
        let result = try? await NIOThreadPool.singleton.runIfActive { () -> ([String], [[String]], String?) in
            do {
                let reader = try SpreadsheetFormat.detect(url: url, fileName: record.fileName).makeReader(url: url, sheet: record.options.sheet)
                guard let header = try reader.next() else { return ([], [], "the file is empty") }
                var rows: [[String]] = []
                while rows.count < 5, let row = try reader.next() { rows.append(row.cells) }
                return (header.cells.map { $0.trimmingCharacters(in: .whitespaces) }, rows, nil)
            } catch {
                return ([], [], String(describing: error))
            }
        }
        return result ?? ([], [], "the file cannot be read")
    }

    private func redirectWithError(_ path: String, _ code: String, _ context: AppRequestContext) -> Response {
        var response = Response.redirect(to: path)
        response.setCookie(Flash(kind: "error", message: localizer.text(code, context.language), value: nil).cookie(secure: configuration.secureCookies))
        return response
    }
}
