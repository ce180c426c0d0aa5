import Foundation
import RelaisStore
import WhatsAppCloud

/// One send's outcome, plus what it tells the loop about the number or the campaign.
struct SendResult: Sendable {
    /// What the loop must change besides the message itself.
    enum Signal: Sendable, Equatable {
        case none
        /// WhatsApp throttled the number: slow the pace down.
        case throttled
        /// The number hit its messaging limit (131048): hold marketing for a while.
        case messagingLimit
        /// The template cannot be sent: pause this campaign.
        case templateProblem(String)
        /// The token or the account is refused: pause every campaign of the number and the number itself.
        case numberProblem(String)
        /// Meta accepted the message but holds it while it assesses the template (pacing): tell the campaign's people.
        case heldForQuality
    }

    var outcome: SendOutcome
    var signal: Signal = .none
    let runID: UUID
    let toPhone: String

    /// Reads a failed send by its disposition (never by raw codes): fail it, retry it later, or leave it uncertain.
    static func failure(
        _ error: WhatsAppError, _ message: ClaimedMessage, policy: RetryPolicy, generator: inout some RandomNumberGenerator
    ) -> SendResult {
        let now = Date()
        var result = SendResult(outcome: SendOutcome(id: message.id, status: .queued), runID: message.runID, toPhone: message.toPhone)
        func retry(after seconds: TimeInterval, refund: Bool) {
            result.outcome = SendOutcome(id: message.id, status: .queued, errorCode: error.code, errorTitle: error.reason, retryAt: now + seconds)
            result.outcome.refundAttempt = refund
        }
        func fail() {
            result.outcome = SendOutcome(id: message.id, status: .failed, errorCode: error.code, errorTitle: error.reason)
        }
        switch error.disposition {
        case .permanentForRecipient, .invalidRequest:
            fail()
        case .throttled:
            // The pair limit concerns one recipient (one message per 6 s); the others concern the number's pace.
            if error.throttleScope == .recipient {
                retry(after: 6, refund: true)
            } else {
                retry(after: 1, refund: true)
                result.signal = .throttled
            }
        case .retryAfterBackoff:
            if message.attempts >= policy.maximumAttempts { fail() } else { retry(after: policy.backoff(attempt: message.attempts, using: &generator), refund: false) }
        case .marketingLimited:
            // Meta refuses more marketing to this person for now; trying before a day has passed only fails again.
            if message.attempts >= 2 { fail() } else { retry(after: 24 * 3600, refund: false) }
        case .messagingLimitReached:
            retry(after: 600, refund: true)
            result.signal = .messagingLimit
        case .templateProblem:
            retry(after: 0, refund: true)
            result.signal = .templateProblem(error.reason)
        case .authProblem, .accountProblem:
            retry(after: 0, refund: true)
            result.signal = .numberProblem(error.reason)
        case .uncertain:
            result.outcome = SendOutcome(id: message.id, status: .uncertain, errorCode: error.code, errorTitle: error.reason)
        }
        return result
    }
}
