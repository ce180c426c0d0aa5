import Foundation
import Hummingbird
import NIOCore
import Prometheus
import RelaisStore

/// Operational routes: liveness, readiness, metrics, the OpenAPI document and static assets.
struct SystemController {
    let database: Database
    let registry: PrometheusCollectorRegistry
    let version: String

    func register(_ router: Router<AppRequestContext>, api: APIRegistrar) throws {
        router.get("/healthz") { _, _ in
            try JSONResponse.make(["status": "ok", "version": version])
        }
        router.get("/readyz") { _, _ in
            guard await database.ping() else {
                throw Problem(status: .serviceUnavailable, code: "error.not_ready", detail: "The database is unreachable.", retryAfter: 5)
            }
            return try JSONResponse.make(["status": "ready"])
        }
        router.get("/metrics") { _, _ in
            // The webhook inbox by state: unroutable and failed events wait for an operator, so they must be visible.
            if let counts = try? await database.withoutTenant({ try await $0.webhookCounts() }) {
                for state in ["pending", "processed", "unroutable", "failed"] {
                    registry.makeGauge(
                        descriptor: .init(metricName: "relais_webhook_events", unitName: "count", helpText: "Stored WhatsApp webhooks by state"),
                        labels: [("state", state)]
                    ).set(Int64(counts[state] ?? 0))
                }
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        let openAPI = try Self.resource("OpenAPI", "openapi.json")
        api.on(.openAPI) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: openAPI)))
        }
        let script = "text/javascript; charset=utf-8"
        let assets = [
            ("app.css", "text/css; charset=utf-8"), ("app.js", script), ("campaign-composer.js", script), ("campaign-preview.js", script),
            ("campaign-pickers.js", script), ("campaign-ab.js", script), ("campaign-media.js", script), ("campaign-live.js", script), ("realtime.js", script),
            ("logo.svg", "image/svg+xml"),
        ]
        for (name, type) in assets {
            let bytes = try Self.resource("Assets", name)
            router.get(RouterPath("/assets/\(name)")) { _, _ in
                Response(
                    status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=300"],
                    body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
            }
        }
    }

    /// Loaded once at boot: a missing asset stops the boot instead of failing on first request.
    static func resource(_ folder: String, _ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: folder) else {
            throw PageRendererError.templateMissing("\(folder)/\(name)")
        }
        return try Data(contentsOf: url)
    }
}
