import WhatsAppCloud

/// A Graph API error the simulator answers with, in Meta's JSON shape and HTTP status.
struct GraphFailure: Error, Sendable {
    let httpStatus: Int
    let code: Int
    let subcode: Int?
    let type: String
    let title: String
    let details: String?
    var isTransient: Bool? = nil

    /// Meta's body: message `(#code) Title`, `error_data.details`, a random `fbtrace_id`.
    func body(fbtraceID: String) -> GraphErrorBody {
        GraphErrorBody(
            error: .init(
                message: "(#\(code)) \(title)", type: type, code: code, errorSubcode: subcode,
                errorData: details.map { .init(details: $0) }, isTransient: isTransient, fbtraceID: fbtraceID))
    }

    static func invalidToken(expired: Bool) -> GraphFailure {
        GraphFailure(
            httpStatus: 401, code: 190, subcode: expired ? 463 : 467, type: "OAuthException",
            title: expired ? "Error validating access token: Session has expired" : "Invalid OAuth access token - Cannot parse access token",
            details: nil)
    }

    static func permissionDenied(_ id: String) -> GraphFailure {
        GraphFailure(
            httpStatus: 403, code: 10, subcode: nil, type: "OAuthException",
            title: "Application does not have permission for this action", details: "The access token has no access to object \(id)")
    }

    static func unknownObject(_ id: String, method: String) -> GraphFailure {
        GraphFailure(
            httpStatus: 400, code: 100, subcode: 33, type: "GraphMethodException",
            title: "Unsupported \(method) request. Object with ID '\(id)' does not exist, cannot be loaded due to missing permissions, or does not support this operation",
            details: nil)
    }

    static func invalidParameter(_ details: String) -> GraphFailure {
        GraphFailure(httpStatus: 400, code: 100, subcode: nil, type: "OAuthException", title: "Invalid parameter", details: details)
    }

    static func missingParameter(_ details: String) -> GraphFailure {
        GraphFailure(httpStatus: 400, code: 131008, subcode: nil, type: "OAuthException", title: "Required parameter is missing", details: details)
    }

    static func invalidValue(_ details: String) -> GraphFailure {
        GraphFailure(httpStatus: 400, code: 131009, subcode: nil, type: "OAuthException", title: "Parameter value is not valid", details: details)
    }

    static func serverError() -> GraphFailure {
        GraphFailure(
            httpStatus: 500, code: 131000, subcode: nil, type: "OAuthException", title: "Something went wrong",
            details: "Something went wrong. Please try again later.", isTransient: true)
    }

    static func template(_ code: Int, _ title: String, _ details: String, httpStatus: Int = 400) -> GraphFailure {
        GraphFailure(httpStatus: httpStatus, code: code, subcode: nil, type: "OAuthException", title: title, details: details)
    }
}
