import Crypto
import Foundation
import Hummingbird
import NIOCore
import RelaisCore
import RelaisStore

/// `/api/v1/media…`: files for template media headers (an image, a video, a PDF). The upload is streamed to disk,
/// its type read from its first bytes (never trusted from its name), then stored in the database, where every node
/// can send it from. A campaign names one with the header expression `media:<id>`.
struct MediaAPIController {
    let database: Database
    let uploadDirectory: URL

    /// The largest file any kind takes, plus room for the multipart envelope.
    static let maxBodyBytes = MediaKind.maxBytes + 64 * 1024

    func register(_ api: APIRegistrar) {
        api.on(.uploadMedia) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.draftCampaigns)
            let file = try await upload(request, context: context, identity: identity)
            return try JSONResponse.make(MediaPayload(file), status: .created)
        }
        api.on(.listMedia) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.draftCampaigns)
            let kind = try Self.kind(request)
            let files = try await database.withTenant(identity.tenant) { try await $0.mediaFiles() }
            return try JSONResponse.make(Page(data: files.filter { kind == nil || $0.kind == kind }.map(MediaPayload.init), next: nil))
        }
        api.on(.getMedia) { _, context in
            let identity = try context.requireIdentity()
            try identity.require(.draftCampaigns)
            let id = try ListQuery.pathID(context)
            guard let file = try await database.withTenant(identity.tenant, { try await $0.mediaFile(id) }) else { throw Problem.notFound() }
            return try JSONResponse.make(MediaPayload(file))
        }
        api.on(.mediaContent) { _, context in
            let identity = try context.requireIdentity()
            try identity.require(.draftCampaigns)
            let id = try ListQuery.pathID(context)
            let found = try await database.withTenant(identity.tenant) { connection -> (MediaFile, ByteBuffer)? in
                guard let file = try await connection.mediaFile(id), let content = try await connection.mediaContent(id) else { return nil }
                return (file, content)
            }
            guard let (file, content) = found else { throw Problem.notFound() }
            // Shown inline in the composer (images), never run: the sandbox CSP stops a crafted PDF's scripts too.
            return Response(
                status: .ok,
                headers: [
                    .contentType: file.mimeType, .contentDisposition: "inline; filename=\"\(Self.headerSafe(file.fileName))\"",
                    .cacheControl: "private, max-age=3600", .contentSecurityPolicy: "sandbox; default-src 'none'",
                ],
                body: ResponseBody(byteBuffer: content))
        }
        api.on(.deleteMedia) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.draftCampaigns)
            let id = try ListQuery.pathID(context)
            try await database.withTenant(identity.tenant) { connection in
                guard try await connection.mediaFile(id) != nil else { throw Problem.notFound() }
                let users = try await connection.campaignsUsingMedia(id)
                if !users.isEmpty {
                    throw Problem.conflict(
                        "error.media.in_use", "Campaigns not yet finished send this file: \(users.joined(separator: ", ")). Change their header first.")
                }
                guard let file = try await connection.deleteMediaFile(id) else { throw Problem.notFound() }
                try await connection.appendAudit(record(.mediaDeleted, "media", id, identity, request, context, ["file": file.fileName]))
            }
            return JSONResponse.noContent()
        }
    }

    /// Reads the upload, checks its type and size for the kind it is, and stores it with its audit entry.
    func upload(_ request: Request, context: AppRequestContext, identity: Identity) async throws -> MediaFile {
        let upload = try await MultipartUpload.read(
            request, fileField: "file", directory: uploadDirectory, limit: Self.maxBodyBytes, grace: context.bodyTimeout)
        guard let file = upload.file else { throw Problem.validation([ValidationIssue(field: "file", code: "error.required")]) }
        defer { try? FileManager.default.removeItem(at: file.url) }
        let data = try Data(contentsOf: file.url)
        guard !data.isEmpty else { throw Problem.validation([ValidationIssue(field: "file", code: "error.media.empty")]) }
        guard let mimeType = MediaSniffer.mimeType(of: data.prefix(16)), let kind = MediaKind(mimeType: mimeType) else {
            throw Problem(
                status: .unsupportedMediaType, code: "error.media.type",
                detail: "WhatsApp headers take JPEG or PNG images, MP4 or 3GPP videos and PDF documents; this file is none of them.")
        }
        guard data.count <= kind.maxBytes else {
            throw Problem(
                status: .contentTooLarge, code: "error.media.too_large",
                detail: "A \(kind.rawValue) may be at most \(kind.maxBytes / 1024 / 1024) MB; this one is \(data.count / 1024) KB.")
        }
        let name = Self.cleanName(file.fileName, mimeType: mimeType)
        let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        return try await database.withTenant(identity.tenant) { connection in
            let stored = try await connection.insertMediaFile(
                fileName: name, mimeType: mimeType, sha256: digest, content: ByteBuffer(data: data), actor: identity.user.id)
            try await connection.appendAudit(
                record(.mediaUploaded, "media", stored.id, identity, request, context, ["file": name, "bytes": String(data.count), "type": mimeType]))
            return stored
        }
    }

    /// `?kind=image|video|document`, or nil for every file.
    static func kind(_ request: Request) throws -> MediaKind? {
        guard let raw = request.uri.queryParameters.get("kind"), !raw.isEmpty else { return nil }
        guard let kind = MediaKind(rawValue: raw) else { throw Problem.validation([ValidationIssue(field: "kind", code: "error.field.invalid")]) }
        return kind
    }

    /// The last path component of the name the browser gave, without control characters, at most 200 characters;
    /// "upload" plus the type's extension when nothing is left.
    static func cleanName(_ raw: String, mimeType: String) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }.map(Character.init))
            .trimmingCharacters(in: .whitespaces)
        if !clean.isEmpty { return String(clean.prefix(200)) }
        let ext = ["image/jpeg": "jpg", "image/png": "png", "video/mp4": "mp4", "video/3gpp": "3gp", "application/pdf": "pdf"][mimeType] ?? "bin"
        return "upload.\(ext)"
    }

    /// A file name fit for a quoted header parameter (ASCII, no quotes).
    static func headerSafe(_ name: String) -> String {
        String(name.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 0x20 ? Character($0) : "_" })
    }
}

/// A stored header file as the API shows it.
struct MediaPayload: Encodable {
    let id: String
    let fileName: String
    let mimeType: String
    let kind: String
    let size: Int
    let sha256: String
    /// What to put in a media header parameter to send this file.
    let expression: String
    let createdAt: Date

    init(_ file: MediaFile) {
        id = file.id.uuidString.lowercased()
        fileName = file.fileName
        mimeType = file.mimeType
        kind = file.kind?.rawValue ?? "document"
        size = file.byteSize
        sha256 = file.sha256
        expression = MediaHeaderSource.expression(for: file.id)
        createdAt = file.createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, fileName = "file_name", mimeType = "mime_type", kind, size, sha256, expression, createdAt = "created_at"
    }
}
