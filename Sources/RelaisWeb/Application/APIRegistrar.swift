import Foundation
import Hummingbird
import RelaisCore

/// Registers API routes by their `APIRoute` case and remembers which were registered,
/// so a test can hold the router, the enum and the OpenAPI document to each other.
final class APIRegistrar {
    let router: Router<AppRequestContext>
    private(set) var registered: [APIRoute] = []

    init(router: Router<AppRequestContext>) { self.router = router }

    func on(_ route: APIRoute, _ handler: @escaping @Sendable (Request, AppRequestContext) async throws -> Response) {
        registered.append(route)
        router.on(route.routerPath, method: route.method) { request, context in try await handler(request, context) }
    }
}

/// Reading the common query parameters of list routes.
enum ListQuery {
    /// `?limit=` between 1 and 500, 50 by default; anything else is a 422.
    static func limit(_ request: Request) throws -> Int {
        guard let raw = request.uri.queryParameters.get("limit") else { return 50 }
        guard let limit = Int(raw), (1...500).contains(limit) else {
            throw Problem.validation([ValidationIssue(field: "limit", code: "error.limit.range")])
        }
        return limit
    }

    static func uuid(_ name: String, _ request: Request) throws -> UUID? {
        guard let raw = request.uri.queryParameters.get(name), !raw.isEmpty else { return nil }
        guard let id = UUID(uuidString: raw) else { throw Problem.validation([ValidationIssue(field: name, code: "error.field.invalid")]) }
        return id
    }

    /// An id from the path; a malformed one is simply not found (404), like a foreign one.
    static func pathID(_ context: AppRequestContext) throws -> UUID {
        guard let raw = context.parameters.get("id"), let id = UUID(uuidString: raw) else { throw Problem.notFound() }
        return id
    }
}

extension ClientInfo {
    init(_ request: Request, _ context: AppRequestContext, browser: Bool) {
        self.init(
            ip: context.clientIP, userAgent: request.headers[.userAgent], requestID: context.requestID, browser: browser)
    }
}
