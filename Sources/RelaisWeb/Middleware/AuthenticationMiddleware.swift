import Foundation
import Hummingbird
import RelaisCore
import RelaisStore

/// Finds out who is calling, from a Bearer access token or the browser's session cookie,
/// and checks it against the database on every request, in one round trip (a revoked session
/// or a removed user loses access at once). Routes then decide what the identity may do.
///
/// A browser's state-changing API call must also echo its CSRF token in `X-CSRF-Token`.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let database: Database
    let accessTokens: AccessTokens

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer "),
            APIKeyToken.looksLikeKey(String(authorization.dropFirst(7)))
        {
            context.identity = try await authenticate(apiKey: String(authorization.dropFirst(7)))
        } else if let authorization = request.headers[.authorization] {
            guard authorization.hasPrefix("Bearer "), let claims = await accessTokens.verify(String(authorization.dropFirst(7))) else {
                throw Problem.unauthorized("The access token is invalid or expired.")
            }
            guard let found = try await database.authenticate(tenant: claims.tenant, user: claims.user, session: claims.session) else {
                throw Problem.unauthorized("The session of this token has ended.")
            }
            context.identity = Identity(user: found.user, company: found.company, session: found.session, channel: .bearer)
        } else if let cookie = request.cookies[CookieNames.session]?.value,
            let tenant = SecretToken.tenant(of: cookie, kind: .session)
        {
            if let found = try await database.authenticate(tenant: tenant, cookieDigest: SecretToken.digest(cookie)) {
                context.identity = Identity(user: found.user, company: found.company, session: found.session, channel: .cookie)
            }
            if context.identity != nil, Self.isUnsafe(request), request.uri.path.hasPrefix("/api/") {
                guard let sent = request.headers[.init("X-CSRF-Token")!], let expected = context.csrfToken,
                FormBody.constantTimeEqual(sent, expected)
            else { throw Problem.csrf() }
            }
        }
        if let identity = context.identity {
            context.logger[metadataKey: "tenant.id"] = "\(identity.tenant)"
            context.logger[metadataKey: "user.id"] = "\(identity.user.id)"
        }
        return try await next(request, context)
    }

    /// The identity behind an API key: found by its public prefix, its digest compared in constant time, then read
    /// inside its company. The role is the key's, capped at its creator's current role.
    private func authenticate(apiKey key: String) async throws -> Identity {
        let invalid = Problem.unauthorized("The API key is invalid or revoked.")
        guard let prefix = APIKeyToken.prefix(of: key),
            let candidate = try await database.withoutTenant({ try await $0.apiKeyCandidate(prefix: prefix) }),
            FormBody.constantTimeEqual(APIKeyToken.digest(key), candidate.secretHash),
            let found = try await database.authenticate(tenant: candidate.tenant, apiKey: candidate.keyID)
        else { throw invalid }
        var user = found.session.user
        user.role = min(user.role, found.keyRole)
        return Identity(user: user, company: found.session.company, session: candidate.keyID, channel: .apiKey)
    }

    static func isUnsafe(_ request: Request) -> Bool {
        ![.get, .head, .options].contains(request.method)
    }
}
