import RelaisCore
import Testing

@Suite struct VariableExpressionTests {
    let zoe = RecipientFields(
        name: "Zoé Lefèvre", firstName: "Zoé", lastName: "Lefèvre", phone: "+33612345678", email: "zoe@example.fr", country: "FR",
        language: "fr", attributes: ["promo": "PRINTEMPS20", "city": "Lyon", "blank": "  "])
    let bare = RecipientFields(
        name: "+221 77 000", firstName: nil, lastName: "  ", phone: "+221770000000", email: nil, country: nil,
        language: nil, attributes: [:])

    func render(_ source: String, _ fields: RecipientFields) throws -> VariableRendering {
        try VariableExpression(parsing: source).render(fields)
    }

    @Test func textAroundTokens() throws {
        let rendering = try render("Bonjour {name}, code {attr.promo} !", zoe)
        #expect(rendering == VariableRendering(text: "Bonjour Zoé Lefèvre, code PRINTEMPS20 !", usedFallback: false, missingFields: []))
        #expect(try render("-20 %", zoe).text == "-20 %")
        #expect(try render("", zoe).text == "")
        #expect(try render("{first_name}{last_name}", zoe).text == "ZoéLefèvre")
        #expect(try render("a } b", zoe).text == "a } b")
    }

    @Test func everyKnownField() throws {
        let rendering = try render("{name}/{first_name}/{last_name}/{phone}/{email}/{country}/{language}", zoe)
        #expect(rendering.text == "Zoé Lefèvre/Zoé/Lefèvre/+33612345678/zoe@example.fr/FR/fr")
    }

    @Test func attributesByPrefixOrBareName() throws {
        #expect(try render("{attr.promo}|{attributes.promo}|{promo}|{city}", zoe).text == "PRINTEMPS20|PRINTEMPS20|PRINTEMPS20|Lyon")
        // Keys are exact: a prefix is not stripped twice and case matters.
        #expect(try render("{attr.attr.promo}", zoe).missingFields == ["attr.attr.promo"])
        #expect(try render("{City}", zoe).missingFields == ["City"])
    }

    @Test func fallbacksFillOnlyWhatIsMissing() throws {
        #expect(try render("{first_name|client}", zoe) == VariableRendering(text: "Zoé", usedFallback: false, missingFields: []))
        #expect(try render("{first_name|client}", bare) == VariableRendering(text: "client", usedFallback: true, missingFields: []))
        // Whitespace-only counts as missing, for fixed fields and attributes alike.
        #expect(try render("{last_name|?}", bare).text == "?")
        #expect(try render("{attr.blank|rien}", zoe).text == "rien")
        // The fallback is kept as written, spaces and `{` included (only `}` ends it).
        #expect(try render("{first_name| cher client {x }", bare).text == " cher client {x ")
    }

    @Test func missingFieldsAreReportedOnceInOrder() throws {
        let rendering = try render("{email} {first_name|toi} {city} {email}", bare)
        #expect(rendering == VariableRendering(text: " toi  ", usedFallback: true, missingFields: ["email", "city"]))
    }

    @Test func unicodeValuesAndFallbacks() throws {
        let people = RecipientFields(name: "مرحبا", firstName: "שָׁלוֹם", phone: "+972500000000", attributes: ["wave": "👋🏽"])
        #expect(try render("{wave} {name} {first_name}", people).text == "👋🏽 مرحبا שָׁלוֹם")
        #expect(try render("{last_name|👋🏽 Zoé}", people).text == "👋🏽 Zoé")
        #expect(try render("{last_name|مرحبا}!", people).text == "مرحبا!")
        #expect(try render("{last_name|שלום}", people).text == "שלום")
        // Positions count characters as seen: the emoji with its skin tone is one.
        #expect(throws: VariableExpressionError.invalidToken(at: 2)) { try VariableExpression(parsing: "👋🏽 {é}") }
    }

    @Test(arguments: [
        ("{", VariableExpressionError.unclosedBrace(at: 0)),
        ("Bonjour {name", .unclosedBrace(at: 8)),
        ("{name|client", .unclosedBrace(at: 0)),
        ("ok {a} {b|x", .unclosedBrace(at: 7)),
        ("{}", .invalidToken(at: 0)),
        ("{ name}", .invalidToken(at: 0)),
        ("a {first name}", .invalidToken(at: 2)),
        ("{1abc}", .invalidToken(at: 0)),
        ("{prénom}", .invalidToken(at: 0)),
        ("{{name}}", .invalidToken(at: 0)),
        ("{attr.}", .invalidToken(at: 0)),
        ("{attributes.|x}", .invalidToken(at: 0)),
        ("{name|}", .emptyFallback(at: 0)),
        ("x{city|}y", .emptyFallback(at: 1)),
    ])
    func parseErrors(source: String, error: VariableExpressionError) {
        #expect(throws: error) { try VariableExpression(parsing: source) }
    }

    @Test func lengthLimit() throws {
        let huge = String(repeating: "{name} ", count: 100 * 1024 / 7)
        #expect(throws: VariableExpressionError.tooLong(limit: 1024)) { try VariableExpression(parsing: huge) }
        let limit = String(repeating: "é", count: VariableExpression.maximumLength)
        #expect(try VariableExpression(parsing: limit).source == limit)
        #expect(throws: VariableExpressionError.tooLong(limit: 1024)) { try VariableExpression(parsing: limit + "é") }
    }

    @Test func fieldsInOrderOfFirstUse() throws {
        #expect(try VariableExpression(parsing: "{city} {first_name|x} {city} {attr.promo}").fields == ["city", "first_name", "attr.promo"])
        #expect(try VariableExpression(parsing: "no tokens").fields.isEmpty)
    }
}
