import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// Graph's rate limits on management calls (reference section 3 and section 8, item 14): a budget per WABA per
/// rolling hour (80007) and, when set, one for the whole app (4). Every management answer carries the usage
/// headers Meta sends, so a client can slow down before it is refused. Sends, media and OAuth are not counted.
struct ManagementRateLimit: RouterMiddleware {
    typealias Context = SimulatorRequestContext
    let store: SimulatorStore
    /// Management calls per rolling hour for the whole app; nil is unlimited.
    let appCallsPerHour: Int?

    static let businessUsageHeader = HTTPField.Name("X-Business-Use-Case-Usage")!
    static let appUsageHeader = HTTPField.Name("X-App-Usage")!

    /// What one call consumed: usage percentages, or the refusal.
    fileprivate enum Metering {
        case allowed(wabaID: String, businessPercent: Int, appPercent: Int?)
        case refused(GraphFailure, wabaID: String, regainMinutes: Int)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let object = Self.managementObject(request) else { return try await next(request, context) }
        let token = JSONResponse.bearerToken(request) ?? ""
        let wallNow = store.wallNow
        let metering = store.state.withLock { state in
            // `GET|DELETE /{media-id}` reads or removes a media object: messaging, not management.
            state.media[object] != nil ? nil : state.meterManagementCall(token: token, appLimit: appCallsPerHour, now: wallNow)
        }
        guard let metering else {
            // Unknown tokens are answered by the route itself (190); they consume nobody's budget.
            return try await next(request, context)
        }
        switch metering {
        case .refused(let failure, let wabaID, let regain):
            var response = JSONResponse.failure(failure)
            response.headers[Self.businessUsageHeader] = Self.usage(wabaID: wabaID, percent: 100, regainMinutes: regain)
            return response
        case .allowed(let wabaID, let percent, let appPercent):
            var response = try await next(request, context)
            response.headers[Self.businessUsageHeader] = Self.usage(wabaID: wabaID, percent: percent, regainMinutes: 0)
            if let appPercent { response.headers[Self.appUsageHeader] = #"{"call_count":\#(appPercent),"total_cputime":0,"total_time":0}"# }
            return response
        }
    }

    /// The object of a `/vNN.N/{id}[/{edge}]` call that may be management, or nil for messaging (`messages`,
    /// `marketing_messages`, `media`), OAuth and the control API. The caller still tells media objects apart.
    static func managementObject(_ request: Request) -> String? {
        let path = request.uri.path
        // The hot path first: a send is never metered, and it should not pay for splitting its path.
        if path.hasSuffix("/messages") || path.hasPrefix("/__sim/") { return nil }
        let parts = path.split(separator: "/")
        guard parts.count >= 2, parts[0].first == "v", parts[1] != "oauth", parts[1] != "debug_token" else { return nil }
        if parts.count >= 3, ["messages", "marketing_messages", "media"].contains(parts[2]) { return nil }
        return String(parts[1])
    }

    private static func usage(wabaID: String, percent: Int, regainMinutes: Int) -> String {
        #"{"\#(wabaID)":[{"type":"whatsapp_business_management","call_count":\#(percent),"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":\#(regainMinutes)}]}"#
    }
}

extension SimulatorState {
    /// Counts one management call against the token owner's WABA (and the app); nil for an unknown token.
    fileprivate mutating func meterManagementCall(token: String, appLimit: Int?, now: Date) -> ManagementRateLimit.Metering? {
        guard let id = tokens[token], numbers[id] != nil else { return nil }
        let hourAgo = now.addingTimeInterval(-3600)
        let wabaID = numbers[id]!.wabaID
        let limit = numbers[id]!.behavior.managementCallsPerHour
        numbers[id]!.managementCalls.removeAll { $0 <= hourAgo }
        appCalls.removeAll { $0 <= hourAgo }
        if let appLimit, appCalls.count >= appLimit {
            return .refused(
                GraphFailure(httpStatus: 400, code: 4, subcode: nil, type: "OAuthException", title: "Application request limit reached", details: nil, isTransient: true),
                wabaID: wabaID, regainMinutes: Self.minutesUntil(appCalls.first, leaves: hourAgo))
        }
        let calls = numbers[id]!.managementCalls
        if calls.count >= limit {
            return .refused(
                GraphFailure(
                    httpStatus: 400, code: 80007, subcode: nil, type: "OAuthException",
                    title: "There have been too many calls to this WhatsApp Business account. Wait a bit and try again.",
                    details: nil, isTransient: true),
                wabaID: wabaID, regainMinutes: Self.minutesUntil(calls.first, leaves: hourAgo))
        }
        numbers[id]!.managementCalls.append(now)
        if appLimit != nil { appCalls.append(now) }
        let percent = limit == 0 ? 100 : min(100, (calls.count + 1) * 100 / limit)
        return .allowed(wabaID: wabaID, businessPercent: percent, appPercent: appLimit.map { $0 == 0 ? 100 : min(100, appCalls.count * 100 / $0) })
    }

    /// Whole minutes until the oldest call of the window leaves it.
    private static func minutesUntil(_ oldest: Date?, leaves hourAgo: Date) -> Int {
        guard let oldest else { return 60 }
        return max(1, Int((oldest.timeIntervalSince(hourAgo) / 60).rounded(.up)))
    }
}
