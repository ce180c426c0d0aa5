import Logging
import PostgresNIO

extension PostgresConnection {
    /// `query`, refused at once on a connection that is already closed. PostgresNIO 1.33 never answers a query
    /// written to a connection the server closed while someone held it (an idle-in-transaction timeout, a restart of
    /// PostgreSQL, an operator's `pg_terminate_backend`): the caller would wait for ever, holding what it held.
    @discardableResult
    func checkedQuery(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        guard !isClosed else { throw StoreError.connectionClosed }
        return try await self.query(query, logger: logger)
    }

    /// `checkedQuery` with the server errors callers act on mapped to `StoreError`: how the query files run theirs.
    func storeQuery(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        do {
            return try await checkedQuery(query, logger: logger)
        } catch let error as PSQLError {
            throw error.storeError ?? error
        }
    }
}
