import Foundation
import Logging

/// Keeps the simulator's numbers and templates in a JSON file (`SimulatorConfiguration.stateFile`):
/// loaded at start, rewritten (atomically) within a second of any change, and once more at shutdown.
struct StateFileWriter: Sendable {
    let store: SimulatorStore
    let path: String
    let logger: Logger

    /// Reads the file into the store; a missing file is a first start, an unreadable one is reported and ignored.
    static func load(into store: SimulatorStore, path: String, logger: Logger) {
        guard let data = FileManager.default.contents(atPath: path) else { return }
        do {
            let snapshot = try JSONDecoder().decode(SimulatorSnapshot.self, from: data)
            store.state.withLock { $0.restore(snapshot, now: store.now) }
            logger.info("simulator state restored", metadata: ["numbers": "\(snapshot.numbers.count)", "templates": "\(snapshot.templates.count)"])
        } catch {
            logger.error("simulator state file unreadable; starting empty", metadata: ["path": "\(path)", "error": "\(error)"])
        }
    }

    func run() async {
        var last = store.state.withLock { $0.snapshot() }
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            last = save(ifChangedFrom: last)
        }
        _ = save(ifChangedFrom: nil)
    }

    private func save(ifChangedFrom previous: SimulatorSnapshot?) -> SimulatorSnapshot {
        let current = store.state.withLock { $0.snapshot() }
        guard current != previous else { return current }
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try encoder.encode(current).write(to: URL(fileURLWithPath: path), options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        } catch {
            logger.error("cannot write simulator state file", metadata: ["path": "\(path)", "error": "\(error)"])
        }
        return current
    }
}
