import Foundation
import RelaisCore

/// The body of `POST /api/v1/contacts` and `PATCH /api/v1/contacts/{id}`.
struct ContactBody: StrictDecodable {
    static let fields: Set<String> = [
        "name", "first_name", "last_name", "phone", "country", "email", "language", "tags", "attributes", "consent", "consent_source",
    ]
    var name: String?
    var firstName: String?
    var lastName: String?
    var phone: String?
    var country: String?
    var email: String?
    var language: String?
    var tags: [String]?
    var attributes: [String: String]?
    var consent: String?
    var consentSource: String?

    /// Validates and normalises into a draft; the phone is read with `country`, else the company's default country.
    /// A phone that cannot be valid is a 422 whose detail is the parser's reason.
    func draft(defaultCountry: String, creating: Bool) throws -> ContactDraft {
        var issues = ValidationCollector()
        var draft = ContactDraft()
        func text(_ value: String?, _ field: String, max: Int) -> String? {
            guard let value else { return nil }
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.count > max { issues.add(field, "error.too_long") }
            return trimmed
        }
        draft.name = text(name, "name", max: 200)
        draft.firstName = text(firstName, "first_name", max: 100)
        draft.lastName = text(lastName, "last_name", max: 100)
        if creating, (draft.name ?? "").isEmpty {
            draft.name = [draft.firstName, draft.lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        }
        if let email = text(email, "email", max: 254), !email.isEmpty {
            if EmailAddress(email) == nil { issues.add("email", "error.email.invalid") } else { draft.email = email.lowercased() }
        }
        draft.language = text(language, "language", max: 16)
        if let country {
            let code = country.uppercased()
            if code.count == 2, PhoneNumberParser().isKnownRegion(code) { draft.country = code } else { issues.add("country", "error.country.invalid") }
        }
        if let tags {
            let cleaned = tags.map { $0.trimmingCharacters(in: .whitespaces) }
            if cleaned.count > 50 || cleaned.contains(where: { $0.isEmpty || $0.count > 64 }) { issues.add("tags", "error.field.invalid") }
            var seen = Set<String>()
            draft.tags = cleaned.filter { seen.insert($0.lowercased()).inserted }
        }
        if let attributes {
            if attributes.count > 50 || attributes.contains(where: { $0.key.isEmpty || $0.key.count > 64 || $0.value.count > 1000 }) {
                issues.add("attributes", "error.field.invalid")
            }
            draft.attributes = attributes
        }
        if let consent {
            if let status = ConsentStatus(rawValue: consent) { draft.consent = status } else { issues.add("consent", "error.field.invalid") }
        }
        draft.consentSource = text(consentSource, "consent_source", max: 200)
        if creating, phone == nil { issues.add("phone", "error.required") }
        try issues.check()
        if let phone {
            do throws(PhoneNumberError) {
                let number = try PhoneNumberParser().parse(phone, defaultRegion: draft.country ?? defaultCountry)
                draft.phone = number.e164
                if draft.country == nil { draft.country = number.regionCode }
            } catch {
                throw Problem(
                    status: .unprocessableContent, code: "error.validation", detail: error.englishReason,
                    issues: [ValidationIssue(field: "phone", code: error.code)])
            }
        }
        return draft
    }
}
