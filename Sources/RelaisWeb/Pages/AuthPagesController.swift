import Foundation
import Hummingbird
import RelaisCore

/// The pages around a session: sign up, log in, log out, accept an invitation, switch language.
struct AuthPagesController {
    let accounts: AccountService
    let pages: PageRenderer
    let localizer: Localizer
    let configuration: WebConfiguration

    /// What the sign-up and login forms show again after a failed attempt.
    struct FormModel {
        struct FieldError {
            let field: String
            let message: String
        }

        var values: [String: String] = [:]
        var errors: [FieldError] = []
        var summary: String?
        var token: String?

        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        var fieldErrors: [String: String] { Dictionary(errors.map { ($0.field, $0.message) }, uniquingKeysWith: { a, _ in a }) }
    }

    func register(_ router: Router<AppRequestContext>) {
        router.get(RouterPath(PagePath.signup.rawValue)) { _, context in
            if context.identity != nil { return Response.redirect(to: PagePath.dashboard.rawValue) }
            return try pages.render("signup", model: formContext(FormModel()), titleKey: "signup.title", context: context)
        }
        router.post(RouterPath(PagePath.signup.rawValue)) { request, context in
            let form = try await FormBody.read(request, context: context)
            do {
                let signup = try Signup.validate(
                    company: form["company"], name: form["name"], email: form["email"], password: form["password"])
                let grant = try await accounts.signup(signup, language: context.language, client: ClientInfo(request, context, browser: true))
                return signedIn(grant)
            } catch let failure as Problem where failure.status.code < 500 {
                return try reshow("signup", "signup.title", form: form, problem: failure, context: context)
            } catch let failure as ValidationFailure {
                return try reshow("signup", "signup.title", form: form, problem: failure.problem, context: context)
            }
        }
        router.get(RouterPath(PagePath.login.rawValue)) { _, context in
            if context.identity != nil { return Response.redirect(to: PagePath.dashboard.rawValue) }
            return try pages.render("login", model: formContext(FormModel()), titleKey: "login.title", context: context)
        }
        router.post(RouterPath(PagePath.login.rawValue)) { request, context in
            let form = try await FormBody.read(request, context: context)
            do {
                let grant = try await accounts.login(
                    email: form["email"] ?? "", password: form["password"] ?? "", client: ClientInfo(request, context, browser: true))
                return signedIn(grant)
            } catch let failure as Problem where failure.status.code < 500 {
                return try reshow("login", "login.title", form: form, problem: failure, context: context)
            }
        }
        router.post(RouterPath(PagePath.logout.rawValue)) { request, context in
            _ = try await FormBody.read(request, context: context)
            if let identity = context.identity {
                try await accounts.logout(identity, client: ClientInfo(request, context, browser: true))
            }
            var response = Response.redirect(to: PagePath.login.rawValue)
            response.setCookie(CookieNames.expired(CookieNames.session, secure: configuration.secureCookies))
            return response
        }
        router.get(RouterPath(PagePath.invitation.rawValue + "/:token")) { _, context in
            var model = FormModel()
            model.token = context.parameters.get("token")
            return try pages.render("invitation", model: formContext(model), titleKey: "invitation.title", context: context)
        }
        router.post(RouterPath(PagePath.invitation.rawValue + "/:token")) { request, context in
            let form = try await FormBody.read(request, context: context)
            let token = context.parameters.get("token") ?? ""
            do {
                let grant = try await accounts.acceptInvitation(
                    token: token, password: form["password"] ?? "", client: ClientInfo(request, context, browser: true))
                return signedIn(grant)
            } catch let failure as Problem where failure.status.code < 500 {
                var shown = form
                shown["token"] = token
                return try reshow("invitation", "invitation.title", form: shown, problem: failure, context: context)
            }
        }
        router.post(RouterPath(PagePath.language.rawValue)) { request, context in
            let form = try await FormBody.read(request, context: context)
            let language = form["language"].flatMap(Language.init(rawValue:)) ?? .en
            // Only local paths are followed, so the switch cannot be turned into an open redirect.
            let back = form["back"].flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") && !$0.contains("\\") ? $0 : nil }
            var response = Response.redirect(to: back ?? PagePath.dashboard.rawValue)
            response.setCookie(
                CookieNames.make(CookieNames.language, value: language.rawValue, secure: configuration.secureCookies, maxAge: 31_536_000))
            return response
        }
    }

    private func signedIn(_ grant: SessionGrant) -> Response {
        var response = Response.redirect(to: PagePath.dashboard.rawValue)
        if let cookie = grant.cookieToken {
            response.setCookie(CookieNames.make(CookieNames.session, value: cookie, secure: configuration.secureCookies))
        }
        return response
    }

    private func reshow(_ template: String, _ titleKey: String, form: [String: String], problem: Problem, context: AppRequestContext)
        throws -> Response
    {
        var model = FormModel()
        model.values = form.filter { $0.key != "password" && $0.key != "csrf_token" }
        model.token = form["token"]
        model.errors = problem.issues.map { .init(field: $0.field, message: localizer.text($0.code, context.language)) }
        model.summary = localizer.text(problem.issues.isEmpty ? problem.code : "error.validation", context.language)
        return try pages.render(template, model: formContext(model), titleKey: titleKey, context: context, status: problem.status)
    }

    /// Flattens the form model for Mustache, which cannot call methods.
    private func formContext(_ model: FormModel) -> [String: Any] {
        var result: [String: Any] = ["values": model.values, "errors": model.fieldErrors]
        if let summary = model.summary { result["summary"] = summary }
        if let token = model.token { result["token"] = token }
        return result
    }
}
