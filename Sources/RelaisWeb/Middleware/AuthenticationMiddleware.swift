import Foundation
import Hummingbird
import RelaisCore
import RelaisStore

/// Finds out who is calling, from a Bearer access token or the browser's session cookie,
/// and checks it against the database on every request (a revoked session or a removed
/// user loses access at once). Routes then decide what the identity may do.
///
/// A browser's state-changing API call must also echo its CSRF token in `X-CSRF-Token`.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let database: Database
    let accessTokens: AccessTokens

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let authorization = request.headers[.authorization] {
            guard authorization.hasPrefix("Bearer "), let claims = await accessTokens.verify(String(authorization.dropFirst(7))) else {
                throw Problem.unauthorized("The access token is invalid or expired.")
            }
            context.identity = try await identity(tenant: claims.tenant, channel: .bearer) { connection in
                (claims.user, claims.session)
            }
            guard context.identity != nil else { throw Problem.unauthorized("The session of this token has ended.") }
        } else if let cookie = request.cookies[CookieNames.session]?.value,
            let tenant = SecretToken.tenant(of: cookie, kind: .session)
        {
            context.identity = try await identity(tenant: tenant, channel: .cookie) { connection in
                try await connection.cookieSession(digest: SecretToken.digest(cookie)).map { ($0.user, $0.session) }
            }
            if context.identity != nil, Self.isUnsafe(request), request.uri.path.hasPrefix("/api/") {
                guard let sent = request.headers[.init("X-CSRF-Token")!], sent == context.csrfToken else { throw Problem.csrf() }
            }
        }
        if let identity = context.identity {
            context.logger[metadataKey: "tenant.id"] = "\(identity.tenant)"
            context.logger[metadataKey: "user.id"] = "\(identity.user.id)"
        }
        return try await next(request, context)
    }

    private func identity(
        tenant: TenantID, channel: Identity.Channel, session: @escaping (TenantConnection) async throws -> (UserID, UUID)?
    ) async throws -> Identity? {
        try await database.withTenant(tenant) { connection in
            guard let (userID, sessionID) = try await session(connection),
                let (user, company) = try await connection.authenticatedUser(userID, session: sessionID)
            else { return nil }
            return Identity(user: user, company: company, session: sessionID, channel: channel)
        }
    }

    static func isUnsafe(_ request: Request) -> Bool {
        ![.get, .head, .options].contains(request.method)
    }
}
