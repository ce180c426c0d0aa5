import Foundation
import Hummingbird

/// Refuses a request whose path or query carries a NUL character (`%00`) with a 400, before any handler sees it.
///
/// PostgreSQL text cannot hold NUL: such a value reaching a query fails the statement, which the client would see as
/// a 500 for what is its own malformed input. JSON bodies are checked by `JSONBody`.
struct NulCharacterMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let uri = request.uri.description
        if uri.contains("%00"), (uri.removingPercentEncoding ?? uri).contains("\u{0}") {
            throw Problem.nulCharacter()
        }
        return try await next(request, context)
    }
}
