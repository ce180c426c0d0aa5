import Foundation
import Logging
import RelaisCore
import RelaisStore
import WhatsAppCloud

/// Connecting WhatsApp numbers: the token is checked against the Graph API, sealed, and never shown again.
struct NumberService: Sendable {
    let database: Database
    let client: WhatsAppClient
    let secrets: SecretBox
    let sandbox: SandboxNumbers?
    /// The Meta app (id and secret) that exchanges Embedded Signup codes; nil when not configured.
    let metaApp: (id: String, secret: String)?
    static let tokenColumn = SecretBox.accessTokenColumn

    /// Verifies the credentials by reading the number from the Graph API, then stores it. Already connected → 409.
    func connect(
        phoneNumberID rawID: String?, wabaID rawWABA: String?, accessToken rawToken: String?, sandbox isSandbox: Bool = false,
        by identity: Identity, client info: ClientInfo
    ) async throws -> ConnectedNumber {
        var issues = ValidationCollector()
        let phoneNumberID = (rawID ?? "").trimmingCharacters(in: .whitespaces)
        let wabaID = (rawWABA ?? "").trimmingCharacters(in: .whitespaces)
        let token = (rawToken ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if !Self.isGraphID(phoneNumberID) { issues.add("phone_number_id", "error.whatsapp.id") }
        if !Self.isGraphID(wabaID) { issues.add("waba_id", "error.whatsapp.id") }
        if !Self.isCredential(token, maxLength: 4096) { issues.add("access_token", "error.whatsapp.token_format") }
        try issues.check()
        let details: PhoneNumberDetails
        do {
            details = try await client.phoneNumber(id: phoneNumberID, accessToken: token)
        } catch {
            throw Problem.graph(error, tokenField: "access_token")
        }
        let record = NumberRecord(
            id: UUID(), phoneNumberID: phoneNumberID, wabaID: wabaID, displayPhoneNumber: details.displayPhoneNumber ?? phoneNumberID,
            verifiedName: details.verifiedName ?? "", qualityRating: details.qualityRating ?? "UNKNOWN",
            throughput: details.messagesPerSecond, tier: details.messagingLimitTier ?? "TIER_UNLIMITED", sandbox: isSandbox,
            sealedToken: try secrets.seal(token, tenant: identity.tenant, column: Self.tokenColumn))
        do {
            return try await database.withTenant(identity.tenant) { connection in
                try await connection.insertNumber(record)
                try await connection.appendAudit(
                    AuditRecord(
                        action: .numberConnected, actor: identity.user.id, targetType: "whatsapp_number", targetID: record.id.uuidString.lowercased(),
                        ip: info.ip, requestID: info.requestID,
                        details: ["phone_number_id": phoneNumberID, "waba_id": wabaID, "display_phone_number": record.displayPhoneNumber,
                                  "sandbox": String(isSandbox)]))
                guard let number = try await connection.number(record.id) else { throw StoreError.notFound }
                return number
            }
        } catch StoreError.uniqueViolation(constraint: "whatsapp_numbers_phone_number_id_key") {
            throw Problem.conflict("error.whatsapp.already_connected", "This WhatsApp number is already connected to a Relais account.")
        }
    }

    /// Creates a number on the built-in simulator and connects it (sandbox mode only; otherwise 404).
    func connectSandboxNumber(displayPhoneNumber: String?, by identity: Identity, client info: ClientInfo) async throws -> ConnectedNumber {
        guard let sandbox else { throw Problem.notFound() }
        if let display = displayPhoneNumber, display.count > 32 || !display.allSatisfy({ $0.isNumber || $0 == "+" || $0 == " " }) {
            throw ValidationFailure([.init(field: "display_phone_number", code: "error.field.invalid")])
        }
        let credentials = try await sandbox.create(displayPhoneNumber)
        return try await connect(
            phoneNumberID: credentials.phoneNumberID, wabaID: credentials.wabaID, accessToken: credentials.accessToken, sandbox: true,
            by: identity, client: info)
    }

    /// Embedded Signup's server side (reference section 6): the popup's one-time `code` becomes the business token,
    /// which must reach the WABA the popup named; the number is then connected as with a pasted token, and the app
    /// is subscribed to the WABA's webhooks. 404 when no Meta app is configured.
    func connectBySignup(
        code rawCode: String?, phoneNumberID: String?, wabaID: String?, by identity: Identity, client info: ClientInfo
    ) async throws -> ConnectedNumber {
        guard let metaApp else { throw Problem.notFound() }
        let code = (rawCode ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var issues = ValidationCollector()
        if !Self.isCredential(code, maxLength: 2048) { issues.add("code", "error.whatsapp.signup_code") }
        if !Self.isGraphID(phoneNumberID ?? "") { issues.add("phone_number_id", "error.whatsapp.id") }
        if !Self.isGraphID(wabaID ?? "") { issues.add("waba_id", "error.whatsapp.id") }
        try issues.check()
        let token: String
        let inspection: TokenInspection
        do {
            token = try await client.exchangeSignupCode(code, appID: metaApp.id, appSecret: metaApp.secret)
            inspection = try await client.inspectToken(token, appID: metaApp.id, appSecret: metaApp.secret)
        } catch {
            // A used or foreign code is Meta's 100: the code is what the person must redo, not a token.
            if error.disposition != .retryAfterBackoff, error.disposition != .throttled, error.disposition != .uncertain {
                throw ValidationFailure([.init(field: "code", code: "error.whatsapp.signup_code")])
            }
            throw Problem.graph(error)
        }
        guard inspection.isValid, let wabaID, inspection.wabaIDs.contains(wabaID) else {
            throw ValidationFailure([.init(field: "waba_id", code: "error.whatsapp.signup_waba")])
        }
        let number = try await connect(phoneNumberID: phoneNumberID, wabaID: wabaID, accessToken: token, by: identity, client: info)
        do {
            try await client.subscribeApp(wabaID: wabaID, accessToken: token)
        } catch {
            // Connected, but Meta will not send this WABA's webhooks until the subscription works: say so on the number.
            try await database.withTenant(identity.tenant) { connection in
                try await connection.setNumberStatus(number.id, .error, reason: "Subscribing to this WhatsApp Business account's webhooks failed: \(error.message)")
            }
        }
        return try await database.withTenant(identity.tenant) { try await $0.number(number.id) } ?? number
    }

    /// Reads quality, tier and throughput again from the Graph API; clears a pause when the token works again.
    func reverify(_ id: UUID, by identity: Identity, client info: ClientInfo) async throws -> ConnectedNumber {
        let (number, token) = try await numberAndToken(id, tenant: identity.tenant)
        do {
            let details = try await client.phoneNumber(id: number.phoneNumberID, accessToken: token)
            return try await database.withTenant(identity.tenant) { connection in
                try await connection.updateNumberDetails(
                    id, displayPhoneNumber: details.displayPhoneNumber ?? number.displayPhoneNumber,
                    verifiedName: details.verifiedName ?? number.verifiedName, qualityRating: details.qualityRating ?? number.qualityRating,
                    throughput: details.messagesPerSecond, tier: details.messagingLimitTier ?? number.tier)
                try await connection.appendAudit(
                    AuditRecord(
                        action: .numberVerified, actor: identity.user.id, targetType: "whatsapp_number", targetID: id.uuidString.lowercased(),
                        ip: info.ip, requestID: info.requestID, details: ["quality_rating": details.qualityRating ?? "", "tier": details.messagingLimitTier ?? ""]))
                return try await connection.number(id)!
            }
        } catch let error as WhatsAppError {
            if error.disposition == .authProblem {
                try await database.withTenant(identity.tenant) { try await $0.setNumberStatus(id, .paused, reason: "Meta refused the access token: \(error.message)") }
            }
            throw Problem.graph(error)
        }
    }

    /// Disconnects a number; its templates and message history go with it.
    func remove(_ id: UUID, by identity: Identity, client info: ClientInfo) async throws {
        try await database.withTenant(identity.tenant) { connection in
            guard let number = try await connection.number(id), try await connection.deleteNumber(id) else { throw Problem.notFound() }
            try await connection.appendAudit(
                AuditRecord(
                    action: .numberDisconnected, actor: identity.user.id, targetType: "whatsapp_number", targetID: id.uuidString.lowercased(),
                    ip: info.ip, requestID: info.requestID, details: ["phone_number_id": number.phoneNumberID]))
        }
    }

    /// A number of this tenant with its opened token; 404 for an unknown or foreign id.
    func numberAndToken(_ id: UUID, tenant: TenantID) async throws -> (ConnectedNumber, String) {
        let found = try await database.withTenant(tenant) { connection -> (ConnectedNumber, String)? in
            guard let number = try await connection.number(id), let sealed = try await connection.sealedToken(ofNumber: id) else { return nil }
            return (number, sealed)
        }
        guard let (number, sealed) = found else { throw Problem.notFound() }
        return (number, try secrets.open(sealed, tenant: tenant, column: Self.tokenColumn))
    }

    /// Meta's tokens and codes are printable ASCII without spaces; anything else could not travel in a header or a query.
    static func isCredential(_ value: String, maxLength: Int) -> Bool {
        !value.isEmpty && value.count <= maxLength && value.unicodeScalars.allSatisfy { (0x21...0x7E).contains($0.value) }
    }

    /// Graph ids are decimal strings.
    static func isGraphID(_ value: String) -> Bool { (1...40).contains(value.count) && value.allSatisfy { $0.isASCII && $0.isNumber } }
}
