import Crypto
import Foundation
import RelaisCore
import RelaisStore

/// Locks an email out after repeated failed logins, across all nodes (the count lives in PostgreSQL).
struct LoginThrottle: Sendable {
    static let maximumFailures = 10
    static let window: TimeInterval = 15 * 60

    let database: Database

    /// The email's digest: the failure log never holds addresses in clear.
    static func digest(_ email: EmailAddress) -> String {
        SHA256.hash(data: Data(email.value.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Throws 429 while the email has `maximumFailures` failures within the window.
    func checkAllowed(_ email: EmailAddress) async throws {
        let failures = try await database.withoutTenant { connection in
            try await connection.loginFailures(emailDigest: Self.digest(email), since: Date().addingTimeInterval(-Self.window))
        }
        if failures >= Self.maximumFailures { throw Problem.tooManyRequests(retryAfter: Int(Self.window)) }
    }

    func recordFailure(_ email: EmailAddress) async throws {
        try await database.withoutTenant { try await $0.recordLoginFailure(emailDigest: Self.digest(email)) }
    }

    func reset(_ email: EmailAddress) async throws {
        try await database.withoutTenant { try await $0.clearLoginFailures(emailDigest: Self.digest(email)) }
    }
}
