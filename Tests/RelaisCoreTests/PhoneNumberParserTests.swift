import Foundation
import Testing

@testable import RelaisCore

/// Behaviour of the parser beyond one country: characters, spreadsheet artefacts, extensions, errors.
@Suite("Phone number parser")
struct PhoneNumberParserTests {
    let parser = PhoneNumberParser()

    @Test(
        "separators, Unicode digits and spaces",
        arguments: [
            ("06\u{00A0}12\u{00A0}34\u{00A0}56\u{00A0}78", "FR"),
            ("06\u{202F}12\u{2009}34\u{2007}56\u{3000}78", "FR"),
            ("０６１２３４５６７８", "FR"),
            ("＋３３　６　１２　３４　５６　７８", "FR"),
            ("\u{FEFF}\u{200E}06 12 34 56 78\u{200B}", "FR"),
            ("'0612345678", "FR"),
            ("\"06 12 34 56 78\"", "FR"),
            ("06–12–34–56–78", "FR"),
            ("tel:+33-6-12-34-56-78", nil),
            ("TEL:0612345678", "FR"),
            ("[+33] 6 12 34 56 78", nil),
            ("  +33 6 12 34 56 78\t", nil),
            ("3.3612345678E10", "FR"),
            ("3,3612345678E+10", "FR"),
            ("33612345678.0", "FR"),
            ("612345678.0", "FR"),
            ("612345678", "FR"),
            ("33612345678", "FR"),
            ("+330612345678", nil),
        ] as [(String, String?)])
    func frenchMobile(_ raw: String, _ region: String?) throws {
        #expect(try parser.parse(raw, defaultRegion: region).e164 == "+33612345678")
    }

    @Test("Arabic-Indic digits from Maghreb spreadsheets")
    func arabicIndicDigits() throws {
        #expect(try parser.parse("٠٦١٢٣٤٥٦٧٨", defaultRegion: "MA").e164 == "+212612345678")
        #expect(try parser.parse("۰۶۱۲۳۴۵۶۷۸", defaultRegion: "MA").e164 == "+212612345678")
    }

    @Test("a float with all its digits is read back, from any region that owns the code")
    func spreadsheetFloats() throws {
        #expect(try parser.parse("2.21771234567E+11", defaultRegion: "SN").e164 == "+221771234567")
        #expect(try parser.parse("2.250707123456E12", defaultRegion: "CI").e164 == "+2250707123456")
    }

    @Test("regional international prefixes, and the own calling code wins an ambiguous reading")
    func internationalPrefixes() throws {
        #expect(try parser.parse("0057 321 123 4567", defaultRegion: "CO").e164 == "+573211234567")
        #expect(try parser.parse("005 33 6 12 34 56 78", defaultRegion: "CO").e164 == "+33612345678")
        #expect(try parser.parse("0011 33 6 12 34 56 78", defaultRegion: "AU").e164 == "+33612345678")
        #expect(try parser.parse("0412 345 678", defaultRegion: "AU").e164 == "+61412345678")
        #expect(try parser.parse("8 029 491-19-11", defaultRegion: "BY").e164 == "+375294911911")
    }

