import Hummingbird
import Logging
import NIOCore
import RelaisCore

/// Turns every error into an answer the caller can read: problem+json under `/api/` and
/// `/webhooks/`, a page in the user's language elsewhere. Unknown errors become a bare
/// 500 whose details stay in the log, never in the response.
struct ErrorPresentationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let localizer: Localizer
    let pages: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Self.problem(for: error)
            if problem.status.code >= 500 {
                context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            if Self.wantsJSON(request) {
                return ProblemDocument(problem, localizer: localizer).response(retryAfter: problem.retryAfter)
            }
            if problem.status == .unauthorized {
                return Response.redirect(to: PagePath.login.rawValue)
            }
            return try pages.errorPage(problem, context: context)
        }
    }

    static func wantsJSON(_ request: Request) -> Bool {
        let path = request.uri.path
        return path.hasPrefix("/api/") || path.hasPrefix("/webhooks/") || path == "/api" || path.hasPrefix("/metrics")
    }

    static func problem(for error: any Error) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let failure as ValidationFailure:
            return failure.problem
        case is NIOTooManyBytesError:
            return Problem(status: .contentTooLarge, code: "error.too_large", detail: "The request body is too large.")
        case let http as HTTPError:
            switch http.status {
            case .notFound: return .notFound()
            case .contentTooLarge: return Problem(status: .contentTooLarge, code: "error.too_large", detail: "The request body is too large.")
            case .methodNotAllowed: return Problem(status: .methodNotAllowed, code: "error.method", detail: "Method not allowed.")
            default: return Problem(status: http.status, code: "error.http", detail: http.body ?? http.status.reasonPhrase)
            }
        default:
            return Problem(status: .internalServerError, code: "error.internal", detail: "Something went wrong on our side.")
        }
    }
}
