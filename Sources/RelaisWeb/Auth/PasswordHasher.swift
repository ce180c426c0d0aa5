import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix

/// Hashes and checks passwords with bcrypt, off the event loops (bcrypt is slow on purpose).
///
/// Passwords are first digested with SHA-256 so that bcrypt's 72-byte input limit
/// never silently truncates a long passphrase.
struct PasswordHasher: Sendable {
    let cost: UInt8
    /// A hash of a random password, checked when the email is unknown so that both
    /// failures take the same time (no user enumeration by timing).
    let decoy: String

    init(cost: UInt8) {
        self.cost = cost
        self.decoy = Bcrypt.hash(UUID().uuidString, cost: cost)
    }

    func hash(_ password: String) async throws -> String {
        let input = Self.prepare(password)
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(input, cost: cost) }
    }

    /// Checks `password` against `hash`, or against the decoy when there is no hash (same cost either way).
    func verify(_ password: String, hash: String?) async throws -> Bool {
        let input = Self.prepare(password)
        let target = hash ?? decoy
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(input, hash: target) }
        return matches && hash != nil
    }

    private static func prepare(_ password: String) -> String {
        Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString()
    }
}
