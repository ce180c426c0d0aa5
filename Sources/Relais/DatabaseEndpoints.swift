import Foundation
import Logging
import RelaisStore

/// The database Relais will use: the embedded cluster (started here) or the one named by `DATABASE_URL`.
struct DatabaseEndpoints: Sendable {
    let application: DatabaseURL
    /// nil when no owner URL was given: the node then checks the schema instead of migrating it.
    let owner: DatabaseURL?
    /// Set when this process started the embedded cluster and must stop it on shutdown.
    let embedded: EmbeddedCluster?
    /// The embedded cluster was already running (a `relais serve` uses it): one-shot commands leave it so.
    var adoptedRunningCluster = false
    /// A direct server for session-bound connections when `application` goes through a transaction pooler.
    var direct: DatabaseURL? = nil

    static func resolve(_ configuration: RelaisConfiguration, logger: Logger) async throws -> DatabaseEndpoints {
        if let url = configuration.databaseURL {
            return DatabaseEndpoints(
                application: try DatabaseURL(url), owner: try configuration.ownerDatabaseURL.map { try DatabaseURL($0) }, embedded: nil,
                direct: try configuration.directDatabaseURL.map { try DatabaseURL($0) })
        }
        let cluster = EmbeddedCluster(
            options: .init(root: configuration.dataDirectory), binaries: try PostgresBinaries.locate(), logger: logger)
        let endpoints = try await cluster.start()
        return DatabaseEndpoints(
            application: endpoints.application, owner: endpoints.owner, embedded: cluster, adoptedRunningCluster: endpoints.adopted)
    }

    /// For one-shot commands (`migrate`, `keys rotate`, `audit verify`): stops the embedded cluster only if this
    /// process started it, so a command run beside `relais serve` never takes the server's database away.
    func stopIfStartedHere() throws {
        if !adoptedRunningCluster { try embedded?.stop() }
    }
}
