import Foundation
import Hummingbird
import Synchronization

/// Limits requests per client IP on the authentication routes, over a sliding minute: the previous minute's count,
/// weighted by how much of it still falls within the last 60 s, plus this minute's. (Fixed windows let a client
/// send twice the limit across a boundary, and made the limit's own test fail when it ran across one.)
///
/// Kept in memory per node: it blunts scripted guessing; the per-email lockout, which must
/// hold across nodes, lives in PostgreSQL (`LoginThrottle`).
final class RateLimitMiddleware: RouterMiddleware, Sendable {
    typealias Context = AppRequestContext

    private struct Window {
        var minute: Int
        var counts: [String: Int] = [:]
        var previous: [String: Int] = [:]
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
        let now = Date().timeIntervalSince1970
        let minute = Int(now) / 60
        let key = context.clientIP ?? "unknown"
        let allowed = window.withLock { window -> Bool in
            if window.minute != minute {
                window = Window(minute: minute, previous: window.minute == minute - 1 ? window.counts : [:])
            }
            let weight = 1 - (now - Double(minute * 60)) / 60
            let estimate = Double(window.previous[key] ?? 0) * weight + Double(window.counts[key, default: 0] + 1)
            guard estimate <= Double(limitPerMinute) else { return false }
            window.counts[key, default: 0] += 1
            return true
        }
        guard allowed else { throw Problem.tooManyRequests(retryAfter: 60 - Int(now) % 60) }
        return try await next(request, context)
    }
}
