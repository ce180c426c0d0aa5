import Foundation
import Logging
import Synchronization

/// Appends every ledger entry as one JSON line to a file of the simulator's own (never Relais's database),
/// from a background loop so the send path never touches the disk.
struct LedgerFileWriter: Sendable {
    let store: SimulatorStore
    let path: String
    let logger: Logger

    /// Flushes new entries every 100 ms until cancelled, then once more.
    func run() async {
        guard FileManager.default.fileExists(atPath: path) || FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            logger.error("cannot open ledger file", metadata: ["path": "\(path)"])
            return
        }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        var written = 0
        let encoder = JSONEncoder()
        while !Task.isCancelled {
            written = flush(handle, from: written, encoder: encoder)
            try? await Task.sleep(for: .milliseconds(100))
        }
        _ = flush(handle, from: written, encoder: encoder)
    }

    private func flush(_ handle: FileHandle, from written: Int, encoder: JSONEncoder) -> Int {
        let entries = store.state.withLock { Array($0.ledger[written...]) }
        guard !entries.isEmpty else { return written }
        var data = Data()
        for entry in entries {
            if let line = try? encoder.encode(entry) {
                data.append(line)
                data.append(0x0A)
            }
        }
        do {
            try handle.write(contentsOf: data)
        } catch {
            logger.error("cannot write ledger file", metadata: ["error": "\(error)"])
        }
        return written + entries.count
    }
}
