import Hummingbird

/// On a dispatcher-only node (`RELAIS_ROLE=dispatcher`): only the operational routes answer, so a node that is not
/// meant to face users cannot be used as one by mistake (a proxy pointed at it, a port left open), while health
/// checks and Prometheus still reach it. Everything else is a 404.
struct OperationsOnlyMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    static let operationalPaths: Set<String> = ["/healthz", "/readyz", "/metrics"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.operationalPaths.contains(request.uri.path) else { throw Problem.notFound() }
        return try await next(request, context)
    }
}
