import RelaisCore
import Testing

@Suite struct AccountRulesTests {
    @Test(arguments: ["ana@acme.fr", " Ana@Acme.FR ", "a.b+tag@sub.example.co.uk"])
    func acceptsAndLowercasesEmails(_ raw: String) throws {
        let email = try #require(EmailAddress(raw))
        #expect(email.value == email.value.lowercased())
        #expect(!email.value.contains(" "))
    }

    @Test(arguments: ["", "ana", "ana@", "@acme.fr", "ana@acme", "a b@acme.fr", "ana@@acme.fr", "ana@acme..fr", "<script>@x.io", "ana@.fr"])
    func rejectsMalformedEmails(_ raw: String) {
        #expect(EmailAddress(raw) == nil)
    }

    @Test func signupReportsEveryBrokenRuleAtOnce() {
        #expect(throws: ValidationFailure([
            .init(field: "company", code: "error.required"), .init(field: "name", code: "error.required"),
            .init(field: "email", code: "error.email.invalid"), .init(field: "password", code: "error.password.too_short"),
        ])) {
            try Signup.validate(company: " ", name: nil, email: "nope", password: "short")
        }
    }

    @Test func signupCleansNames() throws {
        let signup = try Signup.validate(company: "  Café \u{0007} du   Port ", name: "Zoé", email: "z@cafe.fr", password: "0123456789")
        #expect(signup.company == "Café du Port")
        #expect(signup.email.value == "z@cafe.fr")
    }

    @Test func passwordPolicyBounds() {
        #expect(PasswordPolicy.violation(of: String(repeating: "a", count: 9)) == "error.password.too_short")
        #expect(PasswordPolicy.violation(of: String(repeating: "a", count: 10)) == nil)
        #expect(PasswordPolicy.violation(of: String(repeating: "a", count: 257)) == "error.password.too_long")
        #expect(PasswordPolicy.violation(of: String(repeating: " ", count: 12)) == "error.password.blank")
    }

    @Test(arguments: [
        ("fr-CH,fr;q=0.9,en;q=0.8", Language.fr), ("en-US,en;q=0.9", .en), ("de-DE,fr;q=0.5", .fr), ("de", .en), ("", .en),
        ("en;q=0.2, fr;q=0.8", .fr), ("fr;q=0", .en),
    ])
    func picksTheLanguageFromAcceptLanguage(header: String, expected: Language) {
        #expect(Language.preferred(acceptLanguage: header) == expected)
    }
}
