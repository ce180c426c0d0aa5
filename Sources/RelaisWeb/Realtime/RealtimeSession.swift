import Foundation
import HummingbirdWebSocket
import Logging
import RelaisCore
import RelaisStore
import ServiceLifecycle

/// One open `/api/v1/realtime` socket: sends the company's progress updates as the hub hands them over, reads the
/// client's subscribe messages, and closes when the client goes, the server shuts down or the login ends.
struct RealtimeSession {
    let hub: RealtimeHub
    let database: Database
    let identity: Identity
    let logger: Logger
    /// How often the socket's login is checked again: it was checked once at the upgrade, and a session revoked
    /// or a user removed since must not keep receiving the company's figures.
    static let recheckInterval: Duration = .seconds(60)
    /// The largest client message read; subscribe messages are a few dozen bytes.
    static let maxMessageSize = 4096
    /// The pause after each client message: a subscribe costs a query, so a client that sends them in a loop is
    /// slowed down by TCP's own backpressure (its frames wait in the socket) rather than served at its pace.
    static let messageSpacing: Duration = .milliseconds(100)

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let subscription = hub.subscribe(tenant: identity.tenant)
        defer { hub.unsubscribe(subscription) }
        // On graceful shutdown the session ends and the library closes the socket with 1000 (normal closure).
        try await cancelWhenGracefulShutdown {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await text in subscription.updates { try await outbound.write(.text(text)) }
                }
                group.addTask {
                    await showCurrent(campaign: nil)
                    for try await message in inbound.messages(maxSize: Self.maxMessageSize) {
                        try await receive(message, subscription: subscription, outbound: outbound)
                        try await Task.sleep(for: Self.messageSpacing)
                    }
                }
                group.addTask { try await closeWhenLoginEnds(outbound) }
                // Whichever ends first ends the session: the client left, the hub stopped, or the login ended.
                try await group.next()
                group.cancelAll()
            }
        }
    }

    private func receive(_ message: WebSocketMessage, subscription: RealtimeSubscription, outbound: WebSocketOutboundWriter) async throws {
        guard case .text(let text) = message else {
            try await outbound.write(.text(try RealtimeServerMessage.error(.malformed).text))
            return
        }
        do {
            switch try RealtimeClientMessage(text: text) {
            case .subscribe(let campaign):
                hub.narrow(subscription, to: campaign)
                try await outbound.write(.text(try RealtimeServerMessage.subscribed(campaign: campaign).text))
                await showCurrent(campaign: campaign)
            }
        } catch let refusal as RealtimeClientMessage.Refusal {
            try await outbound.write(.text(try RealtimeServerMessage.error(refusal).text))
        }
    }

    /// Has the hub send what there is to see now: the company's running runs, or the latest run of one campaign
    /// (whatever its state, so a page opened on a finished campaign gets its final figures). Another company's
    /// campaign has no run under row-level security, so nothing is sent for it.
    /// A failed read is logged, not fatal: the next change of each run reaches the socket anyway.
    private func showCurrent(campaign: UUID?) async {
        do {
            let runs = try await database.withTenant(identity.tenant, logger: logger) { connection -> [UUID] in
                guard let campaign else { return try await connection.runningRunIDs() }
                return try await connection.latestRunID(campaign: campaign).map { [$0] } ?? []
            }
            hub.announce(tenant: identity.tenant, runs: runs)
        } catch {
            logger.warning("could not list the runs to show", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    /// Checks the login every `recheckInterval`; closes with 1008 (policy violation) once it no longer holds.
    private func closeWhenLoginEnds(_ outbound: WebSocketOutboundWriter) async throws {
        while true {
            try await Task.sleep(for: Self.recheckInterval)
            // A database hiccup is no reason to drop the socket: the next check decides.
            let found: AuthenticatedSession?
            do {
                found = try await database.authenticate(tenant: identity.tenant, user: identity.user.id, session: identity.session)
            } catch {
                continue
            }
            guard let found, PermissionMatrix.allows(found.user.role, .draftCampaigns) else {
                logger.info("realtime socket closed: its login ended")
                try await outbound.close(.policyViolation, reason: "The session has ended.")
                return
            }
        }
    }
}
