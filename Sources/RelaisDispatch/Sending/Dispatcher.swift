import Foundation
import Logging
import RelaisCore
import RelaisStore
import ServiceLifecycle
import Synchronization
import WhatsAppCloud

/// Runs one send loop per number that has a running campaign, on whichever node holds that number's lock.
///
/// Every poll it asks which numbers need a loop (across tenants, through the narrow SECURITY DEFINER path) and
/// tries to lock each one it does not run yet; a number whose node died is unlocked by PostgreSQL and taken over
/// at the next poll. If the lock connection itself fails, every loop stops at once (their ownership went with it)
/// and the dispatcher starts over.
public struct Dispatcher: Service {
    let database: Database
    let whatsApp: WhatsAppClient
    let secrets: SecretBox
    let settings: DispatchSettings
    let logger: Logger

    public init(database: Database, whatsApp: WhatsAppClient, secrets: SecretBox, settings: DispatchSettings, logger: Logger) {
        self.database = database
        self.whatsApp = whatsApp
        self.secrets = secrets
        self.settings = settings
        self.logger = logger
    }

    public func run() async throws {
        // On graceful shutdown the loops are cancelled: requests in flight finish and are recorded, nothing new leaves.
        await cancelWhenGracefulShutdown {
            await database.schema.wait()
            while !Task.isCancelled {
                do {
                    try await database.withDispatchLocks { locks in try await coordinate(locks) }
                } catch is CancellationError {
                    return
                } catch {
                    if Task.isCancelled { return }
                    logger.warning("dispatcher restarting", metadata: ["error": "\(String(reflecting: error))"])
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        }
    }

    private func coordinate(_ locks: DispatchLocks) async throws {
        let owned = OwnedNumbers()
        try await withThrowingDiscardingTaskGroup { group in
            while !Task.isCancelled {
                try Task.checkCancellation()
                try await locks.check()
                let wanted = try await database.withoutTenant(logger: logger) { try await $0.dispatchNumbers() }
                for number in wanted where !owned.contains(number) {
                    guard try await locks.tryLock(number.number) else { continue }
                    owned.insert(number)
                    let loop = SendLoop(
                        tenant: number.tenant, number: number.number, database: database, whatsApp: whatsApp, secrets: secrets,
                        settings: settings, logger: logger)
                    group.addTask {
                        await loop.run()
                        // Unlock before forgetting the number, so the next poll can lock it again if needed.
                        try? await locks.unlock(number.number)
                        owned.remove(number)
                    }
                }
                try await Task.sleep(for: settings.pollInterval)
            }
        }
    }
}

/// The numbers whose send loops run on this node.
final class OwnedNumbers: Sendable {
    private let numbers = Mutex<Set<DispatchNumber>>([])

    func contains(_ number: DispatchNumber) -> Bool { numbers.withLock { $0.contains(number) } }
    func insert(_ number: DispatchNumber) { numbers.withLock { _ = $0.insert(number) } }
    func remove(_ number: DispatchNumber) { numbers.withLock { _ = $0.remove(number) } }
}
