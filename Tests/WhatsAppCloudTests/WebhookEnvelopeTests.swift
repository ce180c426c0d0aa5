import WhatsAppTestSupport
import Foundation
import Testing
import WhatsAppCloud

@Suite struct WebhookEnvelopeTests {
    func decode(_ json: String) throws -> WebhookEnvelope {
        try JSONDecoder().decode(WebhookEnvelope.self, from: Data(json.utf8))
    }

    /// Reference section 4, current (BSUID) shape, with an unknown field added at every level.
    @Test func decodesCurrentShapeStatus() throws {
        let envelope = try decode(#"""
            {"object":"whatsapp_business_account","future_top":1,
             "entry":[{"id":"102290129340398","extra":true,
               "changes":[{"field":"messages",
                 "value":{"messaging_product":"whatsapp","new_thing":{"a":[1,2]},
                          "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
                          "contacts":[{"wa_id":"15551234567","user_id":"US.1349","profile":{"username":"ana"}}],
                          "statuses":[{"id":"wamid.HBgL1","status":"delivered","timestamp":"1750857384",
                             "recipient_id":"15551234567","recipient_user_id":"US.1349",
                             "biz_opaque_callback_data":"c=9;r=1234",
                             "conversation":{"id":"a75d","expiration_timestamp":"1750943820","origin":{"type":"marketing"}},
                             "pricing":{"billable":true,"pricing_model":"PMP","type":"regular","category":"marketing"},
                             "unknown_status_field":"x"}]}}]}]}
            """#)
        let status = try #require(envelope.statuses.first)
        #expect(envelope.entry[0].id == "102290129340398")
        #expect(status.kind == .delivered)
        #expect(status.timestamp == "1750857384")
        #expect(status.recipientUserID == "US.1349")
        #expect(status.bizOpaqueCallbackData == "c=9;r=1234")
        #expect(status.conversation?.originType == "marketing")
        #expect(status.pricing?.pricingModel == "PMP")
        let value = try #require(envelope.entry[0].changes[0].messagesValue)
        #expect(value.metadata?.phoneNumberID == "106540352242922")
        #expect(value.contacts.first?.userID == "US.1349")
        #expect(value.contacts.first?.username == "ana")
    }

    /// Classic shape: no contacts on statuses, no user ids; a failed status with errors; integer timestamp tolerated.
    @Test func decodesClassicShapeFailedStatus() throws {
        let envelope = try decode(#"""
            {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
              "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
              "statuses":[{"id":"wamid.X","status":"failed","timestamp":1750857384,"recipient_id":"15551230000",
                "errors":[{"code":131026,"title":"Message undeliverable","message":"Message undeliverable",
                           "error_data":{"details":"..."},"href":"https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}]}]}}]}]}
            """#)
        let status = try #require(envelope.statuses.first)
        #expect(status.kind == .failed)
        #expect(status.recipientUserID == nil)
        #expect(status.timestamp == "1750857384")
        #expect(status.errors.first?.code == 131026)
        #expect(status.errors.first?.disposition == .permanentForRecipient)
    }

    @Test func decodesInboundMessagesOfEveryTypeAndToleratesUnknownOnes() throws {
        let envelope = try decode(#"""
            {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
              "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106"},
              "contacts":[{"profile":{"name":"Ana Lima"},"wa_id":"15551234567"}],
              "messages":[
               {"from":"15551234567","id":"wamid.1","timestamp":"1750857999","type":"text","text":{"body":"STOP"}},
               {"from":"15551234567","id":"wamid.2","timestamp":"1","type":"button","button":{"text":"Stop promotions","payload":"STOP_PROMO"},
                "context":{"from":"15550783881","id":"wamid.T"}},
               {"from":"15551234567","id":"wamid.3","timestamp":"1","type":"interactive",
                "interactive":{"type":"button_reply","button_reply":{"id":"slot_mon","title":"Monday"}}},
               {"from":"15551234567","id":"wamid.4","timestamp":"1","type":"interactive",
                "interactive":{"type":"list_reply","list_reply":{"id":"st_1","title":"Main St","description":"Open 9-18"}}},
               {"from":"15551234567","id":"wamid.5","timestamp":"1","type":"image",
                "image":{"id":"1037","mime_type":"image/jpeg","sha256":"abc","caption":"look"}},
               {"from":"15551234567","id":"wamid.6","timestamp":"1","type":"reaction","reaction":{"message_id":"wamid.1","emoji":"👍"}},
               {"from":"15551234567","id":"wamid.7","timestamp":"1","type":"hologram","hologram":{"x":1}},
               {"from":"15551234567","id":"wamid.8","timestamp":"1","type":"unsupported","errors":[{"code":131051,"title":"Unsupported"}]},
               {"from":"15551234567","id":"wamid.9","timestamp":"1","type":"text","text":{"no_body":true}}]}}]}]}
            """#)
        let contents = envelope.messages.map(\.content)
        #expect(contents[0] == .text(body: "STOP"))
        #expect(contents[1] == .button(text: "Stop promotions", payload: "STOP_PROMO"))
        #expect(envelope.messages[1].context?.id == "wamid.T")
        #expect(contents[2] == .buttonReply(id: "slot_mon", title: "Monday"))
        #expect(contents[3] == .listReply(id: "st_1", title: "Main St", description: "Open 9-18"))
        guard case .media(let kind, let media) = contents[4] else { Issue.record("expected media"); return }
        #expect(kind == "image" && media.id == "1037" && media.caption == "look")
        #expect(contents[5] == .reaction(messageID: "wamid.1", emoji: "👍"))
        #expect(contents[6] == .unsupported(type: "hologram"))
        #expect(contents[7] == .unsupported(type: "unsupported"))
        #expect(contents[8] == .unsupported(type: "text"))
        #expect(envelope.messages[0].userText == "STOP")
        #expect(envelope.entry[0].changes[0].messagesValue?.contacts.first?.profileName == "Ana Lima")
    }

    @Test func decodesTemplateStatusUpdateAndKeepsOtherFieldsRaw() throws {
        let envelope = try decode(#"""
            {"object":"whatsapp_business_account","entry":[
              {"id":"1","time":1750857999,"changes":[{"field":"message_template_status_update","value":{
                "event":"REJECTED","message_template_id":1689556908129832,"message_template_name":"spring_sale",
                "message_template_language":"en_US","reason":"INVALID_FORMAT","message_template_category":"MARKETING",
                "rejection_info":{"reason":"INVALID_FORMAT","recommendation":"fix"}}}]},
              {"id":"1","changes":[{"field":"user_preferences","value":{"messaging_product":"whatsapp",
                "user_preferences":[{"wa_id":"15551234567","category":"marketing_messages","value":"stop","timestamp":1739321024}]}}]}]}
            """#)
        let update = try #require(envelope.entry[0].changes[0].templateStatus)
        #expect(envelope.entry[0].time == 1_750_857_999)
        #expect(update.event == "REJECTED")
        #expect(update.messageTemplateID == "1689556908129832")
        #expect(update.rejectionReason == "INVALID_FORMAT")
        let other = envelope.entry[1].changes[0]
        #expect(other.field == "user_preferences")
        guard case .other(let raw) = other.value else { Issue.record("expected raw value"); return }
        #expect(raw["user_preferences"]?.arrayValue?.first?["value"] == .string("stop"))
    }

    @Test func garbageThrowsInsteadOfCrashing() {
        for body in ["", "<html>", "{\"object\":1}", "{\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"statuses\":[{}]}}]}]}"] {
            #expect(throws: (any Error).self) { try decode(body) }
        }
    }
}
