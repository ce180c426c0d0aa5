import RelaisCore
import Testing

@Suite struct TemplateRulesTests {
    func draft(
        name: String = "spring_sale", category: String = "MARKETING", language: String = "fr", body: String = "Bonjour {{1}}, -20 % sur tout avec le code {{2}} !",
        header: String? = nil, footer: String? = nil, buttons: [TemplateDraft.Button] = [], named: Bool = false
    ) -> TemplateDraft {
        TemplateDraft(
            name: name, category: category, language: language, headerFormat: header == nil ? nil : .text, headerText: header, body: body,
            footer: footer, buttons: buttons, namedParameters: named)
    }

    func codes(_ draft: TemplateDraft) -> Set<String> { Set(TemplateRules.issues(draft).map(\.code)) }

    @Test func aGoodTemplatePasses() {
        #expect(TemplateRules.issues(draft(header: "Soldes {{1}}", footer: "Répondez STOP pour vous désinscrire",
            buttons: [.init(type: "QUICK_REPLY", text: "Stop promotions"), .init(type: "URL", text: "Voir", url: "https://ex.com/{{1}}")])).isEmpty)
        #expect(TemplateRules.issues(draft(body: "Hello {{first_name}}, your order {{order_id}} has shipped today.", named: true)).isEmpty)
    }

    @Test(arguments: [
        ("Spring Sale", "error.template.name"), ("soldes-été", "error.template.name"), ("", "error.template.name"),
    ])
    func namesAreLowercaseWordsAndUnderscores(name: String, code: String) {
        #expect(codes(draft(name: name)).contains(code))
    }

    @Test func bodyRules() {
        #expect(codes(draft(body: "{{1}} bonjour et bienvenue chez nous")).contains("error.template.variable_at_edge"))
        #expect(codes(draft(body: "Bonjour et bienvenue chez nous {{1}}")).contains("error.template.variable_at_edge"))
        #expect(codes(draft(body: "Bonjour {{1}} et {{3}} pour la fête de ce soir")).contains("error.template.variable_sequence"))
        #expect(codes(draft(body: "Bonjour {{x}} et bienvenue chez nous ce soir")).contains("error.template.variable_sequence"))
        #expect(codes(draft(body: "Hi {{1}} {{2}} {{3}} ok")).contains("error.template.variable_density"))
        #expect(codes(draft(body: String(repeating: "a", count: 1025))).contains("error.template.body_length"))
        #expect(codes(draft(body: "  ")).contains("error.required"))
        #expect(codes(draft(body: "Hello {{First Name}}, welcome to our shop today", named: true)).contains("error.template.variable_name"))
    }

    @Test func headerFooterAndButtons() {
        #expect(codes(draft(header: String(repeating: "h", count: 61))).contains("error.template.header_length"))
        #expect(codes(draft(header: "{{1}} et {{2}}")).contains("error.template.header_variables"))
        #expect(codes(draft(footer: "Merci {{1}}")).contains("error.template.footer_variables"))
        let many = (0..<11).map { TemplateDraft.Button(type: "QUICK_REPLY", text: "B\($0)") }
        #expect(codes(draft(buttons: many)).contains("error.template.too_many_buttons"))
        #expect(codes(draft(buttons: [.init(type: "URL", text: "Go", url: "ftp://x")])).contains("error.template.button_url"))
        #expect(codes(draft(buttons: [.init(type: "QUICK_REPLY", text: String(repeating: "x", count: 26))])).contains("error.template.button_text"))
        #expect(codes(draft(buttons: [.init(type: "TELEPORT", text: "Go")])).contains("error.template.button_type"))
    }

    @Test(arguments: [("fr", true), ("en_US", true), ("pt_BR", true), ("FR", false), ("en-US", false), ("english", false), ("e", false)])
    func languageCodes(code: String, valid: Bool) {
        #expect(codes(draft(language: code)).contains("error.template.language") == !valid)
    }

    @Test(arguments: [("STOP", true), ("stop", true), (" Stop! ", true), ("Arrêt", true), ("arret", true), ("DÉSINSCRIRE", true),
                      ("désinscrire.", true), ("unsubscribe", true), ("Don't stop", false), ("STOPPED", false), ("", false), ("🛑", false)])
    func optOutKeywords(text: String, matches: Bool) {
        #expect(OptOutKeywords().matches(text) == matches)
    }
}