    @Test(
        "rejected writings and their precise error",
        arguments: [
            ("", "FR", PhoneNumberError.empty),
            ("   ", "FR", .empty),
            ("( ) - .", "FR", .empty),
            ("+", "FR", .invalidCharacter("+")),
            ("abc", "FR", .invalidCharacter("a")),
            ("06 12 34 56 7A", "FR", .invalidCharacter("A")),
            ("06+12 34 56 78", "FR", .invalidCharacter("+")),
            ("john@example.com", "FR", .invalidCharacter("j")),
            ("1-800-FLOWERS", "US", .invalidCharacter("F")),
            ("06 12 34 56 78, 07 12 34 56 78", "FR", .invalidCharacter(",")),
            ("01 42 68 53 00 poste 123", "FR", .extensionNotAllowed),
            ("+1 212 555 0123 ext. 45", nil, .extensionNotAllowed),
            ("(212) 555-0123 x45", "US", .extensionNotAllowed),
            ("+33142685300;ext=12", nil, .extensionNotAllowed),
            ("0142685300 #12", "FR", .extensionNotAllowed),
            ("3.36123E+10", "FR", .lossyScientificNotation("3.36123E+10")),
            ("06 12 34 56 78", nil, .missingDefaultRegion),
            ("33612345678", nil, .missingDefaultRegion),
            ("0612345678", "ZZ", .unknownRegion("ZZ")),
            ("0612345678", "FRA", .unknownRegion("FRA")),
            ("+999 123 456", nil, .unknownCallingCode("999")),
            ("+0612345678", nil, .unknownCallingCode("061")),
            ("+33 6 12 34 56 78 12 34 56 78 90", nil, .tooManyDigits(count: 21)),
            ("221771234567", "FR", .tooLong(region: "FR", callingCode: 33, expectedLengths: [9])),
        ] as [(String, String?, PhoneNumberError)])
    func rejected(_ raw: String, _ region: String?, _ expected: PhoneNumberError) {
        #expect(throws: expected) { try parser.parse(raw, defaultRegion: region) }
    }

    @Test("non-geographic calling codes have no region")
    func nonGeographic() throws {
        let number = try parser.parse("+800 1234 5678", defaultRegion: nil)
        #expect(number.e164 == "+80012345678")
        #expect(number.regionCode == nil)
        #expect(number.callingCode == 800)
    }

    @Test("region helpers")
    func regions() {
        #expect(parser.isKnownRegion("SN"))
        #expect(parser.isKnownRegion("sn"))
        #expect(!parser.isKnownRegion("ZZ"))
        #expect(!parser.isKnownRegion("001"))
        #expect(parser.callingCode(forRegion: "CI") == 225)
        #expect(parser.region("RU")?.trunkPrefix == "8")
        #expect(parser.region("SN")?.trunkPrefix == nil)
        #expect(parser.region("FR")?.nationalNumberLengths == [9])
        #expect(parser.regions(forCallingCode: 44).map(\.code).last == "GB")
        #expect(Set(parser.regions(forCallingCode: 44).map(\.code)) == ["GB", "GG", "JE", "IM"])
    }

    @Test(
        "international display format",
        arguments: [
            ("+33612345678", "+33 6 12 34 56 78"),
            ("+14165550123", "+1 416 555 0123"),
            ("+221771234567", "+221 77 123 45 67"),
            ("+80012345678", "+800 1234 5678"),
        ])
    func internationalFormat(_ e164: String, _ expected: String) throws {
        #expect(parser.internationalFormat(try parser.parse(e164, defaultRegion: nil)) == expected)
    }

    @Test("Codable round trip, and a payload whose parts disagree is refused")
    func codable() throws {
        let number = try parser.parse("+221 77 123 45 67", defaultRegion: nil)
        let data = try JSONEncoder().encode(number)
        let decoded = try JSONDecoder().decode(PhoneNumber.self, from: data)
        #expect(decoded == number)
        #expect(decoded.regionCode == "SN")
        let forged = Data(#"{"e164":"+221771234568","region":"SN","calling_code":221,"national_number":"771234567"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PhoneNumber.self, from: forged) }
    }

    @Test("error codes are stable and reasons exist in both languages")
    func reasons() {
        let error = PhoneNumberError.tooShort(region: "FR", callingCode: 33, expectedLengths: [9])
        #expect(error.code == "error.phone.too_short")
        #expect(error.englishReason == "too short for FR (+33): expected 9 digits after the country code")
        #expect(error.frenchReason == "trop court pour FR (+33) : 9 chiffres attendus après l'indicatif")
        let lengths = PhoneNumberError.tooLong(region: "DE", callingCode: 49, expectedLengths: Array(4...13))
        #expect(lengths.englishReason.contains("4 to 13 digits"))
        #expect(lengths.frenchReason.contains("4 à 13 chiffres"))
        #expect(PhoneNumberError.invalidLength(region: nil, callingCode: 800, expectedLengths: [7, 9]).frenchReason.contains("+800"))
    }
}
