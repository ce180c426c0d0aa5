import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Synchronization
import WhatsAppCloud

/// The background loop that turns due events into signed webhook POSTs and retries failed ones.
///
/// Part of the simulator's `run()`: one loop ticking every few milliseconds, with a bounded number of POSTs in
/// flight, instead of one task per message — that is what keeps high send rates cheap.
struct WebhookDeliveryLoop: Sendable {
    let store: SimulatorStore
    let httpClient: HTTPClient
    let webhookURL: String?
    let signature: WebhookSignature
    let builder: WebhookPayloadBuilder
    let retryDelays: [Duration]
    let timeout: Duration
    let batchSize: Int
    let concurrency: Int
    let verifyToken: String?
    let signWrongly: Bool
    let logger: Logger

    /// Runs until the task is cancelled (the simulator cancels it on graceful shutdown).
    func run() async {
        await verifyReceiver()
        await withDiscardingTaskGroup { group in
            var pending: [WebhookDelivery] = []
            var head = 0
            while !Task.isCancelled {
                let work = store.state.withLock { $0.collectDue(now: store.now, wallNow: store.wallNow, limit: 50_000) }
                // Without a receiver the events are still consumed (template reviews apply), but no body is built.
                if !work.isEmpty, webhookURL != nil || work.hasCallbackOverrides { pending += build(work) }
                while head < pending.count, store.inFlight.load(ordering: .relaxed) < concurrency {
                    let delivery = pending[head]
                    head += 1
                    store.inFlight.add(1, ordering: .relaxed)
                    group.addTask {
                        await deliver(delivery)
                        store.inFlight.subtract(1, ordering: .relaxed)
                    }
                }
                if head > 1024, head * 2 > pending.count {
                    pending.removeFirst(head)
                    head = 0
                }
                try? await Task.sleep(for: .milliseconds(5))
            }
            group.cancelAll()
        }
    }

    /// Groups due statuses per phone number into batches, keeping their order.
    private func build(_ work: DueWork) -> [WebhookDelivery] {
        var deliveries = work.deliveries
        var byNumber: [String: [StatusEvent]] = [:]
        var order: [String] = []
        for status in work.statuses {
            if byNumber[status.phoneNumberID] == nil { order.append(status.phoneNumberID) }
            byNumber[status.phoneNumberID, default: []].append(status)
        }
        for id in order {
            let events = byNumber[id]!
            for start in stride(from: 0, to: events.count, by: max(batchSize, 1)) {
                deliveries.append(builder.statuses(Array(events[start..<min(events.count, start + max(batchSize, 1))])))
            }
        }
        let now = store.unixTime
        for change in work.templates {
            deliveries.append(builder.templateStatus(wabaID: change.wabaID, template: change.template, time: now, pauseTitle: change.pauseTitle))
        }
        for number in work.throughputErrors { deliveries.append(builder.throughputError(number: number)) }
        return deliveries
    }

    /// One POST; anything but 200 reschedules it on the retry schedule (at-least-once, order not guaranteed).
    private func deliver(_ delivery: WebhookDelivery) async {
        guard let webhookURL = store.state.withLock({ $0.callbackOverrides[delivery.wabaID] }) ?? webhookURL else { return }
        var request = HTTPClientRequest(url: webhookURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        let signed = signature.signature(for: delivery.body)
        request.headers.add(name: WebhookSignature.headerName, value: signWrongly ? String(signed.dropLast()) + (signed.hasSuffix("0") ? "1" : "0") : signed)
        request.body = .bytes(ByteBuffer(bytes: delivery.body))
        var status = 0
        do {
            let response = try await httpClient.execute(request, timeout: .nanoseconds(timeout.nanoseconds), logger: logger)
            status = Int(response.status.code)
            _ = try? await response.body.collect(upTo: 1 << 20)
        } catch {
            logger.debug("webhook POST failed", metadata: ["error": "\(error)", "attempt": "\(delivery.attempt)"])
        }
        let entry = WebhookLogEntry(
            kind: delivery.kind, items: delivery.itemCount, attempt: delivery.attempt, status: status,
            at: Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        store.state.withLock { $0.log(entry) }
        guard status != 200 else {
            let duplicate = !delivery.isDuplicate && store.state.withLock { $0.random.chance($0.configuration.duplicateWebhookRate) }
            if duplicate {
                var copy = delivery
                copy.isDuplicate = true
                store.schedule(copy, after: .milliseconds(10))
            }
            return
        }
        guard delivery.attempt < retryDelays.count else {
            logger.warning("webhook given up after \(delivery.attempt + 1) attempts", metadata: ["kind": "\(delivery.kind)"])
            return
        }
        var retry = delivery
        retry.attempt += 1
        store.schedule(retry, after: retryDelays[delivery.attempt])
    }

    /// Meta's GET handshake: the receiver must answer 200 with the echoed `hub.challenge`; retried every second.
    private func verifyReceiver() async {
        guard let verifyToken, let webhookURL else { return }
        while !Task.isCancelled {
            if await WebhookHandshake.attempt(webhookURL, verifyToken: verifyToken, httpClient: httpClient, timeout: timeout).passed {
                logger.info("webhook receiver verified")
                return
            }
            logger.warning("webhook verification handshake failed; retrying")
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
