import Foundation
import HTTPTypes
import RelaisCore

/// An error that reaches HTTP: its status, a stable code (also the catalogue key of
/// its message), an English detail, and per-field issues for validation failures.
/// Rendered as RFC 9457 `application/problem+json` for the API and as a page for browsers.
public struct Problem: Error, Sendable {
    public let status: HTTPResponse.Status
    public let code: String
    public let detail: String
    public var issues: [ValidationIssue] = []
    /// Seconds a client should wait, for 429 and 503 answers.
    public var retryAfter: Int?
    /// Extra top-level members of the problem document (RFC 9457 extensions), e.g. `existing_id` on a 409.
    public var extensions: [String: String] = [:]

    public init(status: HTTPResponse.Status, code: String, detail: String, issues: [ValidationIssue] = [], retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.detail = detail
        self.issues = issues
        self.retryAfter = retryAfter
    }

    public static func notFound() -> Problem {
        Problem(status: .notFound, code: "error.not_found", detail: "No such resource.")
    }

    public static func unauthorized(_ detail: String = "Authentication is required.") -> Problem {
        Problem(status: .unauthorized, code: "error.unauthorized", detail: detail)
    }

    public static func forbidden() -> Problem {
        Problem(status: .forbidden, code: "error.forbidden", detail: "Your role does not allow this action.")
    }

    public static func validation(_ issues: [ValidationIssue]) -> Problem {
        Problem(status: .unprocessableContent, code: "error.validation", detail: "Some fields are invalid.", issues: issues)
    }

    public static func badRequest(_ code: String, _ detail: String) -> Problem {
        Problem(status: .badRequest, code: code, detail: detail)
    }

    public static func conflict(_ code: String, _ detail: String) -> Problem {
        Problem(status: .conflict, code: code, detail: detail)
    }

    public static func tooManyRequests(retryAfter: Int) -> Problem {
        Problem(status: .tooManyRequests, code: "error.rate_limited", detail: "Too many requests; try again later.", retryAfter: retryAfter)
    }

    public static func payloadTooLarge(limit: Int) -> Problem {
        Problem(status: .contentTooLarge, code: "error.too_large", detail: "The request body exceeds \(limit) bytes.")
    }

    public static func nulCharacter() -> Problem {
        Problem(status: .badRequest, code: "error.nul_character", detail: "The request contains a NUL character (%00 or \\u0000), which no field accepts.")
    }

    public static func requestTimeout() -> Problem {
        Problem(status: .requestTimeout, code: "error.request_timeout", detail: "The request body did not arrive in time.")
    }

    public static func csrf() -> Problem {
        Problem(status: .forbidden, code: "error.csrf", detail: "The form expired or came from another site; reload the page and try again.")
    }
}

extension ValidationFailure {
    var problem: Problem { .validation(issues) }
}
