import Foundation
import Logging
import NIOPosix
import RelaisCore
import RelaisReports
import RelaisStore

/// Runs one claimed import to its end: reads the file in batches off the event loops, maps and normalises
/// each row, and writes each batch with its checkpoint in one transaction. A file unusable as a whole ends
/// the import `failed` with the reason; a lost lease or a shutdown leaves it to be resumed from its checkpoint.
struct ContactImportRunner {
    let database: Database
    let logger: Logger
    let settings: ContactImportWorker.Settings
    let stopping: StopSignal

    func process(_ claim: ContactImportClaim) async {
        let (tenant, id, attempts, token) = (claim.tenant, claim.id, claim.attempts, claim.claim)
        var logger = logger
        logger[metadataKey: "tenant.id"] = "\(tenant)"
        logger[metadataKey: "import.id"] = "\(id)"
        let record: ContactImport
        do {
            try Task.checkCancellation()
            guard let found = try await database.withTenant(tenant, { try await $0.contactImport(id) }) else { return }
            record = found
            if attempts > settings.maxAttempts {
                throw ImportFailure(reason: "the import was interrupted \(attempts - 1) times; please start it again")
            }
            try await run(record, tenant: tenant, claim: token)
            try Task.checkCancellation()
            // Before the import shows as completed: the contact list, segments and a campaign launched next are then
            // planned on the company's new size, not on the statistics of the (often empty) company autovacuum last
            // saw, up to a minute before. A failure here is no reason to fail the import.
            do {
                let written = try await database.withTenant(tenant) { try await $0.contactImport(id) }.map { $0.created + $0.updated } ?? 0
                _ = try await database.withoutTenant { try await $0.analyseImported(written: written) }
            } catch {
                logger.warning("statistics not refreshed", metadata: ["error": "\(String(reflecting: error))"])
            }
            try await database.withTenant(tenant) { try await $0.finishContactImport(id, claim: token, state: .completed, reason: nil) }
            try? FileManager.default.removeItem(atPath: record.filePath)
            logger.info("contact import completed")
        } catch let failure as ImportFailure {
            await fail(tenant, id, token, failure.reason, logger: logger)
        } catch StoreError.notFound {
            logger.warning("contact import lease lost; another node resumes it")
        } catch is ImportPaused {
            // Graceful shutdown stops this worker before the database client, so the lease can be handed back.
            // When cancelled instead, the client is going away too: the lease simply expires.
            if !Task.isCancelled { try? await database.withTenant(tenant) { try await $0.releaseContactImport(id, claim: token) } }
            logger.info("contact import paused by shutdown; it resumes from its checkpoint")
        } catch {
            if Task.isCancelled { return }
            logger.error("contact import stopped", metadata: ["error": "\(String(reflecting: error))"])
            await fail(tenant, id, token, "the import stopped on an unexpected error; rows written before it are kept (see the counts)", logger: logger)
        }
    }

    private func fail(_ tenant: TenantID, _ id: UUID, _ claim: UUID, _ reason: String, logger: Logger) async {
        if Task.isCancelled { return }
        do {
            let path = try await database.withTenant(tenant) { connection in
                try await connection.finishContactImport(id, claim: claim, state: .failed, reason: reason)
                return try await connection.contactImport(id)?.filePath
            }
            if let path { try? FileManager.default.removeItem(atPath: path) }
            logger.info("contact import failed", metadata: ["reason": "\(reason)"])
        } catch {
            logger.error("could not record a failed import", metadata: ["error": "\(error)"])
        }
    }

