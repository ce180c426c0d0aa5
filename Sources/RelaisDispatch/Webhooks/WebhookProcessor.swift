import Foundation
import Logging
import RelaisCore
import RelaisStore
import ServiceLifecycle
import WhatsAppCloud

/// Applies stored webhooks: routes each change to its company by `phone_number_id`, applies message
/// statuses (idempotently, by rank), records inbound messages and opt-outs, and template decisions.
///
/// The HTTP endpoint only verifies and stores; this service does the work, so a slow database never
/// makes Meta retry, and a crash loses nothing: a claimed event whose 10 s lease expires is claimed again
/// by any node (applying an event twice changes nothing: statuses move by rank, inbound messages by wamid).
public struct WebhookProcessor: Service {
    let database: Database
    let logger: Logger
    let batchSize: Int
    let idleDelay: Duration
    /// Events applied at once: each waits on a few database round trips, so overlapping them multiplies throughput.
    let concurrency: Int
    let routes: RouteCache
    /// After this many failed attempts an event is parked as `failed` with its error (kept for an operator).
    static let maximumAttempts = 5

    public init(database: Database, logger: Logger, batchSize: Int = 400, concurrency: Int = 8, idleDelay: Duration = .milliseconds(100)) {
        self.database = database
        self.logger = logger
        self.batchSize = batchSize
        self.concurrency = concurrency
        self.idleDelay = idleDelay
        self.routes = RouteCache()
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await database.schema.wait()
            while !Task.isCancelled {
                var processed = 0
                do {
                    processed = try await processBatch()
                } catch is CancellationError {
                    return
                } catch {
                    // The database is down or restarting: wait and try again; stored events are not lost.
                    logger.warning("webhook processing paused", metadata: ["error": "\(String(reflecting: error))"])
                    try? await Task.sleep(for: .seconds(1))
                }
                if processed == 0 { try? await Task.sleep(for: idleDelay) }
            }
        }
    }

    /// One unit of concurrent work: a company's routed events together, or one event on its own.
    enum WorkItem: Sendable {
        case group(TenantID, [RoutedEvent])
        case single(WebhookEvent)
    }

    /// Claims and applies one batch; returns how many events it handled.
    @discardableResult
    public func processBatch() async throws -> Int {
        // A cancelled task must not reach for the database client: it is being cancelled too, and a lease
        // asked of a client that stopped running never completes. Unapplied events wait for another claim.
        try Task.checkCancellation()
        let events = try await database.withoutTenant { try await $0.claimWebhooks(limit: batchSize, leaseSeconds: 10) }
        let (groups, others) = await partition(events)
        let work = groups.map { WorkItem.group($0.key, $0.value) } + others.map(WorkItem.single)
        await withTaskGroup(of: Void.self) { group in
            for (index, item) in work.enumerated() {
                if index >= concurrency { await group.next() }
                group.addTask {
                    switch item {
                    case .group(let tenant, let events): await applyGroup(tenant, events)
                    case .single(let event): await process(event)
                    }
                }
            }
        }
        return events.count
    }

    func process(_ event: WebhookEvent) async {
        if Task.isCancelled { return }
        do {
            let envelope = try JSONDecoder().decode(WebhookEnvelope.self, from: Data(event.body.utf8))
            if try await applyInOneTransaction(envelope, event) { return }
            var routedEverything = true
            for entry in envelope.entry {
                for change in entry.changes {
                    routedEverything = try await apply(change, wabaID: entry.id) && routedEverything
                }
            }
            try await finish(event, routedEverything ? .processed : .unroutable, error: routedEverything ? nil : "no connected number matches")
        } catch let error as DecodingError {
            try? await finish(event, .failed, error: "undecodable webhook: \(error)")
        } catch {
            if Task.isCancelled { return }
            logger.warning("webhook not applied yet", metadata: ["webhook.id": "\(event.id)", "error": "\(String(reflecting: error))"])
            if event.attempts >= Self.maximumAttempts { try? await finish(event, .failed, error: String(reflecting: error)) }
        }
    }

    /// The common case — one `messages` change for a number we know — applied and marked processed in a
    /// single transaction: the event is done exactly when its effects are. False for anything else.
    private func applyInOneTransaction(_ envelope: WebhookEnvelope, _ event: WebhookEvent) async throws -> Bool {
        guard envelope.entry.count == 1, let change = envelope.entry.first?.changes.first, envelope.entry[0].changes.count == 1,
            case .messages(let value) = change.value, let phoneNumberID = value.metadata?.phoneNumberID,
            let route = try await route(phoneNumberID)
        else { return false }
        try await database.withTenant(route.tenant, logger: logger) { connection in
            try await apply(value, number: route.number, on: connection)
            try await connection.finishWebhook(event.id, .processed)
        }
        return true
    }

    func route(_ phoneNumberID: String) async throws -> (tenant: TenantID, number: UUID)? {
        if let cached = routes.lookup(phoneNumberID) { return cached }
        let found = try await database.withoutTenant { try await $0.route(phoneNumberID: phoneNumberID) }
        if let found { routes.store(phoneNumberID, found) }
        return found
    }

    func apply(_ value: MessagesValue, number: UUID, on connection: TenantConnection, statuses: Bool = true) async throws {
        if statuses { try await connection.applyStatuses(value.statuses.compactMap(Self.update)) }
        if !value.messages.isEmpty {
            let keywords = OptOutKeywords(try await connection.optOutKeywords())
            for message in value.messages {
                try await record(message, contacts: value.contacts, number: number, keywords: keywords, on: connection)
            }
        }
    }

    private func finish(_ event: WebhookEvent, _ outcome: WebhookOutcome, error: String?) async throws {
        try await database.withoutTenant { try await $0.finishWebhook(event.id, outcome, error: error) }
    }

    /// Applies one change; false when nobody here owns it.
    private func apply(_ change: WebhookChange, wabaID: String) async throws -> Bool {
        switch change.value {
        case .messages(let value):
            guard let phoneNumberID = value.metadata?.phoneNumberID, let route = try await route(phoneNumberID) else { return false }
            try await database.withTenant(route.tenant, logger: logger) { try await apply(value, number: route.number, on: $0) }
            return true
        case .templateStatus(let update):
            let tenants = try await database.withoutTenant { try await $0.tenants(ofWABA: wabaID) }
            guard let name = update.messageTemplateName, !tenants.isEmpty else { return tenants.isEmpty ? false : true }
            for tenant in tenants {
                try await database.withTenant(tenant, logger: logger) { connection in
                    _ = try await connection.setTemplateStatus(
                        wabaID: wabaID, name: name, language: update.messageTemplateLanguage ?? "", status: update.event,
                        reason: update.rejectionReason ?? update.reason)
                }
            }
            return true
        case .userPreferences(let value): return try await apply(value)
        case .qualityUpdate(let update): return try await apply(update, wabaID: wabaID)
        case .accountUpdate(let update): return try await apply(update, wabaID: wabaID)
        case .other:
            return true
        }
    }

    /// A status webhook as the store applies it; nil for a status word we do not track.
    static func update(_ status: WebhookStatus) -> StatusUpdate? {
        guard let kind = MessageStatus(webhook: status.kind) else { return nil }
        let error = status.errors.first
        return StatusUpdate(
            callbackID: status.bizOpaqueCallbackData.flatMap(UUID.init(uuidString:)), wamid: status.id, status: kind,
            at: status.timestamp.flatMap(TimeInterval.init).map(Date.init(timeIntervalSince1970:)) ?? Date(),
            errorCode: error?.code, errorTitle: error?.title ?? error?.message, pricingCategory: status.pricing?.category)
    }

    private func record(
        _ message: InboundMessage, contacts: [WebhookContact], number: UUID, keywords: OptOutKeywords, on connection: TenantConnection
    ) async throws {
        let from = message.from.map { $0.hasPrefix("+") ? $0 : "+" + $0 } ?? message.fromUserID ?? "unknown"
        let (text, payload): (String?, String?) =
            switch message.content {
            case .text(let body): (body, nil)
            case .button(let text, let payload): (text, payload)
            case .buttonReply(let id, let title), .listReply(let id, let title, _): (title, id)
            default: (message.userText, nil)
            }
        // A template's marketing opt-out button ("Stop promotions") opts out as the keywords do.
        let optOut =
            if case .button(let text, let payload) = message.content { keywords.matchesButton(text: text, payload: payload) } else {
                message.userText.map(keywords.matches) ?? false
            }
        let isNew = try await connection.insertInboundMessage(
            InboundRecord(
                numberID: number, wamid: message.id, fromPhone: from,
                profileName: contacts.first { $0.waID == message.from }?.profileName ?? contacts.first?.profileName,
                type: message.type, text: text.map { String($0.prefix(4096)) }, payload: payload.map { String($0.prefix(1024)) },
                contextWamid: message.context?.id, optOut: optOut,
                sentAt: message.timestamp.flatMap(TimeInterval.init).map(Date.init(timeIntervalSince1970:)) ?? Date()))
        guard isNew else { return }
        // A reply (or an opt-out) counts for the campaign message it answers (or the one that last messaged this
        // person); a quick-reply tap is a click on that message's button.
        let buttonTap =
            switch message.content {
            case .button, .buttonReply: true
            default: false
            }
        try await connection.noteInbound(
            from: from, at: message.timestamp.flatMap(TimeInterval.init).map(Date.init(timeIntervalSince1970:)) ?? Date(), optOut: optOut,
            replyTo: message.context?.id, buttonTap: buttonTap)
        if optOut { try await optOutOfMarketing(from, keyword: text ?? "", on: connection) }
    }

    /// An opt-out keyword: the sender's contact (if any) is opted out with the message as evidence, and the
    /// number joins the suppression list in any case, so a later import cannot opt them back in.
    private func optOutOfMarketing(_ phone: String, keyword: String, on connection: TenantConnection) async throws {
        if let contact = try await connection.contactID(phone: phone) {
            _ = try await connection.setConsent([contact], status: .optedOut, source: "whatsapp_keyword", evidence: "“\(keyword)”", actor: nil)
        }
        try await connection.suppress(phone: phone, source: "whatsapp_keyword")
    }
}

extension MessageStatus {
    /// Meta's status words in ours; `played` (voice) counts as read; unknown words are ignored.
    init?(webhook kind: WebhookStatus.Kind) {
        switch kind {
        case .sent: self = .sent
        case .delivered: self = .delivered
        case .read, .played: self = .read
        case .failed: self = .failed
        case .unknown: return nil
        }
    }
}
