import WhatsAppTestSupport
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import WhatsAppCloud
import WhatsAppSimulator

/// Every key path of a JSON document, arrays written `[]`, e.g. `contacts[].wa_id`.
func keyPaths(_ json: Any, prefix: String = "") -> Set<String> {
    var paths = Set<String>()
    if let object = json as? [String: Any] {
        for (key, value) in object {
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            paths.insert(path)
            paths.formUnion(keyPaths(value, prefix: path))
        }
    } else if let array = json as? [Any] {
        for element in array { paths.formUnion(keyPaths(element, prefix: prefix + "[]")) }
    }
    return paths
}

func keyPaths(_ text: String) throws -> Set<String> {
    keyPaths(try JSONSerialization.jsonObject(with: Data(text.utf8)))
}

/// Field-by-field comparison of the simulator's JSON with the reference's samples (sections 1, 2, 4, 5, 6).
@Suite struct JSONShapeTests {
    struct Raw {
        let status: Int
        let json: Any
    }

    func call(_ method: HTTPMethod, _ url: String, token: String, body: String? = nil) async throws -> Raw {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        let data = Data((try await response.body.collect(upTo: 1 << 20)).readableBytesView)
        return Raw(status: Int(response.status.code), json: try JSONSerialization.jsonObject(with: data))
    }

