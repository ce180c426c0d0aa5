import RelaisCore
import Testing

@Suite struct CampaignContentTests {
    let awa = RecipientFields(name: "Awa Diop", firstName: "Awa", phone: "+221770000000", attributes: ["promo": "TABASKI"])
    let nameless = RecipientFields(name: "", phone: "+221770000001")

    func content(header: [String] = [], body: [String], buttons: [String] = []) -> CampaignContent {
        CampaignContent(templateName: "spring_sale", language: "fr", header: header, body: body, buttons: buttons)
    }

    @Test func validContentHasNoIssue() {
        #expect(content(header: ["{first_name|Bonjour}"], body: ["{name}", "-20 %"], buttons: ["{attr.promo}"]).validate().isEmpty)
    }

    @Test func issuesNameTheParameterAndTheRule() {
        let broken = content(
            header: ["{first_name"], body: ["ok", "{first name}", "{x|}", String(repeating: "a", count: 1025)], buttons: [" "])
        #expect(
            broken.validate() == [
                ValidationIssue(field: "variables.header.0", code: "error.variable.unclosed"),
                ValidationIssue(field: "variables.body.1", code: "error.variable.invalid"),
                ValidationIssue(field: "variables.body.2", code: "error.variable.empty_fallback"),
                ValidationIssue(field: "variables.body.3", code: "error.variable.too_long"),
                ValidationIssue(field: "variables.buttons.0", code: "error.required"),
            ])
    }

    @Test func renderFillsEveryParameter() {
        let rendered = content(header: ["{first_name|Bonjour}"], body: ["{name}", "-20 %"], buttons: ["{attr.promo}"]).render(awa)
        #expect(
            rendered
                == RenderedContent(
                    header: ["Awa"], body: ["Awa Diop", "-20 %"], buttons: ["TABASKI"], usedFallback: false,
                    missingFields: []))
        #expect(rendered.isSendable)
    }

    @Test func fallbacksAndMissingFieldsAcrossParameters() {
        let rendered = content(header: ["{first_name|Bonjour}"], body: ["{name}", "{email}"], buttons: ["{attr.promo}", "{name}"])
            .render(nameless)
        #expect(rendered.header == ["Bonjour"])
        #expect(rendered.usedFallback)
        #expect(rendered.missingFields == ["name", "email", "attr.promo"])
        #expect(!rendered.isSendable)
    }

    @Test func blankParameterIsNotSendable() {
        // Nothing is missing, yet the second parameter renders empty: Meta would refuse it.
        let rendered = content(body: ["{first_name}", ""]).render(awa)
        #expect(rendered.missingFields.isEmpty)
        #expect(!rendered.isSendable)
        #expect(!RenderedContent(header: [], body: [" \n"], buttons: [], usedFallback: false, missingFields: []).isSendable)
        #expect(RenderedContent(header: [], body: [], buttons: [], usedFallback: false, missingFields: []).isSendable)
    }

    @Test func unparsableExpressionRendersLiterally() {
        let rendered = content(body: ["{first_name", "{first_name}"]).render(awa)
        #expect(rendered.body == ["{first_name", "Awa"])
        #expect(rendered.isSendable)
    }
}
