import Foundation
import Hummingbird
import RelaisCore

/// `/api/v1/auth/*`: sign-up, login, refresh and logout for API clients (Bearer tokens).
struct AuthAPIController {
    let accounts: AccountService
    let accessLifetime: TimeInterval

    struct SignupBody: StrictDecodable {
        static let fields: Set<String> = ["company", "name", "email", "password", "language"]
        let company: String?
        let name: String?
        let email: String?
        let password: String?
        let language: String?
    }

    struct LoginBody: StrictDecodable {
        static let fields: Set<String> = ["email", "password"]
        let email: String
        let password: String
    }

    struct RefreshBody: StrictDecodable {
        static let fields: Set<String> = ["refresh_token"]
        let refreshToken: String
    }

    func register(_ api: APIRegistrar) {
        api.on(.signup) { request, context in
            let body = try await JSONBody.decode(SignupBody.self, from: request, context: context)
            let signup = try Signup.validate(company: body.company, name: body.name, email: body.email, password: body.password)
            let language = body.language.flatMap(Language.init(rawValue:)) ?? context.language
            let grant = try await accounts.signup(signup, language: language, client: ClientInfo(request, context, browser: false))
            return try JSONResponse.make(payload(grant, withCompany: true), status: .created)
        }
        api.on(.login) { request, context in
            let body = try await JSONBody.decode(LoginBody.self, from: request, context: context)
            let grant = try await accounts.login(email: body.email, password: body.password, client: ClientInfo(request, context, browser: false))
            return try JSONResponse.make(payload(grant, withCompany: false))
        }
        api.on(.refresh) { request, context in
            let body = try await JSONBody.decode(RefreshBody.self, from: request, context: context)
            let grant = try await accounts.refresh(token: body.refreshToken, client: ClientInfo(request, context, browser: false))
            return try JSONResponse.make(payload(grant, withCompany: false))
        }
        api.on(.logout) { request, context in
            let identity = try context.requireIdentity()
            try identity.requireSession()
            try await accounts.logout(identity, client: ClientInfo(request, context, browser: false))
            return JSONResponse.noContent()
        }
    }

    private func payload(_ grant: SessionGrant, withCompany: Bool) -> SessionPayload {
        SessionPayload(
            accessToken: grant.accessToken ?? "", refreshToken: grant.refreshToken ?? "", expiresIn: Int(accessLifetime),
            user: UserPayload(grant.user), company: withCompany ? CompanyPayload(grant.company) : nil)
    }
}