    @Test func graphResponsesMatchReferenceShapes() async throws {
        try await withSimulator { simulator in
            let number = try await simulator.control.createNumber(["display_phone_number": "+1 555 078 3881"])
            let base = "\(simulator.baseURL)/v23.0"
            try await simulator.control.inbound(phoneNumberID: number.phoneNumberID, from: "15551234567", text: "hi")
            // Section 1 success body (non-template: no message_status).
            let sent = try await call(.POST, "\(base)/\(number.phoneNumberID)/messages", token: number.accessToken,
                body: #"{"messaging_product":"whatsapp","to":"+15551234567","type":"text","text":{"body":"x"}}"#)
            #expect(sent.status == 200)
            #expect(keyPaths(sent.json) == (try keyPaths(#"{"messaging_product":"whatsapp","contacts":[{"input":"+15551234567","wa_id":"15551234567"}],"messages":[{"id":"wamid.X"}]}"#)))
            // Section 2 error object.
            let error = try await call(.POST, "\(base)/\(number.phoneNumberID)/messages", token: number.accessToken,
                body: #"{"messaging_product":"whatsapp","to":"15551234567","type":"template","template":{"name":"nope","language":{"code":"en"}}}"#)
            #expect(error.status == 404)
            #expect(keyPaths(error.json) == (try keyPaths(#"""
                {"error":{"message":"(#131030) x","type":"OAuthException","code":131030,
                  "error_data":{"messaging_product":"whatsapp","details":"x"},"fbtrace_id":"AbC123xyz"}}
                """#)))
            let message = try #require(((error.json as? [String: Any])?["error"] as? [String: Any])?["message"] as? String)
            #expect(message.hasPrefix("(#132001) "))
            // Section 6 phone number.
            let phone = try await call(.GET, "\(base)/\(number.phoneNumberID)", token: number.accessToken)
            #expect(keyPaths(phone.json) == (try keyPaths(#"""
                {"id":"106540352242922","display_phone_number":"+1 555-078-3881","verified_name":"Acme Store",
                 "quality_rating":"GREEN","code_verification_status":"VERIFIED","name_status":"APPROVED",
                 "platform_type":"CLOUD_API","throughput":{"level":"STANDARD"},"status":"CONNECTED",
                 "messaging_limit_tier":"TIER_2K","whatsapp_business_manager_messaging_limit":"TIER_2K",
                 "account_mode":"LIVE","is_official_business_account":false}
                """#)))
            // Section 5 template create + list.
            let created = try await call(.POST, "\(base)/\(number.wabaID)/message_templates", token: number.accessToken,
                body: #"{"name":"spring_sale","language":"en_US","category":"MARKETING","parameter_format":"POSITIONAL","components":[{"type":"BODY","text":"Hi {{1}}, take {{2}} off.","example":{"body_text":[["Ana","20%"]]}}]}"#)
            #expect(keyPaths(created.json) == ["id", "status", "category"])
            _ = try await call(.POST, "\(base)/\(number.wabaID)/message_templates", token: number.accessToken,
                body: #"{"name":"other","language":"en_US","category":"UTILITY","components":[{"type":"BODY","text":"Shipped."}]}"#)
            let list = try await call(.GET, "\(base)/\(number.wabaID)/message_templates?limit=1", token: number.accessToken)
            let expected = try keyPaths(#"""
                {"data":[{"id":"1","name":"spring_sale","language":"en_US","status":"APPROVED","category":"MARKETING",
                  "parameter_format":"POSITIONAL","components":[{"type":"BODY","text":"Hi {{1}}","example":{"body_text":[["Ana","20%"]]}}]}],
                 "paging":{"cursors":{"before":"QVFI","after":"QVFI"},"next":"https://graph.facebook.com/v23.0/x&after=QVFI"}}
                """#)
            #expect(keyPaths(list.json) == expected)
            // Unknown object: code 100, subcode 33, GraphMethodException.
            let unknown = try await call(.GET, "\(base)/999", token: number.accessToken)
            let unknownError = try #require((unknown.json as? [String: Any])?["error"] as? [String: Any])
            #expect(unknownError["code"] as? Int == 100 && unknownError["error_subcode"] as? Int == 33)
            #expect(unknownError["type"] as? String == "GraphMethodException")
        }
    }

    @Test func webhookBodiesMatchReferenceShapes() async throws {
        let inbox = WebhookInbox()
        try await withServer(inbox.router()) { port in
            try await withSimulator({ $0.webhookURL = "http://127.0.0.1:\(port)/webhook" }) { simulator in
                let number = try await simulator.control.createNumber()
                try await simulator.control.inbound(phoneNumberID: number.phoneNumberID, from: "15551234567", text: "Hello")
                let client = WhatsAppClient(httpClient: .shared, baseURL: simulator.baseURL, apiVersion: "v23.0")
                // The failure first and alone, so that its POST is not batched with the other message's statuses.
                _ = try await client.send(
                    OutboundMessage(to: "15551230000", content: .text(body: "x"), bizOpaqueCallbackData: "c=9"), phoneNumberID: number.phoneNumberID,
                    accessToken: number.accessToken)
                _ = try await inbox.wait { $0.contains { String(decoding: $0.body, as: UTF8.self).contains("\"failed\"") } }
                _ = try await client.send(
                    OutboundMessage(to: "15551234567", content: .text(body: "x"), bizOpaqueCallbackData: "c=9"), phoneNumberID: number.phoneNumberID,
                    accessToken: number.accessToken)
                let received = try await inbox.wait { bodies in
                    let statuses = bodies.compactMap { try? JSONDecoder().decode(WebhookEnvelope.self, from: $0.body) }.flatMap(\.statuses)
                    return statuses.filter { $0.recipientID == "15551234567" }.count >= 3
                }
                var byKind: [String: Set<String>] = [:]
                for item in received {
                    let object = try JSONSerialization.jsonObject(with: item.body)
                    let text = String(decoding: item.body, as: UTF8.self)
                    let kind = text.contains("\"failed\"") ? "failed" : text.contains("\"sent\"") ? "sent" : text.contains("\"messages\":[") ? "inbound" : "other"
                    byKind[kind, default: []].formUnion(keyPaths(object))
                }
                let envelope = "object, entry[].id, entry[].changes[].field, entry[].changes[].value.messaging_product, entry[].changes[].value.metadata.display_phone_number, entry[].changes[].value.metadata.phone_number_id"
                let common = Set(envelope.components(separatedBy: ", ") + ["entry", "entry[].changes", "entry[].changes[].value", "entry[].changes[].value.metadata"])
                let status = "entry[].changes[].value.statuses"
                let statusFields = ["", "[].id", "[].status", "[].timestamp", "[].recipient_id", "[].recipient_user_id", "[].biz_opaque_callback_data"].map { status + $0 }
                let contacts = ["", "[].wa_id", "[].user_id"].map { "entry[].changes[].value.contacts" + $0 }
                let pricing = ["", ".billable", ".pricing_model", ".type", ".category"].map { "\(status)[].pricing" + $0 }
                let conversation = ["", ".id", ".expiration_timestamp", ".origin", ".origin.type"].map { "\(status)[].conversation" + $0 }
                #expect(byKind["sent"] == common.union(statusFields).union(contacts).union(pricing).union(conversation))
                let errors = ["", "[].code", "[].title", "[].message", "[].error_data", "[].error_data.details", "[].href"].map { "\(status)[].errors" + $0 }
                #expect(byKind["failed"] == common.union(statusFields).union(errors))
                let inbound = ["entry[].changes[].value.messages", "entry[].changes[].value.messages[].from", "entry[].changes[].value.messages[].id",
                    "entry[].changes[].value.messages[].timestamp", "entry[].changes[].value.messages[].type",
                    "entry[].changes[].value.messages[].text", "entry[].changes[].value.messages[].text.body",
                    "entry[].changes[].value.contacts[].profile", "entry[].changes[].value.contacts[].profile.name"]
                #expect(byKind["inbound"] == common.union(inbound).union(contacts))
            }
        }
    }
}
