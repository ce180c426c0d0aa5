import Synchronization

/// Opens once the schema is known to be up to date: background workers wait for it, so a first start on an empty
/// database does not fill the log with "function does not exist" while the migrations are still being applied.
public final class SchemaReadiness: Sendable {
    private let opened: Mutex<Bool>

    /// Already open: for code that checked the schema itself (tests, `relais migrate`).
    public static var open: SchemaReadiness { SchemaReadiness(open: true) }

    public init(open: Bool = false) { opened = Mutex(open) }

    public var isOpen: Bool { opened.withLock { $0 } }

    /// Marks the schema ready; every waiter goes on.
    public func markReady() { opened.withLock { $0 = true } }

    /// Returns when the schema is ready, or when the task is cancelled (shutdown before it ever was).
    public func wait() async {
        while !isOpen && !Task.isCancelled { try? await Task.sleep(for: .milliseconds(50)) }
    }
}
