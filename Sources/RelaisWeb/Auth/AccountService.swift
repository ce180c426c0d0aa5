import Foundation
import Logging
import RelaisCore
import RelaisStore

/// Opening and closing sessions: sign-up, login, token refresh, logout, accepting an invitation.
///
/// Shared by the JSON API and the pages, so both follow the same rules and write the same audit entries.
struct AccountService: Sendable {
    let database: Database
    let hasher: PasswordHasher
    let accessTokens: AccessTokens
    let throttle: LoginThrottle
    let refreshLifetime: TimeInterval

    /// Creates a company and its first admin, and opens their session. Email taken → 409.
    func signup(_ signup: Signup, language: Language, client: ClientInfo) async throws -> SessionGrant {
        let tenant = TenantID.generate()
        let userID = UserID.generate()
        let hash = try await hasher.hash(signup.password)
        do {
            return try await database.withTenant(tenant) { connection in
                try await connection.insertCompany(name: signup.company)
                try await connection.insertUser(
                    id: userID, name: signup.name, email: signup.email, passwordHash: hash, role: .admin, language: language)
                try await connection.appendAudit(
                    AuditRecord(
                        action: .companySignedUp, actor: userID, targetType: "company", targetID: tenant.description, ip: client.ip,
                        requestID: client.requestID, details: ["company": signup.company, "email": signup.email.value]))
                return try await openSession(on: connection, user: userID, client: client)
            }
        } catch StoreError.uniqueViolation(constraint: "users_email_key") {
            throw Problem.conflict("error.email.taken", "An account with this email already exists.")
        }
    }

    /// Checks credentials and opens a session. Unknown email and wrong password answer alike.
    func login(email rawEmail: String, password: String, client: ClientInfo) async throws -> SessionGrant {
        guard let email = EmailAddress(rawEmail), password.count <= PasswordPolicy.maximumLength else {
            _ = try await hasher.verify(password.prefix(PasswordPolicy.maximumLength).description, hash: nil)
            throw Self.invalidCredentials
        }
        try await throttle.checkAllowed(email)
        let candidate = try await database.withoutTenant { try await $0.loginCandidate(email: email) }
        guard try await hasher.verify(password, hash: candidate?.passwordHash), let candidate else {
            try await throttle.recordFailure(email)
            if let candidate {
                try await database.withTenant(candidate.tenant) { connection in
                    try await connection.appendAudit(
                        AuditRecord(
                            action: .userLoginFailed, actor: candidate.user, targetType: "user", targetID: candidate.user.description,
                            ip: client.ip, requestID: client.requestID))
                }
            }
            throw Self.invalidCredentials
        }
        try await throttle.reset(email)
        return try await database.withTenant(candidate.tenant) { connection in
            try await connection.appendAudit(
                AuditRecord(
                    action: .userLoggedIn, actor: candidate.user, targetType: "user", targetID: candidate.user.description, ip: client.ip,
                    requestID: client.requestID, details: ["channel": client.browser ? "browser" : "api"]))
            return try await openSession(on: connection, user: candidate.user, client: client)
        }
    }

    /// Spends a refresh token and issues a new pair. A replayed token revokes its session and answers 401.
    func refresh(token: String, client: ClientInfo) async throws -> SessionGrant {
        guard let tenant = SecretToken.tenant(of: token, kind: .refresh) else { throw Problem.unauthorized("Invalid refresh token.") }
        let outcome = try await database.withTenant(tenant) { try await $0.spendRefreshToken(digest: SecretToken.digest(token)) }
        switch outcome {
        case .invalid:
            throw Problem.unauthorized("Invalid refresh token.")
        case .reused(let session, let user):
            try await database.withTenant(tenant) { connection in
                try await connection.appendAudit(
                    AuditRecord(
                        action: .sessionRefreshReuse, actor: user, targetType: "session", targetID: session.uuidString.lowercased(),
                        ip: client.ip, requestID: client.requestID))
            }
            throw Problem.unauthorized("This refresh token was already used; the session has been closed.")
        case .rotated(let session, let user):
            return try await database.withTenant(tenant) { connection in
                guard let (user, company) = try await connection.authenticatedUser(user, session: session) else {
                    throw Problem.unauthorized("Invalid refresh token.")
                }
                return try await grant(on: connection, user: user, company: company, session: session, browser: false)
            }
        }
    }

    /// Closes a session (logout). Its access tokens stop working at once.
    func logout(_ identity: Identity, client: ClientInfo) async throws {
        try await database.withTenant(identity.tenant) { connection in
            try await connection.revokeSession(identity.session)
            try await connection.appendAudit(
                AuditRecord(
                    action: .userLoggedOut, actor: identity.user.id, targetType: "session",
                    targetID: identity.session.uuidString.lowercased(), ip: client.ip, requestID: client.requestID))
        }
    }

    /// Sets the password of an invited user from their one-time link and opens a browser session.
    func acceptInvitation(token: String, password: String, client: ClientInfo) async throws -> SessionGrant {
        guard let tenant = SecretToken.tenant(of: token, kind: .invitation) else { throw Self.invitationInvalid }
        if let code = PasswordPolicy.violation(of: password) { throw Problem.validation([.init(field: "password", code: code)]) }
        let hash = try await hasher.hash(password)
        return try await database.withTenant(tenant) { connection in
            guard let user = try await connection.spendInvitation(digest: SecretToken.digest(token)) else { throw Self.invitationInvalid }
            try await connection.setPasswordHash(of: user, to: hash)
            try await connection.appendAudit(
                AuditRecord(
                    action: .userPasswordSet, actor: user, targetType: "user", targetID: user.description, ip: client.ip,
                    requestID: client.requestID))
            return try await openSession(on: connection, user: user, client: client)
        }
    }

    static let invalidCredentials = Problem(status: .unauthorized, code: "error.login.invalid", detail: "Wrong email or password.")
    static let invitationInvalid = Problem(
        status: .notFound, code: "error.invitation.invalid", detail: "This invitation link is invalid, used or expired.")

    private func openSession(on connection: TenantConnection, user: UserID, client: ClientInfo) async throws -> SessionGrant {
        let session = UUID()
        let cookie = client.browser ? SecretToken.make(.session, tenant: connection.tenant) : nil
        try await connection.insertSession(
            session, user: user, cookieDigest: cookie.map(SecretToken.digest), ip: client.ip, userAgent: client.userAgent)
        guard let (user, company) = try await connection.authenticatedUser(user, session: session) else { throw StoreError.notFound }
        if let cookie {
            return SessionGrant(user: user, company: company, session: session, accessToken: nil, refreshToken: nil, cookieToken: cookie)
        }
        return try await grant(on: connection, user: user, company: company, session: session, browser: false)
    }

    private func grant(on connection: TenantConnection, user: User, company: Company, session: UUID, browser: Bool) async throws
        -> SessionGrant
    {
        let refresh = SecretToken.make(.refresh, tenant: connection.tenant)
        try await connection.insertRefreshToken(
            digest: SecretToken.digest(refresh), session: session, expiresAt: Date().addingTimeInterval(refreshLifetime))
        let access = try await accessTokens.issue(user: user.id, tenant: connection.tenant, session: session)
        return SessionGrant(user: user, company: company, session: session, accessToken: access, refreshToken: refresh, cookieToken: nil)
    }
}
