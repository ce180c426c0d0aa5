import Foundation
import Hummingbird
import Synchronization

/// Embedded Signup's server side (reference section 6): the code exchange and `debug_token`.
extension GraphController {
    private struct AccessToken: Encodable {
        let access_token: String
        var token_type = "bearer"
    }

    private struct GranularScope: Encodable {
        let scope: String
        let target_ids: [String]
    }

    private struct TokenError: Encodable {
        let code: Int
        let message: String
    }

    private struct TokenData: Encodable {
        let app_id: String
        let type: String?
        let application: String?
        let expires_at: Int
        let data_access_expires_at: Int
        let is_valid: Bool
        let scopes: [String]
        let granular_scopes: [GranularScope]?
        let error: TokenError?
    }

    private struct DebugToken: Encodable {
        let data: TokenData
    }

    func addOAuthRoutes(to router: Router<SimulatorRequestContext>) {
        router.get("oauth/access_token") { request, _ in exchangeCode(request) }
        router.get(":version/oauth/access_token") { request, _ in exchangeCode(request) }
        router.get("debug_token") { request, _ in debugToken(request) }
        router.get(":version/debug_token") { request, _ in debugToken(request) }
    }

    /// The app's own credentials, as `client_id` + `client_secret` or as an `APP_ID|APP_SECRET` access token.
    private func appCredentialsFailure(appID: String?, secret: String?) -> GraphFailure? {
        guard appID == app.id else {
            return GraphFailure(httpStatus: 400, code: 101, subcode: nil, type: "OAuthException", title: "Error validating application. Invalid application ID.", details: nil)
        }
        guard secret == app.secret else {
            return GraphFailure(httpStatus: 400, code: 1, subcode: nil, type: "OAuthException", title: "Error validating client secret.", details: nil)
        }
        return nil
    }

    /// `GET /oauth/access_token?client_id&client_secret&code`: a one-time code from the signup popup → the
    /// business token of the number it onboarded.
    func exchangeCode(_ request: Request) -> Response {
        let query = request.uri.queryParameters
        if let failure = appCredentialsFailure(appID: query.get("client_id"), secret: query.get("client_secret")) {
            return JSONResponse.failure(failure)
        }
        let code = query.get("code") ?? ""
        let result = store.state.withLock { state -> Result<String, GraphFailure> in
            guard let phoneNumberID = state.signupCodes.removeValue(forKey: code), let number = state.numbers[phoneNumberID] else {
                return .failure(
                    GraphFailure(httpStatus: 400, code: 100, subcode: 36008, type: "OAuthException", title: "Invalid verification code format.", details: nil))
            }
            return .success(number.accessToken)
        }
        switch result {
        case .success(let token): return JSONResponse.encode(AccessToken(access_token: token))
        case .failure(let failure): return JSONResponse.failure(failure)
        }
    }

    /// `GET /debug_token?input_token=…&access_token=APP_ID|APP_SECRET`: whether a token is valid and which WABAs it
    /// reaches (`granular_scopes[].target_ids`).
    func debugToken(_ request: Request) -> Response {
        let query = request.uri.queryParameters
        let credentials = (query.get("access_token") ?? "").split(separator: "|", maxSplits: 1).map(String.init)
        if let failure = appCredentialsFailure(appID: credentials.first, secret: credentials.count == 2 ? credentials[1] : nil) {
            return JSONResponse.failure(failure)
        }
        let input = query.get("input_token") ?? ""
        let owner = store.state.withLock { state in state.tokens[input].flatMap { state.numbers[$0] } }
        guard let owner, owner.behavior.tokenValid else {
            let message = owner == nil ? "Invalid OAuth access token - Cannot parse access token" : "Error validating access token: Session has expired"
            return JSONResponse.encode(
                DebugToken(
                    data: TokenData(
                        app_id: app.id, type: nil, application: nil, expires_at: 0, data_access_expires_at: 0, is_valid: false, scopes: [],
                        granular_scopes: nil, error: TokenError(code: 190, message: message))))
        }
        let scopes = ["whatsapp_business_management", "whatsapp_business_messaging"]
        return JSONResponse.encode(
            DebugToken(
                data: TokenData(
                    app_id: app.id, type: "SYSTEM_USER", application: "Relais Sandbox", expires_at: 0, data_access_expires_at: 0, is_valid: true,
                    scopes: scopes, granular_scopes: scopes.map { GranularScope(scope: $0, target_ids: [owner.wabaID]) }, error: nil)))
    }
}

extension SimulatorState {
    /// A one-time Embedded Signup code for a number, or nil when it does not exist.
    mutating func mintSignupCode(for phoneNumberID: String) -> String? {
        guard numbers[phoneNumberID] != nil else { return nil }
        let code = "AQ" + String(random.next(), radix: 36) + String(random.next(), radix: 36)
        signupCodes[code] = phoneNumberID
        return code
    }
}
