import WhatsAppTestSupport
import Foundation
import Testing
import WhatsAppCloud

/// Compares our encoding with the reference's hand-written JSON, as parsed objects (key order is irrelevant).
func jsonObject(_ data: Data) throws -> NSDictionary {
    try #require(try JSONSerialization.jsonObject(with: data) as? NSDictionary)
}

@Suite struct OutboundMessageTests {
    @Test func textEncodesLikeReference() throws {
        let message = OutboundMessage(
            to: "15551234567", content: .text(body: "Hi Ana, your order shipped: https://ex.com/t/1", previewURL: true),
            bizOpaqueCallbackData: "c=9;r=1234")
        let expected = #"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"15551234567","type":"text",
             "text":{"body":"Hi Ana, your order shipped: https://ex.com/t/1","preview_url":true},
             "biz_opaque_callback_data":"c=9;r=1234"}
            """#
        #expect(try jsonObject(JSONEncoder().encode(message)) == jsonObject(Data(expected.utf8)))
    }

    @Test func templateEncodesLikeReference() throws {
        let template = TemplateMessage(
            name: "spring_sale", languageCode: "en_US",
            components: [
                .header([.image(.link("https://cdn.ex.com/sale.jpg"))]),
                .body([.text("Ana"), .currency(fallbackValue: "$10.00", code: "USD", amount1000: 10000), .dateTime(fallbackValue: "May 1")]),
                .button(subType: "quick_reply", index: 0, [.payload("STOP_PROMO")]),
                .button(subType: "url", index: 1, [.text("ana-2025")]),
            ])
        let message = OutboundMessage(to: "15551234567", content: .template(template), bizOpaqueCallbackData: "c=9;r=1234")
        let expected = #"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"15551234567","type":"template",
             "biz_opaque_callback_data":"c=9;r=1234",
             "template":{"name":"spring_sale","language":{"code":"en_US"},
              "components":[
               {"type":"header","parameters":[{"type":"image","image":{"link":"https://cdn.ex.com/sale.jpg"}}]},
               {"type":"body","parameters":[
                  {"type":"text","text":"Ana"},
                  {"type":"currency","currency":{"fallback_value":"$10.00","code":"USD","amount_1000":10000}},
                  {"type":"date_time","date_time":{"fallback_value":"May 1"}}]},
               {"type":"button","sub_type":"quick_reply","index":"0",
                  "parameters":[{"type":"payload","payload":"STOP_PROMO"}]},
               {"type":"button","sub_type":"url","index":"1",
                  "parameters":[{"type":"text","text":"ana-2025"}]}]}}
            """#
        #expect(try jsonObject(JSONEncoder().encode(message)) == jsonObject(Data(expected.utf8)))
    }

    @Test func mediaAndInteractiveEncodeLikeReference() throws {
        let document = OutboundMessage(
            to: "15551234567", content: .document(.link("https://cdn.ex.com/inv-77.pdf", caption: "Invoice", filename: "invoice-77.pdf")))
        let expectedDocument = #"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"15551234567","type":"document",
             "document":{"link":"https://cdn.ex.com/inv-77.pdf","filename":"invoice-77.pdf","caption":"Invoice"}}
            """#
        #expect(try jsonObject(JSONEncoder().encode(document)) == jsonObject(Data(expectedDocument.utf8)))
        let buttons = InteractiveButtons(
            headerText: "Delivery slot", body: "Which day suits you?", footer: "Reply anytime",
            buttons: [.init(id: "slot_mon", title: "Monday"), .init(id: "slot_tue", title: "Tuesday")])
        let interactive = OutboundMessage(to: "15551234567", content: .interactiveButtons(buttons))
        let expectedInteractive = #"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"15551234567","type":"interactive",
             "interactive":{"type":"button",
               "header":{"type":"text","text":"Delivery slot"},
               "body":{"text":"Which day suits you?"},
               "footer":{"text":"Reply anytime"},
               "action":{"buttons":[{"type":"reply","reply":{"id":"slot_mon","title":"Monday"}},
                                     {"type":"reply","reply":{"id":"slot_tue","title":"Tuesday"}}]}}}
            """#
        #expect(try jsonObject(JSONEncoder().encode(interactive)) == jsonObject(Data(expectedInteractive.utf8)))
    }

    @Test func namedParameterCarriesParameterName() throws {
        let component = TemplateComponent.body([.text("Ana", name: "first_name")])
        let object = try jsonObject(JSONEncoder().encode(component))
        let parameter = try #require((object["parameters"] as? [NSDictionary])?.first)
        #expect(parameter == ["type": "text", "parameter_name": "first_name", "text": "Ana"])
    }

    @Test func callbackDataOver512CharactersIsRefused() throws {
        let ok = OutboundMessage(to: "15551234567", content: .text(body: "x"), bizOpaqueCallbackData: String(repeating: "a", count: 512))
        try ok.validate()
        let tooLong = OutboundMessage(to: "15551234567", content: .text(body: "x"), bizOpaqueCallbackData: String(repeating: "a", count: 513))
        #expect(throws: WhatsAppError.self) { try tooLong.validate() }
        do {
            try tooLong.validate()
        } catch {
            #expect(error.disposition == .invalidRequest)
            #expect(error.failure == .invalidRequest)
        }
    }
}
