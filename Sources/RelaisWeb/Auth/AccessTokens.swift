import Foundation
import JWTKit
import RelaisCore

/// The claims of an access token: who, which company, which session, until when.
struct AccessClaims: JWTPayload {
    var sub: SubjectClaim
    var tid: String
    var sid: String
    var exp: ExpirationClaim
    var iat: IssuedAtClaim

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}

/// Signs and verifies access tokens (HS256, 15 minutes by default).
///
/// Only HS256 with our key verifies: `alg: none`, other algorithms and foreign keys are refused by JWTKit's
/// key lookup, which we double-check on the header before trusting anything. The headers we sign are recognised as
/// text, which spares decoding one on every request: JWTKit writes the header's three fields from a dictionary,
/// whose order changes from one dictionary to the next, so every order of them is known in advance; any other header
/// (spacing, extra fields) is decoded and must say HS256.
struct AccessTokens: Sendable {
    let keys: JWTKeyCollection
    let lifetime: TimeInterval
    /// The first segment of the tokens we sign, in each order JWTKit may write its fields.
    let issuedHeaders: Set<Substring>

    init(secret: String, lifetime: TimeInterval) async {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256, kid: "relais")
        self.keys = keys
        self.lifetime = lifetime
        let fields = [#""typ":"JWT""#, #""kid":"relais""#, #""alg":"HS256""#]
        let orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
        issuedHeaders = Set(orders.map { order in
            Substring(SecretToken.base64URL(Array("{\(order.map { fields[$0] }.joined(separator: ","))}".utf8)))
        })
    }

    func issue(user: UserID, tenant: TenantID, session: UUID, now: Date = Date()) async throws -> String {
        let claims = AccessClaims(
            sub: .init(value: user.description), tid: tenant.description, sid: session.uuidString.lowercased(),
            exp: .init(value: now.addingTimeInterval(lifetime)), iat: .init(value: now))
        return try await keys.sign(claims, kid: "relais")
    }

    /// The verified claims, or nil for any token that is malformed, forged, of another algorithm or expired.
    func verify(_ token: String) async -> (user: UserID, tenant: TenantID, session: UUID)? {
        guard token.utf8.count < 4096, let header = token.split(separator: ".", maxSplits: 1).first,
            issuedHeaders.contains(header) || Self.algorithm(ofHeader: header) == "HS256",
            let claims = try? await keys.verify(token, as: AccessClaims.self),
            let user = UUID(uuidString: claims.sub.value), let tenant = UUID(uuidString: claims.tid),
            let session = UUID(uuidString: claims.sid)
        else { return nil }
        return (UserID(user), TenantID(tenant), session)
    }

    private static func algorithm(ofHeader header: Substring) -> String? {
        var base64 = header.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object["alg"] as? String
    }
}
