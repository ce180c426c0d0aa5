import Hummingbird
import Logging
import Prometheus

/// Counts requests and measures their latency per route template and status, for `/metrics`,
/// and writes one log line per request with its id (the metrics registry is injected, never global).
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let registry: PrometheusCollectorRegistry
    static let buckets: [Duration] = [1, 2, 5, 10, 20, 50, 100, 250, 500, 1000, 2500].map { .milliseconds($0) }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer {
            let route = context.endpointPath ?? "unmatched"
            let labels = [("method", request.method.rawValue), ("route", route), ("status", String(status))]
            registry.makeCounter(
                descriptor: .init(metricName: "relais_http_requests", unitName: "total", helpText: "HTTP requests served"),
                labels: labels
            ).increment()
            let elapsed = ContinuousClock.now - start
            registry.makeDurationHistogram(
                descriptor: .init(metricName: "relais_http_request_duration", unitName: "seconds", helpText: "HTTP request latency"),
                labels: [("method", request.method.rawValue), ("route", route)], buckets: Self.buckets
            ).record(elapsed)
            context.logger.info(
                "request",
                metadata: [
                    "http.method": "\(request.method.rawValue)", "http.route": "\(route)", "http.status": "\(status)",
                    "duration_ms": "\(Double(elapsed.components.attoseconds / 1_000_000_000_000) / 1000)",
                ])
        }
        var response = try await next(request, context)
        status = response.status.code
        response.headers[.init("X-Request-Id")!] = context.requestID
        return response
    }
}
