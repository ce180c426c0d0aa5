import Foundation
import RelaisCore

/// The options of an import form, validated: `default_country`, `mapping` (JSON), `tags` (comma-separated),
/// `consent` (`opted_in|unknown`), `consent_source`, `on_duplicate` (`skip|update`), `sheet`.
enum ImportRequest {
    static func options(_ fields: [String: String], companyCountry: String) throws -> ContactImportOptions {
        var issues = ValidationCollector()
        func value(_ key: String) -> String? {
            guard let raw = fields[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else { return nil }
            return raw
        }
        var country = companyCountry
        if let raw = value("default_country") {
            if raw.count == 2, PhoneNumberParser().isKnownRegion(raw) { country = raw.uppercased() } else { issues.add("default_country", "error.country.invalid") }
        }
        var mapping: [String: String] = [:]
        if let raw = value("mapping") {
            if let object = (try? JSONSerialization.jsonObject(with: Data(raw.utf8))) as? [String: String], object.count <= 1000,
                object.values.allSatisfy({ ImportColumn(mappingValue: $0) != nil })
            {
                mapping = object
                if object.values.filter({ $0 == "phone" }).count != 1 { issues.add("mapping", "error.import.mapping_phone") }
            } else {
                issues.add("mapping", "error.field.invalid")
            }
        }
        let tags = (value("tags") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if tags.count > 20 || tags.contains(where: { $0.count > 64 }) { issues.add("tags", "error.field.invalid") }
        var consent = ConsentStatus.unknown
        if let raw = value("consent") {
            if raw == "opted_in" || raw == "unknown" { consent = ConsentStatus(rawValue: raw)! } else { issues.add("consent", "error.field.invalid") }
        }
        let source = value("consent_source")
        if (source?.count ?? 0) > 200 { issues.add("consent_source", "error.too_long") }
        if consent == .optedIn, source == nil { issues.add("consent_source", "error.required") }
        var policy = DuplicatePolicy.skip
        if let raw = value("on_duplicate") {
            if let parsed = DuplicatePolicy(rawValue: raw) { policy = parsed } else { issues.add("on_duplicate", "error.field.invalid") }
        }
        try issues.check()
        var seen = Set<String>()
        return ContactImportOptions(
            defaultCountry: country, mapping: mapping, tags: tags.filter { seen.insert($0.lowercased()).inserted }, consent: consent,
            consentSource: source, onDuplicate: policy, sheet: value("sheet"))
    }
}
