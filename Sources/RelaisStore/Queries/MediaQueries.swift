import Foundation
import PostgresNIO
import RelaisCore

/// A file uploaded for template headers, without its bytes.
public struct MediaFile: Sendable, Equatable {
    public let id: UUID
    public let fileName: String
    public let mimeType: String
    public let byteSize: Int
    public let sha256: String
    public let createdAt: Date

    public var kind: MediaKind? { MediaKind(mimeType: mimeType) }

    /// Whether this file is the kind of media `shape`'s header shows (an image for `IMAGE`…).
    public func fits(_ shape: TemplateShape) -> Bool { kind != nil && kind == MediaKind(headerFormat: shape.headerFormat) }
}

extension TenantConnection {
    private static let mediaColumns = "id, file_name, mime_type, byte_size, sha256, created_at"

    /// Stores an uploaded file and returns it. Changes: a `media_files` row.
    public func insertMediaFile(fileName: String, mimeType: String, sha256: String, content: ByteBuffer, actor: UserID?) async throws -> MediaFile {
        let rows = try await run(
            """
            INSERT INTO media_files (tenant_id, file_name, mime_type, byte_size, sha256, content, created_by)
            VALUES (\(tenant.rawValue), \(fileName), \(mimeType), \(content.readableBytes), \(sha256), \(content), \(actor?.rawValue))
            RETURNING \(unescaped: Self.mediaColumns)
            """)
        for try await file in rows.decode((UUID, String, String, Int, String, Date).self) { return MediaFile(file) }
        throw StoreError.notFound
    }

    /// The company's files, newest first.
    public func mediaFiles(limit: Int = 200) async throws -> [MediaFile] {
        let rows = try await run(
            """
            SELECT \(unescaped: Self.mediaColumns) FROM media_files WHERE tenant_id = \(tenant.rawValue)
            ORDER BY created_at DESC, id LIMIT \(limit)
            """)
        var files: [MediaFile] = []
        for try await file in rows.decode((UUID, String, String, Int, String, Date).self) { files.append(MediaFile(file)) }
        return files
    }

    /// One file, without its bytes; nil when the company has no such file.
    public func mediaFile(_ id: UUID) async throws -> MediaFile? {
        let rows = try await run("SELECT \(unescaped: Self.mediaColumns) FROM media_files WHERE tenant_id = \(tenant.rawValue) AND id = \(id)")
        for try await file in rows.decode((UUID, String, String, Int, String, Date).self) { return MediaFile(file) }
        return nil
    }

    /// One file's bytes.
    public func mediaContent(_ id: UUID) async throws -> ByteBuffer? {
        let rows = try await run("SELECT content FROM media_files WHERE tenant_id = \(tenant.rawValue) AND id = \(id)")
        for try await content in rows.decode(ByteBuffer.self) { return content }
        return nil
    }

    /// Deletes a file (its Graph ids go with it); returns it, nil when no such file. Changes: `media_files`, `media_uploads`.
    public func deleteMediaFile(_ id: UUID) async throws -> MediaFile? {
        let rows = try await run("DELETE FROM media_files WHERE tenant_id = \(tenant.rawValue) AND id = \(id) RETURNING \(unescaped: Self.mediaColumns)")
        for try await file in rows.decode((UUID, String, String, Int, String, Date).self) { return MediaFile(file) }
        return nil
    }

    /// The names of the campaigns not yet finished (draft to paused) whose header is this file: deleting it would
    /// leave them unsendable.
    public func campaignsUsingMedia(_ id: UUID) async throws -> [String] {
        let expression = MediaHeaderSource.expression(for: id)
        let rows = try await run(
            """
            SELECT name FROM campaigns
            WHERE tenant_id = \(tenant.rawValue) AND state IN ('draft', 'scheduled', 'running', 'paused')
              AND EXISTS (
                  SELECT 1 FROM jsonb_array_elements(jsonb_build_array(content) || coalesce(ab -> 'variants', '[]')) AS v,
                                jsonb_array_elements_text(v -> 'header') AS h
                  WHERE lower(trim(h)) = \(expression))
            ORDER BY name LIMIT 20
            """)
        var names: [String] = []
        for try await name in rows.decode(String.self) { names.append(name) }
        return names
    }

    /// The Graph media id of a file on one number, if it was uploaded there after `freshAfter`.
    public func graphMediaID(media: UUID, number: UUID, freshAfter: Date) async throws -> String? {
        let rows = try await run(
            """
            SELECT graph_media_id FROM media_uploads
            WHERE tenant_id = \(tenant.rawValue) AND media_id = \(media) AND number_id = \(number) AND uploaded_at > \(freshAfter)
            """)
        for try await id in rows.decode(String.self) { return id }
        return nil
    }

    /// Remembers the Graph media id a file got on one number. Changes: a `media_uploads` row.
    public func recordGraphMediaID(_ graphID: String, media: UUID, number: UUID) async throws {
        try await run(
            """
            INSERT INTO media_uploads (tenant_id, media_id, number_id, graph_media_id) VALUES (\(tenant.rawValue), \(media), \(number), \(graphID))
            ON CONFLICT (tenant_id, media_id, number_id) DO UPDATE SET graph_media_id = EXCLUDED.graph_media_id, uploaded_at = now()
            """)
    }
}

extension MediaFile {
    init(_ row: (UUID, String, String, Int, String, Date)) {
        self.init(id: row.0, fileName: row.1, mimeType: row.2, byteSize: row.3, sha256: row.4, createdAt: row.5)
    }
}
