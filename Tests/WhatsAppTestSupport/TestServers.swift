import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization
import WhatsAppSimulator

/// Runs `service` in its own ServiceGroup for the duration of `body`, then shuts it down gracefully.
public func withService<T: Sendable>(_ service: some Service, _ body: () async throws -> T) async throws -> T {
    let group = ServiceGroup(services: [service], gracefulShutdownSignals: [], logger: Logger(label: "test"))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        do {
            let result = try await body()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
    }
}

/// A port reported by an `onServerRunning` callback.
public final class PortBox: Sendable {
    private let stream: AsyncStream<Int>
    public let continuation: AsyncStream<Int>.Continuation

    public init() {
        (stream, continuation) = AsyncStream<Int>.makeStream()
    }

    public func port() async -> Int {
        var iterator = stream.makeAsyncIterator()
        return await iterator.next() ?? 0
    }
}

/// A running simulator on 127.0.0.1 with its control client.
public struct RunningSimulator: Sendable {
    public let port: Int
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    public var control: SimulatorControlClient { SimulatorControlClient(httpClient: .shared, baseURL: baseURL) }
}

/// Starts a simulator on a free port with test-speed defaults, runs `body`, stops it.
public func withSimulator<T: Sendable>(
    _ configure: (inout SimulatorConfiguration) -> Void = { _ in }, _ body: (RunningSimulator) async throws -> T
) async throws -> T {
    let ports = PortBox()
    var configuration = SimulatorConfiguration(
        port: 0, templateApprovalDelay: .milliseconds(100), webhookRetryDelays: [.milliseconds(100), .milliseconds(200), .milliseconds(400)],
        webhookTimeout: .seconds(2), statusProgression: .immediate, timeoutHang: .seconds(5))
    configure(&configuration)
    configuration.port = 0
    configuration.onServerRunning = { port in ports.continuation.yield(port) }
    var logger = Logger(label: "simulator")
    logger.logLevel = .warning
    let simulator = WhatsAppSimulator(configuration: configuration, logger: logger)
    return try await withService(simulator) {
        try await body(RunningSimulator(port: await ports.port()))
    }
}

/// Starts a Hummingbird app with `router` on a free port, runs `body` with the port, stops it.
public func withServer<T: Sendable>(_ router: Router<BasicRequestContext>, _ body: (Int) async throws -> T) async throws -> T {
    let ports = PortBox()
    var logger = Logger(label: "test-server")
    logger.logLevel = .warning
    let app = Application(
        router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in ports.continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
    return try await withService(app) { try await body(await ports.port()) }
}

/// Webhook POSTs received by a test receiver: raw body and signature header.
public final class WebhookInbox: Sendable {
    public struct Received: Sendable {
        public let body: Data
        public let signature: String?
    }

    private let state = Mutex<(received: [Received], calls: Int)>(([], 0))
    /// Status codes to answer, in order; 200 once exhausted.
    private let script: [Int]

    public init(answering script: [Int] = []) {
        self.script = script
    }

    public var received: [Received] { state.withLock { $0.received } }
    public var calls: Int { state.withLock { $0.calls } }

    /// Records the call and returns the scripted status.
    public func record(_ body: Data, signature: String?) -> Int {
        state.withLock { state in
            let status = state.calls < script.count ? script[state.calls] : 200
            state.calls += 1
            if status == 200 { state.received.append(Received(body: body, signature: signature)) }
            return status
        }
    }

    /// A router with `POST /webhook` feeding this inbox.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("webhook") { request, context -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 8 << 20)
            let signature = request.headers[HTTPField.Name("X-Hub-Signature-256")!]
            let status = self.record(Data(body.readableBytesView), signature: signature)
            return Response(status: .init(code: status))
        }
        return router
    }

    /// Waits until `condition` holds over the received bodies (polling; fails after `timeout`).
    public func wait(timeout: Duration = .seconds(5), until condition: ([Received]) -> Bool) async throws -> [Received] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let current = received
            if condition(current) { return current }
            try await Task.sleep(for: .milliseconds(20))
        }
        return received
    }
}
