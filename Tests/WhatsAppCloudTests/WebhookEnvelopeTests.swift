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
              {"id":"1","time":1750857999,"changes":[{"field":"business_capability_update","value":{"max_daily_conversations_per_business":2000}}]}]}
            """#)
        let update = try #require(envelope.entry[0].changes[0].templateStatus)
        #expect(envelope.entry[0].time == 1_750_857_999)
        #expect(update.event == "REJECTED")
        #expect(update.messageTemplateID == "1689556908129832")
        #expect(update.rejectionReason == "INVALID_FORMAT")
        let other = envelope.entry[1].changes[0]
        #expect(other.field == "business_capability_update")
        guard case .other(let raw) = other.value else { Issue.record("expected raw value"); return }
        #expect(raw["max_daily_conversations_per_business"] == .number(2000))
    }

    // Reference sections 4 and 7: user preferences, quality and account updates, each typed, in both eras; a value
    // in a shape we do not know stays raw instead of making the envelope unreadable.
    @Test func decodesPreferenceQualityAndAccountUpdates() throws {
        let envelope = try decode(#"""
            {"object":"whatsapp_business_account","entry":[
              {"id":"102290129340398","changes":[{"field":"user_preferences","value":{"messaging_product":"whatsapp",
                "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
                "contacts":[{"profile":{"name":"Ana Lima"},"wa_id":"15551234567"}],
                "user_preferences":[{"wa_id":"15551234567","detail":"User requested to stop marketing messages",
                                     "category":"marketing_messages","value":"stop","timestamp":1739321024}]}}]},
              {"id":"102290129340398","time":1739321024,"changes":[
                {"field":"phone_number_quality_update","value":{"display_phone_number":"15550783881","event":"DOWNGRADE","old_limit":"TIER_10K","current_limit":"TIER_2K"}},
                {"field":"phone_number_quality_update","value":{"display_phone_number":15550783881,"event":"UPGRADE","max_daily_conversations_per_business":"TIER_100K"}},
                {"field":"phone_number_quality_update","value":{"display_phone_number":"15550783881","event":"FLAGGED","max_daily_conversations_per_business":2000}},
                {"field":"phone_number_quality_update","value":{"display_phone_number":"15550783881","event":"UPGRADE","current_limit":"TIER_<script>"}},
                {"field":"account_update","value":{"phone_number":"15550783881","event":"DISABLED_UPDATE","ban_info":{"waba_ban_state":["DISABLE"],"waba_ban_date":"2026-01-01"}}},
                {"field":"account_update","value":{"event":"ACCOUNT_RESTRICTION","restriction_info":[{"restriction_type":"RESTRICTED_BIZ_INITIATED_MESSAGING","expiration":1739921024}]}},
                {"field":"account_update","value":{"event":"ACCOUNT_VIOLATION","violation_info":{"violation_type":"SCAM"}}},
                {"field":"account_update","value":{"ban_info":"not an object"}}]}]}
            """#)
        guard case .userPreferences(let preferences) = envelope.entry[0].changes[0].value else { Issue.record("user_preferences not typed"); return }
        #expect(preferences.metadata?.phoneNumberID == "106540352242922" && preferences.contacts.first?.profileName == "Ana Lima")
        let preference = try #require(preferences.preferences.first)
        #expect(preference.waID == "15551234567" && preference.value == "stop" && preference.timestamp == "1739321024")
        #expect(preference.category == "marketing_messages" && preference.detail == "User requested to stop marketing messages")
        let changes = envelope.entry[1].changes
        let quality = changes.compactMap { change -> PhoneNumberQualityUpdate? in
            if case .qualityUpdate(let update) = change.value { return update }
            return nil
        }
        #expect(quality.map(\.event) == ["DOWNGRADE", "UPGRADE", "FLAGGED", "UPGRADE"])
        #expect(quality.map(\.tier) == ["TIER_2K", "TIER_100K", nil, nil], "a number or a made-up name is no tier")
        #expect(quality.allSatisfy { $0.displayPhoneNumber == "15550783881" })
        let accounts = changes.compactMap { change -> AccountUpdate? in
            if case .accountUpdate(let update) = change.value { return update }
            return nil
        }
        #expect(accounts.map(\.event) == ["DISABLED_UPDATE", "ACCOUNT_RESTRICTION", "ACCOUNT_VIOLATION"])
        #expect(accounts.map(\.stopsSending) == [true, true, false])
        #expect(accounts[0].banStates == ["DISABLE"] && accounts[1].restrictions == ["RESTRICTED_BIZ_INITIATED_MESSAGING"] && accounts[2].violationType == "SCAM")
        guard case .other = changes[7].value else { Issue.record("an unreadable account_update should stay raw"); return }
    }

    @Test func garbageThrowsInsteadOfCrashing() {
        for body in ["", "<html>", "{\"object\":1}", "{\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"statuses\":[{}]}}]}]}"] {
            #expect(throws: (any Error).self) { try decode(body) }
        }
    }
}
