/// Why the private PostgreSQL cluster could not be prepared or started.
public enum EmbeddedClusterError: Error, CustomStringConvertible, Sendable {
    case binariesNotFound
    case commandFailed(command: String, output: String)
    case noUnprivilegedUser
    case stateUnreadable(String)
    case notReady(String)

    public var description: String {
        switch self {
        case .binariesNotFound:
            "PostgreSQL binaries not found (looked at `pg_config --bindir`, PATH and /usr/lib/postgresql/*/bin). Install PostgreSQL (e.g. `apt-get install postgresql`) or set DATABASE_URL."
        case .commandFailed(let command, let output):
            "`\(command)` failed:\n\(output)"
        case .noUnprivilegedUser:
            "Running as root, but neither a `postgres` nor a `nobody` user exists to run PostgreSQL (it refuses to run as root)."
        case .stateUnreadable(let path):
            "The embedded cluster's state file \(path) is unreadable; remove the .relais folder to start afresh."
        case .notReady(let reason):
            "The embedded cluster did not become ready: \(reason)"
        }
    }
}
