import Foundation
import Hummingbird
import Synchronization

/// Limits requests per client IP on the authentication routes (fixed one-minute windows).
///
/// Kept in memory per node: it blunts scripted guessing; the per-email lockout, which must
/// hold across nodes, lives in PostgreSQL (`LoginThrottle`).
final class RateLimitMiddleware: RouterMiddleware, Sendable {
    typealias Context = AppRequestContext

    private struct Window {
        var minute: Int
        var counts: [String: Int] = [:]
    }

    let limitPerMinute: Int
    let appliesTo: @Sendable (String) -> Bool
    private let window = Mutex(Window(minute: 0))

    init(limitPerMinute: Int, appliesTo: @escaping @Sendable (String) -> Bool) {
        self.limitPerMinute = limitPerMinute
        self.appliesTo = appliesTo
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method != .get, appliesTo(request.uri.path) else { return try await next(request, context) }
        let now = Int(Date().timeIntervalSince1970)
        let key = context.clientIP ?? "unknown"
        let allowed = window.withLock { window -> Bool in
            if window.minute != now / 60 { window = Window(minute: now / 60) }
            window.counts[key, default: 0] += 1
            return window.counts[key]! <= limitPerMinute
        }
        guard allowed else { throw Problem.tooManyRequests(retryAfter: 60 - now % 60) }
        return try await next(request, context)
    }
}
