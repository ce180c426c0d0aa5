import Foundation
import RelaisCore

/// Where `initdb`, `pg_ctl` and `postgres` live on this machine.
///
/// Looked up through `pg_config --bindir`, then `PATH`, then Debian's
/// `/usr/lib/postgresql/<major>/bin` (highest major first).
public struct PostgresBinaries: Sendable {
    public let directory: URL

    public func path(_ tool: String) -> String { directory.appendingPathComponent(tool).path }

    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws(EmbeddedClusterError) -> PostgresBinaries {
        let fileManager = FileManager.default
        func hasTools(_ dir: String) -> Bool {
            ["initdb", "pg_ctl", "postgres"].allSatisfy { fileManager.isExecutableFile(atPath: dir + "/" + $0) }
        }
        let pathDirectories = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        if let pgConfig = pathDirectories.map({ $0 + "/pg_config" }).first(where: fileManager.isExecutableFile(atPath:)),
            let output = try? ProcessRunner.run(pgConfig, ["--bindir"]),
            hasTools(output.trimmingWhitespace())
        {
            return PostgresBinaries(directory: URL(fileURLWithPath: output.trimmingWhitespace()))
        }
        if let dir = pathDirectories.first(where: { fileManager.isExecutableFile(atPath: $0 + "/initdb") }) {
            // A PATH entry may be a symlink farm (/usr/local/bin); resolve to the real bin directory.
            let real = URL(fileURLWithPath: dir + "/initdb").resolvingSymlinksInPath().deletingLastPathComponent()
            if hasTools(real.path) { return PostgresBinaries(directory: real) }
        }
        let debianRoot = "/usr/lib/postgresql"
        let majors = ((try? fileManager.contentsOfDirectory(atPath: debianRoot)) ?? []).compactMap(Int.init).sorted(by: >)
        if let major = majors.first(where: { hasTools("\(debianRoot)/\($0)/bin") }) {
            return PostgresBinaries(directory: URL(fileURLWithPath: "\(debianRoot)/\(major)/bin"))
        }
        throw .binariesNotFound
    }
}
