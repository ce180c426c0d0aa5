import Hummingbird

/// Post/Redirect/Get for the pages' forms: an action's outcome becomes a one-time toast on the page
/// the browser is sent to. Errors show their first field issue, else the problem's message.
struct FormOutcome: Sendable {
    let localizer: Localizer
    let secureCookies: Bool

    func redirect(to path: String, _ flash: Flash) -> Response {
        var response = Response.redirect(to: path)
        response.setCookie(flash.cookie(secure: secureCookies))
        return response
    }

    /// Runs `action` and redirects to `path` with the flash it returns, or with its error.
    func run(to path: String, _ context: AppRequestContext, _ action: () async throws -> Flash) async -> Response {
        do {
            return redirect(to: path, try await action())
        } catch {
            let problem = ErrorPresentationMiddleware.problem(for: error)
            let detail = problem.issues.first.map { "\($0.field): " + localizer.text($0.code, context.language) }
            return redirect(to: path, Flash(kind: "error", message: detail ?? localizer.text(problem.code, context.language), value: nil))
        }
    }

    /// `run` for actions whose success is a plain message.
    func run(to path: String, _ context: AppRequestContext, message action: () async throws -> String) async -> Response {
        await run(to: path, context) { Flash(kind: "success", message: try await action(), value: nil) }
    }
}
