import RelaisCore
import Testing

@Suite struct TemplateTextTests {
    @Test func numberedPlaceholders() {
        #expect(TemplateText.fill("Bonjour {{1}}, code {{2}} !", with: ["Zoé", "PRINTEMPS20"]) == "Bonjour Zoé, code PRINTEMPS20 !")
        // The number, not the position, picks the value; a repeated number repeats it.
        #expect(TemplateText.fill("{{2}} puis {{1}} puis {{2}}", with: ["a", "b"]) == "b puis a puis b")
        #expect(TemplateText.fill("Hi {{ 1 }}", with: ["👋🏽"]) == "Hi 👋🏽")
    }

    @Test func namedPlaceholdersTakeValuesByFirstAppearance() {
        let text = "Hello {{first_name}}, order {{order_id}} for {{first_name}}"
        #expect(TemplateText.fill(text, with: ["مرحبا", "A-42"]) == "Hello مرحبا, order A-42 for مرحبا")
    }

    @Test func placeholdersWithoutValueStay() {
        #expect(TemplateText.fill("{{1}} et {{2}} et {{3}}", with: ["x"]) == "x et {{2}} et {{3}}")
        #expect(TemplateText.fill("{{a}} {{b}}", with: ["1"]) == "1 {{b}}")
        #expect(TemplateText.fill("{{0}} {{}} {{x y}}", with: ["v"]) == "{{0}} {{}} {{x y}}")
    }

    @Test func unclosedOrPlainTextIsKept() {
        #expect(TemplateText.fill("Promo {{1", with: ["x"]) == "Promo {{1")
        #expect(TemplateText.fill("no placeholder }} {", with: ["x"]) == "no placeholder }} {")
        #expect(TemplateText.fill("", with: []) == "")
    }
}
