import ArgumentParser
import Foundation
import Logging
import PostgresNIO

/// `relais`: the whole product in one binary. `serve` is the default subcommand (started from `main.swift`).
struct RelaisCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relais",
        abstract: "WhatsApp marketing campaigns for teams: web app, API and dispatcher.",
        discussion: """
            With no DATABASE_URL, Relais runs its own PostgreSQL cluster under ./.relais and WhatsApp in sandbox mode. \
            Configuration comes from RELAIS_* environment variables (see README.md).
            """,
        version: RelaisVersion.current,
        subcommands: [
            ServeCommand.self, MigrateCommand.self, BackupCommand.self, RestoreCommand.self, KeysCommand.self, AuditCommand.self,
            SimulatorCommand.self, VersionCommand.self,
        ],
        defaultSubcommand: ServeCommand.self)


}

/// Sets up logging once per process, as JSON lines (or text for humans, `RELAIS_LOG_FORMAT=text`).
enum LogSetup {
    static func bootstrap(_ configuration: RelaisConfiguration) -> Logger {
        let level = configuration.logLevel
        if configuration.logFormat == "json" {
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        } else {
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
        return Logger(label: "relais")
    }
}

/// An error as the command line shows it. PostgresNIO keeps server details out of `description`
/// on purpose; at startup the operator needs them, so they are spelled out here.
struct StartupError: Error, CustomStringConvertible {
    let description: String

    /// Runs `body`, turning any error into one whose message says what actually went wrong.
    static func reporting<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            guard error is PSQLError || error is PostgresTransactionError else { throw error }
            throw StartupError(description: String(reflecting: error))
        }
    }
}
