#if canImport(Glibc)
import Glibc
#endif
import WhatsAppTestSupport
import AsyncHTTPClient
import Foundation
import Hummingbird
import Testing
import WhatsAppCloud
import WhatsAppSimulator

/// The real client against the real simulator over loopback.
@Suite struct WhatsAppClientTests {
    func client(_ simulator: RunningSimulator, timeout: Duration = .seconds(5)) -> WhatsAppClient {
        WhatsAppClient(httpClient: .shared, baseURL: simulator.baseURL, apiVersion: "v23.0", timeout: timeout)
    }

    func text(_ to: String = "15551234567", callback: String? = "tenant:1|row:1") -> OutboundMessage {
        OutboundMessage(to: to, content: .text(body: "Hello"), bizOpaqueCallbackData: callback)
    }

    /// Submits `hello_promo` (body with two variables) and waits for approval.
    func approvedTemplate(_ client: WhatsAppClient, _ number: SimulatorControlClient.Number) async throws {
        let template = MessageTemplate(
            name: "hello_promo", language: "en_US", category: "MARKETING",
            components: [.object(["type": .string("BODY"), "text": .string("Hi {{1}}, take {{2}} off this week.")])])
        let submission = try await client.createTemplate(wabaID: number.wabaID, template, accessToken: number.accessToken)
        #expect(submission.status == "PENDING")
        for _ in 0..<50 {
            let page = try await client.templates(wabaID: number.wabaID, accessToken: number.accessToken)
            if page.templates.first?.status == "APPROVED" { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("template not approved")
    }

    func expectError(_ disposition: WhatsAppErrorDisposition, code: Int?, _ operation: () async throws(WhatsAppError) -> Void) async {
        do {
            try await operation()
            Issue.record("expected \(disposition)")
        } catch {
            #expect(error.disposition == disposition, "\(error)")
            #expect(error.code == code, "\(error)")
        }
    }

    @Test func sendsTextAndTemplateAndTheLedgerMatches() async throws {
        try await withSimulator { simulator in
            let number = try await simulator.control.createNumber(["display_phone_number": "+1 555 000 0001"])
            let client = client(simulator)
            let receipt = try await client.send(text("+15551234567"), phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
            #expect(receipt.messageID.hasPrefix("wamid."))
            #expect(receipt.waID == "15551234567")
            #expect(receipt.input == "+15551234567")
            #expect(receipt.messageStatus == nil)
            try await approvedTemplate(client, number)
            let message = OutboundMessage(
                to: "15551234568",
                content: .template(TemplateMessage(name: "hello_promo", languageCode: "en_US", components: [.body([.text("Ana"), .text("20%")])])),
                bizOpaqueCallbackData: "tenant:1|row:2")
            let templateReceipt = try await client.send(message, phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
            #expect(templateReceipt.messageStatus == "accepted")
            let ledger = try await simulator.control.allMessages(phoneNumberID: number.phoneNumberID)
            #expect(ledger.map(\.id) == [receipt.messageID, templateReceipt.messageID])
            #expect(ledger[0].type == "text" && ledger[0].text == "Hello" && ledger[0].bizOpaqueCallbackData == "tenant:1|row:1")
            #expect(ledger[1].template == LedgerEntry.Template(name: "hello_promo", language: "en_US", parameters: ["Ana", "20%"]))
            #expect(ledger[1].bizOpaqueCallbackData == "tenant:1|row:2")
        }
    }

    @Test func everySimulatedErrorMapsToItsDisposition() async throws {
        try await withSimulator({ $0.pairBurst = 1 }) { simulator in
            let number = try await simulator.control.createNumber(["display_phone_number": "15550000002"])
            let client = client(simulator)
            let id = number.phoneNumberID, token = number.accessToken
            await expectError(.authProblem, code: 190) { () throws(WhatsAppError) in _ = try await client.send(text(), phoneNumberID: id, accessToken: "wrong") }
            // Pair rate limit: a second message to the same user within the interval.
            _ = try await client.send(text("15557770001"), phoneNumberID: id, accessToken: token)
            await expectError(.throttled, code: 131056) { () throws(WhatsAppError) in _ = try await client.send(text("15557770001"), phoneNumberID: id, accessToken: token) }
            await expectError(.templateProblem, code: 132001) { () throws(WhatsAppError) in
                _ = try await client.send(
                    OutboundMessage(to: "15557770002", content: .template(TemplateMessage(name: "nope", languageCode: "en_US"))),
                    phoneNumberID: id, accessToken: token)
            }
            try await approvedTemplate(client, number)
            await expectError(.templateProblem, code: 132000) { () throws(WhatsAppError) in
                _ = try await client.send(
                    OutboundMessage(to: "15557770003", content: .template(TemplateMessage(name: "hello_promo", languageCode: "en_US", components: [.body([.text("Ana")])]))),
                    phoneNumberID: id, accessToken: token)
            }
            await expectError(.templateProblem, code: 132001) { () throws(WhatsAppError) in
                _ = try await client.send(
                    OutboundMessage(to: "15557770003", content: .template(TemplateMessage(name: "hello_promo", languageCode: "en"))),
                    phoneNumberID: id, accessToken: token)
            }
            await expectError(.invalidRequest, code: 131009) { () throws(WhatsAppError) in _ = try await client.send(text("12ab"), phoneNumberID: id, accessToken: token) }
            await expectError(.permanentForRecipient, code: 131021) { () throws(WhatsAppError) in _ = try await client.send(text("15550000002"), phoneNumberID: id, accessToken: token) }
            try await simulator.control.patchNumber(id, ["throughput": 1])
            try await Task.sleep(for: .milliseconds(1100))
            _ = try await client.send(text("15557770010"), phoneNumberID: id, accessToken: token)
            await expectError(.throttled, code: 130429) { () throws(WhatsAppError) in _ = try await client.send(text("15557770011"), phoneNumberID: id, accessToken: token) }
            try await simulator.control.patchNumber(id, ["throughput": 1000, "error_rate_5xx": 1])
            await expectError(.retryAfterBackoff, code: 131000) { () throws(WhatsAppError) in _ = try await client.send(text("15557770012"), phoneNumberID: id, accessToken: token) }
            try await simulator.control.patchNumber(id, ["error_rate_5xx": 0, "token_valid": false])
            await expectError(.authProblem, code: 190) { () throws(WhatsAppError) in _ = try await client.send(text("15557770013"), phoneNumberID: id, accessToken: token) }
            // 5xx and refused sends are not in the ledger; accepted ones are.
            let ledger = try await simulator.control.allMessages(phoneNumberID: id)
            #expect(ledger.map(\.to) == ["15557770001", "15557770010"])
        }
    }

    @Test func timeoutsAndDropsAreUncertainButLedgered() async throws {
        try await withSimulator { simulator in
            let number = try await simulator.control.createNumber(["display_phone_number": "15550000003", "timeout_rate": 1])
            let client = client(simulator, timeout: .milliseconds(300))
            await expectError(.uncertain, code: nil) { () throws(WhatsAppError) in
                _ = try await client.send(text("15557770020", callback: "t"), phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
            }
            try await simulator.control.patchNumber(number.phoneNumberID, ["timeout_rate": 0, "drop_rate": 1])
            do {
                _ = try await client.send(text("15557770021", callback: "d"), phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
                Issue.record("expected a drop")
            } catch let error as WhatsAppError {
                #expect(error.disposition == .uncertain)
                #expect(error.failure == .responseLost)
            }
            let ledger = try await simulator.control.allMessages(phoneNumberID: number.phoneNumberID)
            #expect(ledger.map(\.fault) == ["timeout", "drop"])
            #expect(ledger.map(\.bizOpaqueCallbackData) == ["t", "d"])
        }
    }

    @Test func refusedConnectionIsRetryableNotUncertain() async throws {
        // A socket bound but never listening: connections to its port are refused, and no other test can
        // take the port meanwhile (a port released after a server stops may be handed to another test at once).
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        try #require(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let client = WhatsAppClient(httpClient: .shared, baseURL: "http://127.0.0.1:\(port)", timeout: .seconds(2))
        do {
            _ = try await client.send(text(), phoneNumberID: "1", accessToken: "t")
            Issue.record("expected failure")
        } catch {
            #expect(error.failure == .notSent)
            #expect(error.disposition == .retryAfterBackoff)
        }
    }

    @Test func htmlAndEmptyAnswersMapToClearErrors() async throws {
        let router = Router()
        router.post("v23.0/html/messages") { _, _ in
            Response(status: .badGateway, headers: [.contentType: "text/html"], body: .init(byteBuffer: .init(string: "<html><body>Bad gateway</body></html>")))
        }
        router.post("v23.0/empty/messages") { _, _ in Response(status: .ok) }
        router.post("v23.0/garbage/messages") { _, _ in Response(status: .ok, body: .init(byteBuffer: .init(string: "{\"messages\":")) ) }
        try await withServer(router) { port in
            let client = WhatsAppClient(httpClient: .shared, baseURL: "http://127.0.0.1:\(port)", timeout: .seconds(2))
            for (path, status, disposition) in [("html", 502, WhatsAppErrorDisposition.retryAfterBackoff), ("empty", 200, .uncertain), ("garbage", 200, .uncertain)] {
                do {
                    _ = try await client.send(text(), phoneNumberID: path, accessToken: "t")
                    Issue.record("expected failure for \(path)")
                } catch let error as WhatsAppError {
                    #expect(error.failure == .malformedResponse)
                    #expect(error.httpStatus == status)
                    #expect(error.disposition == disposition)
                }
            }
        }
    }

    @Test func readsPhoneNumberDetails() async throws {
        try await withSimulator { simulator in
            let number = try await simulator.control.createNumber(["display_phone_number": "+1 555 078 3881", "throughput": 1000, "tier": 2000])
            let details = try await client(simulator).phoneNumber(id: number.phoneNumberID, accessToken: number.accessToken)
            #expect(details.id == number.phoneNumberID)
            #expect(details.displayPhoneNumber == "+1 555-078-3881")
            #expect(details.verifiedName == "Relais Sandbox")
            #expect(details.qualityRating == "GREEN")
            #expect(details.messagesPerSecond == 1000)
            #expect(details.messagingLimitTier == "TIER_2K")
            #expect(details.messagingLimit == 2000)
        }
    }

    @Test func templatesListPageAndDelete() async throws {
        try await withSimulator { simulator in
            let number = try await simulator.control.createNumber()
            let client = client(simulator)
            for index in 0..<3 {
                let template = MessageTemplate(
                    name: "t\(index)", language: "en", category: "UTILITY",
                    components: [.object(["type": .string("BODY"), "text": .string("Order shipped")])])
                _ = try await client.createTemplate(wabaID: number.wabaID, template, accessToken: number.accessToken)
            }
            let first = try await client.templates(wabaID: number.wabaID, limit: 2, accessToken: number.accessToken)
            #expect(first.templates.map(\.name) == ["t0", "t1"])
            let second = try await client.templates(wabaID: number.wabaID, after: first.after, limit: 2, accessToken: number.accessToken)
            #expect(second.templates.map(\.name) == ["t2"])
            #expect(second.after == nil)
            try await client.deleteTemplate(wabaID: number.wabaID, name: "t1", accessToken: number.accessToken)
            #expect(try await client.allTemplates(wabaID: number.wabaID, accessToken: number.accessToken).map(\.name) == ["t0", "t2"])
        }
    }

    @Test func uploadsMediaAndSendsItById() async throws {
        try await withSimulator { simulator in
            let number = try await simulator.control.createNumber()
            let client = client(simulator)
            let mediaID = try await client.uploadMedia(
                phoneNumberID: number.phoneNumberID, data: Data([0xFF, 0xD8, 0xFF]), mimeType: "image/jpeg", filename: "a.jpg",
                accessToken: number.accessToken)
            #expect(!mediaID.isEmpty)
            try await simulator.control.inbound(phoneNumberID: number.phoneNumberID, from: "15551112222", text: "hi")
            let receipt = try await client.send(
                OutboundMessage(to: "15551112222", content: .image(.id(mediaID, caption: "c"))), phoneNumberID: number.phoneNumberID,
                accessToken: number.accessToken)
            #expect(receipt.messageID.hasPrefix("wamid."))
            // An unknown media id is refused (131009).
            do {
                _ = try await client.send(
                    OutboundMessage(to: "15551112222", content: .image(.id("404"))), phoneNumberID: number.phoneNumberID, accessToken: number.accessToken)
                Issue.record("expected 131009")
            } catch let error as WhatsAppError {
                #expect(error.code == 131009)
            }
        }
    }
}
