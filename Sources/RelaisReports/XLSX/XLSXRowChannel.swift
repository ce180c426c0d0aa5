import Foundation

/// A bounded hand-off of rows from the thread running `XMLParser` to the caller of `next()`.
///
/// `XMLParser` pushes events until the document ends; the importer wants to pull rows and
/// `await` between batches. The parser therefore runs on its own thread and blocks when
/// `capacity` batches wait unread, so memory stays flat and the first rows arrive while the
/// rest of the sheet is still being parsed. Rows travel in batches: handing them over one by
/// one made the two threads wake each other for every row, which tripled the reading time.
final class XLSXRowChannel: @unchecked Sendable {
    // Every stored property is guarded by `condition`'s lock.
    private let condition = NSCondition()
    private var batches: [[SpreadsheetRow]] = []
    private var finished = false
    private var failure: SpreadsheetError?
    private var cancelled = false
    private let capacity: Int

    /// Rows per batch the producer should send.
    static let batchSize = 256

    init(capacity: Int = 8) {
        self.capacity = capacity
    }

    /// Producer side: queues a batch, waiting while the queue is full; `false` once the reader is closed.
    func send(_ batch: [SpreadsheetRow]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    /// Producer side: no more rows; `error` is thrown to the consumer after the queued rows.
    func finish(_ error: SpreadsheetError?) {
        condition.lock()
        defer { condition.unlock() }
        finished = true
        failure = error
        condition.broadcast()
    }

    /// Consumer side: the next batch, waiting for the parser if needed; `nil` at the end.
    func receive() throws(SpreadsheetError) -> [SpreadsheetRow]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished && !cancelled { condition.wait() }
        guard !batches.isEmpty else {
            if let failure, !cancelled { throw failure }
            return nil
        }
        condition.broadcast()
        return batches.removeFirst()
    }

    /// Consumer side: stops the producer at its next batch and ends iteration.
    func cancel() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        batches = []
        condition.broadcast()
    }
}
