import RelaisCore
import WhatsAppCloud

extension Problem {
    /// What the user is told when Meta (or the simulator) refuses or cannot be reached.
    static func graph(_ error: WhatsAppError, tokenField: String? = nil) -> Problem {
        switch error.disposition {
        case .authProblem:
            var problem = Problem(
                status: .unprocessableContent, code: "error.whatsapp.token", detail: "Meta refused the access token: \(error.message)")
            if let tokenField { problem.issues = [ValidationIssue(field: tokenField, code: "error.whatsapp.token")] }
            return problem
        case .retryAfterBackoff, .throttled, .uncertain:
            return Problem(
                status: .badGateway, code: "error.whatsapp.unreachable",
                detail: "WhatsApp could not be reached or did not answer (\(error.message)); try again in a moment.", retryAfter: 30)
        default:
            return Problem(
                status: .unprocessableContent, code: "error.whatsapp.refused",
                detail: "Meta refused the request (code \(error.code.map(String.init) ?? "?")): \(error.message)")
        }
    }
}
