import Foundation
import PostgresNIO
import RelaisCore

/// A saved filter.
public struct Segment: Sendable, Equatable {
    public let id: UUID
    public let name: String
    public let filter: ContactFilter
    public let createdAt: Date
    public let updatedAt: Date
}

extension TenantConnection {
    static let filterEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
    static let filterDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// Returns the tenant's segments by name, after the segment `after` (cursor) when given.
    public func segments(limit: Int, after: UUID?) async throws -> [Segment] {
        let rows = try await run(
            """
            SELECT id, name, filter::text, created_at, updated_at FROM segments s
            WHERE tenant_id = \(tenant.rawValue)
              AND (\(after)::uuid IS NULL OR (lower(name), id) > (SELECT lower(p.name), p.id FROM segments p
                                                                WHERE p.tenant_id = \(tenant.rawValue) AND p.id = \(after)))
            ORDER BY lower(name), id LIMIT \(limit)
            """)
        var segments: [Segment] = []
        for try await (id, name, filter, created, updated) in rows.decode((UUID, String, String, Date, Date).self) {
            segments.append(try Self.segment(id, name, filter, created, updated))
        }
        return segments
    }

    /// Returns one segment, or nil.
    public func segment(_ id: UUID) async throws -> Segment? {
        let rows = try await run(
            "SELECT id, name, filter::text, created_at, updated_at FROM segments WHERE tenant_id = \(tenant.rawValue) AND id = \(id)")
        for try await (id, name, filter, created, updated) in rows.decode((UUID, String, String, Date, Date).self) {
            return try Self.segment(id, name, filter, created, updated)
        }
        return nil
    }

    /// Inserts a segment; a taken name throws `StoreError.uniqueViolation`. Returns its id.
    public func insertSegment(name: String, filter: ContactFilter) async throws -> UUID {
        let json = String(decoding: try Self.filterEncoder.encode(filter), as: UTF8.self)
        return try await Self.mappingErrors {
            let rows = try await run(
                "INSERT INTO segments (tenant_id, name, filter) VALUES (\(tenant.rawValue), \(name), CAST(\(json) AS jsonb)) RETURNING id")
            for try await id in rows.decode(UUID.self) { return id }
            throw StoreError.notFound
        }
    }

    /// Changes a segment's name and/or filter; returns false when no such segment.
    public func updateSegment(_ id: UUID, name: String?, filter: ContactFilter?) async throws -> Bool {
        let json = try filter.map { String(decoding: try Self.filterEncoder.encode($0), as: UTF8.self) }
        let rows = try await run(
            """
            UPDATE segments SET name = coalesce(\(name), name), filter = coalesce(CAST(\(json) AS jsonb), filter), updated_at = now()
            WHERE tenant_id = \(tenant.rawValue) AND id = \(id) RETURNING 1
            """)
        return try await Self.mappingErrors {
            for try await _ in rows { return true }
            return false
        }
    }

    /// Deletes a segment; returns its name, nil when no such segment.
    public func deleteSegment(_ id: UUID) async throws -> String? {
        let rows = try await run("DELETE FROM segments WHERE tenant_id = \(tenant.rawValue) AND id = \(id) RETURNING name")
        for try await name in rows.decode(String.self) { return name }
        return nil
    }

    /// Constraint errors can surface while rows are read, after `run` returned: map them there too.
    static func mappingErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PSQLError {
            throw error.storeError ?? error
        }
    }

    private static func segment(_ id: UUID, _ name: String, _ filter: String, _ created: Date, _ updated: Date) throws -> Segment {
        let decoded = (try? filterDecoder.decode(ContactFilter.self, from: Data(filter.utf8))) ?? ContactFilter()
        return Segment(id: id, name: name, filter: decoded, createdAt: created, updatedAt: updated)
    }
}