    private func run(_ record: ContactImport, tenant: TenantID, claim: UUID) async throws {
        let url = URL(fileURLWithPath: record.filePath)
        let sheet = record.options.sheet
        let box = try await NIOThreadPool.singleton.runIfActive { () throws -> ReaderBox in
            do {
                let format = SpreadsheetFormat.detect(url: url, fileName: record.fileName)
                return ReaderBox(try format.makeReader(url: url, sheet: sheet))
            } catch {
                throw ImportFailure(reason: String(describing: error))
            }
        }
        guard let header = try await read(box, 1).first else { throw ImportFailure(reason: "the file is empty") }
        let headers = header.cells.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let columns = ImportRowMapper.columns(headers: headers, mapping: record.options.mapping)
        guard columns.contains(.phone) else { throw ImportFailure(reason: Self.noPhoneReason(headers)) }
        let mapper = ImportRowMapper(columns: columns, defaultCountry: record.options.defaultCountry)
        var sawData = record.checkpointRow > 0
        // The next batch is read and mapped on the thread pool while the current one is written: PostgreSQL and
        // the mapping then share the machine's cores instead of taking turns. Writes stay one after the other, each
        // with its checkpoint, so a restart still resumes exactly after the last batch written.
        var next = try await prepare(box, mapper: mapper, after: record.checkpointRow)
        while let read = next {
            if stopping.isRaised || Task.isCancelled { throw ImportPaused() }
            guard let batch = read else {
                next = try await prepare(box, mapper: mapper, after: record.checkpointRow)
                continue
            }
            sawData = true
            async let written: Void = write(batch, record: record, tenant: tenant, claim: claim)
            let upcoming: Result<PreparedBatch??, any Error>
            do {
                upcoming = .success(try await prepare(box, mapper: mapper, after: record.checkpointRow))
            } catch {
                upcoming = .failure(error)
            }
            // A batch being written finishes (or fails) before anything else happens, even when reading failed.
            try await written
            next = try upcoming.get()
        }
        if !sawData { throw ImportFailure(reason: "the file has a header row but no data rows") }
    }

    /// One batch mapped and ready to be written.
    struct PreparedBatch: Sendable {
        var contacts: [ImportedContact] = []
        var rejections: [ImportRejection] = []
        var rowsRead = 0
        var duplicates = 0
        var lastRow = 0
    }

    /// Reads the next rows and maps those after `checkpoint`, on the thread pool. Nil at the end of the file; a nil
    /// batch when every row read was written before (an import resuming from its checkpoint).
    private func prepare(_ box: ReaderBox, mapper: ImportRowMapper, after checkpoint: Int) async throws -> PreparedBatch?? {
        let count = settings.batchSize
        return try await NIOThreadPool.singleton.runIfActive { () throws -> PreparedBatch?? in
            let rows = try Self.next(box, count)
            if rows.isEmpty { return nil }
            let fresh = rows.filter { $0.number > checkpoint }
            if fresh.isEmpty { return .some(nil) }
            var batch = PreparedBatch(rowsRead: fresh.count, lastRow: fresh.last?.number ?? checkpoint)
            var phones = Set<String>()
            for row in fresh {
                switch mapper.map(row) {
                case .rejected(let rejection): batch.rejections.append(rejection)
                case .contact(let contact):
                    if phones.insert(contact.phone).inserted { batch.contacts.append(contact) } else { batch.duplicates += 1 }
                }
            }
            return batch
        }
    }

    /// Writes one mapped batch with its checkpoint, in one tenant transaction.
    private func write(_ batch: PreparedBatch, record: ContactImport, tenant: TenantID, claim: UUID) async throws {
        // A cancelled task must not reach for the database client: it is being cancelled too, and a lease
        // asked of a client that stopped running never completes.
        try Task.checkCancellation()
        try await database.withTenant(tenant) { connection in
            _ = try await connection.writeImportBatch(
                importID: record.id, claim: claim, contacts: batch.contacts, rejections: batch.rejections, rowsRead: batch.rowsRead,
                duplicatesInBatch: batch.duplicates, lastRow: batch.lastRow, options: record.options, leaseSeconds: settings.leaseSeconds)
        }
    }

    private func read(_ box: ReaderBox, _ count: Int) async throws -> [SpreadsheetRow] {
        try await NIOThreadPool.singleton.runIfActive { () throws -> [SpreadsheetRow] in try Self.next(box, count) }
    }

    /// The next `count` rows, blocking; a file that cannot be read further ends the import with the reader's reason.
    private static func next(_ box: ReaderBox, _ count: Int) throws -> [SpreadsheetRow] {
        do {
            return try box.next(count)
        } catch {
            throw ImportFailure(reason: String(describing: error))
        }
    }

    static func noPhoneReason(_ headers: [String]) -> String {
        if headers.count == 1 {
            return "the file has a single column (“\(headers[0].prefix(80))”) that does not hold phone numbers: "
                + "check the separator, or add a column of phone numbers"
        }
        let list = headers.prefix(20).map { "“\($0.prefix(40))”" }.joined(separator: ", ")
        return "no column holds phone numbers (columns: \(list)); name one Phone or Téléphone, or map it to phone"
    }
}
