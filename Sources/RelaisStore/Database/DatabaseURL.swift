import Foundation
import PostgresNIO

/// A `postgres://user:password@host:port/database?sslmode=…` URL turned into a client configuration.
public struct DatabaseURL: Sendable, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let username: String
    public let password: String?
    public let database: String
    public let requireTLS: Bool

    public init(host: String, port: Int, username: String, password: String?, database: String, requireTLS: Bool = false) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.requireTLS = requireTLS
    }

    public init(_ string: String) throws(StoreError) {
        guard let components = URLComponents(string: string),
            components.scheme == "postgres" || components.scheme == "postgresql",
            let host = components.host, !host.isEmpty,
            let user = components.user, !user.isEmpty
        else { throw .invalidDatabaseURL("expected postgres://user:password@host:port/database") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        let sslMode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value
        self.init(
            host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user,
            password: components.password.map { $0.removingPercentEncoding ?? $0 },
            database: database.isEmpty ? user : database,
            requireTLS: sslMode == "require" || sslMode == "verify-full" || sslMode == "verify-ca")
    }

    /// The same server as another user (the embedded cluster's owner and application roles).
    public func with(username: String, password: String?) -> DatabaseURL {
        DatabaseURL(host: host, port: port, username: username, password: password, database: database, requireTLS: requireTLS)
    }

    public func with(database: String) -> DatabaseURL {
        DatabaseURL(host: host, port: port, username: username, password: password, database: database, requireTLS: requireTLS)
    }

    /// Never prints the password.
    public var description: String { "postgres://\(username)@\(host):\(port)/\(database)" }

    /// A pool configuration; `maximumConnections` bounds what one node takes from the server.
    public func clientConfiguration(maximumConnections: Int = 20) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database,
            tls: requireTLS ? .require(.makeClientConfiguration()) : .disable)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }
}
