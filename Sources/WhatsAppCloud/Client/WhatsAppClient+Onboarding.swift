import NIOHTTP1

/// What `debug_token` says of a business token: whether it works and which WABAs it reaches.
public struct TokenInspection: Sendable, Hashable {
    public var isValid: Bool
    public var scopes: [String]
    /// WABA ids of the `whatsapp_business_management` / `_messaging` grants.
    public var wabaIDs: [String]

    public init(isValid: Bool, scopes: [String], wabaIDs: [String]) {
        self.isValid = isValid
        self.scopes = scopes
        self.wabaIDs = wabaIDs
    }
}

/// Embedded Signup's server-side calls (reference section 6). Both authenticate as the app itself
/// (`APP_ID|APP_SECRET`), never with a business token, and run server to server only.
extension WhatsAppClient {
    private struct AccessToken: Decodable {
        let access_token: String
    }

    private struct DebugToken: Decodable {
        struct Scope: Decodable {
            let scope: String
            let target_ids: [String]?
        }
        struct Payload: Decodable {
            let is_valid: Bool?
            let scopes: [String]?
            let granular_scopes: [Scope]?
        }
        let data: Payload
    }

    /// Exchanges the one-time `code` of the signup popup for the business integration token.
    public func exchangeSignupCode(_ code: String, appID: String, appSecret: String) async throws(WhatsAppError) -> String {
        let query = "client_id=\(Self.queryEscaped(appID))&client_secret=\(Self.queryEscaped(appSecret))&code=\(Self.queryEscaped(code))"
        let response = try await perform(.GET, path: "oauth/access_token?\(query)", accessToken: "\(appID)|\(appSecret)")
        return try decodeSuccess(AccessToken.self, from: response).access_token
    }

    /// Reads a token's validity and WABAs with `debug_token`.
    public func inspectToken(_ token: String, appID: String, appSecret: String) async throws(WhatsAppError) -> TokenInspection {
        let appToken = "\(appID)|\(appSecret)"
        let query = "input_token=\(Self.queryEscaped(token))&access_token=\(Self.queryEscaped(appToken))"
        let response = try await perform(.GET, path: "debug_token?\(query)", accessToken: appToken)
        let payload = try decodeSuccess(DebugToken.self, from: response).data
        var wabaIDs: [String] = []
        for scope in payload.granular_scopes ?? [] where scope.scope.hasPrefix("whatsapp_business_") {
            for id in scope.target_ids ?? [] where !wabaIDs.contains(id) { wabaIDs.append(id) }
        }
        return TokenInspection(isValid: payload.is_valid ?? false, scopes: payload.scopes ?? [], wabaIDs: wabaIDs)
    }

    /// Subscribes the app to a WABA's webhooks (`POST /{waba-id}/subscribed_apps`), with the business token.
    public func subscribeApp(wabaID: String, accessToken: String) async throws(WhatsAppError) {
        _ = try await perform(.POST, path: "\(wabaID)/subscribed_apps", accessToken: accessToken)
    }
}
