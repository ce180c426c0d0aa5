import WhatsAppTestSupport
import Foundation
import Testing
import WhatsAppCloud

@Suite struct WhatsAppErrorCatalogTests {
    @Test(arguments: [
        (190, 401, WhatsAppErrorDisposition.authProblem), (0, 401, .authProblem), (10, 403, .authProblem), (250, 403, .authProblem),
        (130429, 400, .throttled), (130429, 429, .throttled), (131056, 400, .throttled), (4, 400, .throttled), (80007, 429, .throttled),
        (131026, 400, .permanentForRecipient), (131047, 400, .permanentForRecipient), (131051, 400, .permanentForRecipient),
        (131049, 400, .marketingLimited), (131048, 400, .messagingLimitReached),
        (132000, 400, .templateProblem), (132001, 404, .templateProblem), (132005, 400, .templateProblem), (132007, 400, .templateProblem),
        (132012, 400, .templateProblem), (132015, 400, .templateProblem), (132016, 400, .templateProblem), (2_388_040, 400, .templateProblem),
        (131031, 403, .accountProblem), (131042, 400, .accountProblem), (368, 403, .accountProblem),
        (1, 400, .retryAfterBackoff), (2, 503, .retryAfterBackoff), (131000, 500, .retryAfterBackoff), (131016, 503, .retryAfterBackoff),
        (100, 400, .invalidRequest), (131008, 400, .invalidRequest), (131009, 400, .invalidRequest),
    ])
    func codeDecidesNotStatus(code: Int, status: Int, expected: WhatsAppErrorDisposition) {
        #expect(WhatsAppErrorCatalog.disposition(code: code, httpStatus: status) == expected)
    }

    @Test func unknownCodesFallBackOnStatus() {
        #expect(WhatsAppErrorCatalog.disposition(code: 999_999, httpStatus: 503) == .retryAfterBackoff)
        #expect(WhatsAppErrorCatalog.disposition(code: 999_999, httpStatus: 400, isTransient: true) == .retryAfterBackoff)
        #expect(WhatsAppErrorCatalog.disposition(code: nil, httpStatus: 429) == .throttled)
        #expect(WhatsAppErrorCatalog.disposition(code: nil, httpStatus: 400) == .permanentForRecipient)
    }

    @Test func everyEntryHasAReasonAndNoOverlap() {
        for entry in WhatsAppErrorCatalog.entries {
            #expect(!entry.reason.isEmpty)
            #expect(WhatsAppErrorCatalog.entry(for: entry.codes.lowerBound) == entry)
        }
        #expect(WhatsAppErrorCatalog.entry(for: 131056)?.throttleScope == .recipient)
        #expect(WhatsAppErrorCatalog.entry(for: 130429)?.throttleScope == .phoneNumber)
    }

    @Test func decodesMetaErrorBody() throws {
        let json = #"""
            {"error":{"message":"(#131030) Recipient phone number not in allowed list","type":"OAuthException","code":131030,
            "error_subcode":2494010,"error_data":{"messaging_product":"whatsapp","details":"Add recipient"},"fbtrace_id":"AbC123xyz"}}
            """#
        let error = try JSONDecoder().decode(GraphErrorBody.self, from: Data(json.utf8)).whatsAppError(httpStatus: 400)
        #expect(error.code == 131030)
        #expect(error.subcode == 2_494_010)
        #expect(error.type == "OAuthException")
        #expect(error.fbtraceID == "AbC123xyz")
        #expect(error.details == "Add recipient")
        #expect(error.disposition == .permanentForRecipient)
    }
}
