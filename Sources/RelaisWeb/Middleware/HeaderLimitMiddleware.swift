import Hummingbird

/// Refuses requests whose header fields exceed `maxBytes` in total (431) before any work is done for them.
///
/// NIO's parser itself stops at 80 KB of headers and drops the connection; below that, a client could still send
/// tens of kilobytes of headers with every request (to inflate logs, cookies jars or proxies' buffers). Runs after
/// the error presentation, so the refusal is a proper problem document or page.
struct HeaderLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let maxBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let total = request.headers.reduce(0) { $0 + $1.name.rawName.utf8.count + $1.value.utf8.count + 4 }
        guard total <= maxBytes else {
            throw Problem(status: .requestHeaderFieldsTooLarge, code: "error.headers_too_large", detail: "The request's headers are too large.")
        }
        return try await next(request, context)
    }
}
