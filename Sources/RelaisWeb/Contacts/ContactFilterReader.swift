import Foundation
import Hummingbird
import RelaisCore
import RelaisStore

/// Reads a `ContactFilter` from a JSON object (a segment's `filter`, a bulk action's `filter`) or from the
/// query string of a list or an export, reporting every bad key as a 422 issue.
enum ContactFilterReader {
    static let segmentKeys = ContactFilter.segmentKeys

    /// Reads `object`; `prefix` names the enclosing field in issues (`filter.consent`).
    static func read(_ object: [String: Any], prefix: String, allowQuery: Bool = false) throws -> ContactFilter {
        var issues = ValidationCollector()
        var filter = ContactFilter()
        let allowed = allowQuery ? segmentKeys.union(["q"]) : segmentKeys
        for key in object.keys.sorted() where !allowed.contains(key) { issues.add(prefix + key, "error.field.unknown") }
        func names(_ key: String) -> [String]? {
            guard let value = object[key], !(value is NSNull) else { return nil }
            guard let list = value as? [String], list.count <= 50, list.allSatisfy({ !$0.isEmpty && $0.count <= 64 }) else {
                issues.add(prefix + key, "error.field.invalid")
                return nil
            }
            return list.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        filter.tagsAny = names("tags_any")
        filter.tagsAll = names("tags_all")
        filter.tagsNone = names("tags_none")
        if let raw = object["q"] as? String, !raw.isEmpty { filter.query = String(raw.prefix(100)) }
        if let raw = object["consent"], !(raw is NSNull) {
            if let text = raw as? String, let status = ConsentStatus(rawValue: text) { filter.consent = status } else { issues.add(prefix + "consent", "error.field.invalid") }
        }
        if let raw = object["country"], !(raw is NSNull) {
            if let text = (raw as? String)?.uppercased(), PhoneNumberParser().isKnownRegion(text), text.count == 2 {
                filter.country = text
            } else {
                issues.add(prefix + "country", "error.country.invalid")
            }
        }
        if let raw = object["attributes"], !(raw is NSNull) {
            if let map = raw as? [String: String], map.count <= 20 { filter.attributes = map } else { issues.add(prefix + "attributes", "error.field.invalid") }
        }
        if let raw = object["created_after"], !(raw is NSNull) {
            if let text = raw as? String, let date = parseDate(text) { filter.createdAfter = date } else { issues.add(prefix + "created_after", "error.field.invalid") }
        }
        if let raw = object["engaged_within_days"], !(raw is NSNull) {
            if let days = raw as? Int, (1...3650).contains(days) { filter.engagedWithinDays = days } else {
                issues.add(prefix + "engaged_within_days", "error.field.invalid")
            }
        }
        try issues.check()
        return filter
    }

    /// Reads the filter of a list or export query string: `q`, `tag` (repeatable, any of), `tags_any`, `tags_all`,
    /// `tags_none` (comma-separated), `consent`, `country`, `attr.KEY=value`, `created_after`, `engaged_within_days`.
    static func read(query request: Request) throws -> ContactFilter {
        let parameters = request.uri.queryParameters
        var object: [String: Any] = [:]
        func list(_ key: String) -> [String]? {
            let values = parameters.getAll(key).flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
                .filter { !$0.isEmpty }
            return values.isEmpty ? nil : values
        }
        if let q = parameters.get("q") { object["q"] = q }
        let anyTags = (list("tag") ?? []) + (list("tags_any") ?? [])
        if !anyTags.isEmpty { object["tags_any"] = anyTags }
        if let all = list("tags_all") { object["tags_all"] = all }
        if let none = list("tags_none") { object["tags_none"] = none }
        for key in ["consent", "country", "created_after"] { if let value = parameters.get(key), !value.isEmpty { object[key] = value } }
        if let days = parameters.get("engaged_within_days") { object["engaged_within_days"] = Int(days) ?? -1 }
        var attributes: [String: String] = [:]
        for (key, value) in parameters where key.hasPrefix("attr.") { attributes[String(key.dropFirst(5))] = String(value) }
        if !attributes.isEmpty { object["attributes"] = attributes }
        return try read(object, prefix: "", allowQuery: true)
    }

    /// A filter as JSON, the shape segments answer with.
    static func json(_ filter: ContactFilter) -> [String: Any] {
        var object: [String: Any] = [:]
        if let value = filter.tagsAny { object["tags_any"] = value }
        if let value = filter.tagsAll { object["tags_all"] = value }
        if let value = filter.tagsNone { object["tags_none"] = value }
        if let value = filter.consent { object["consent"] = value.rawValue }
        if let value = filter.country { object["country"] = value }
        if let value = filter.attributes { object["attributes"] = value }
        if let value = filter.createdAfter { object["created_after"] = ISO8601DateFormatter().string(from: value) }
        if let value = filter.engagedWithinDays { object["engaged_within_days"] = value }
        return object
    }

    static func parseDate(_ text: String) -> Date? {
        if let date = ISO8601DateFormatter().date(from: text) { return date }
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_US_POSIX")
        day.timeZone = TimeZone(identifier: "UTC")
        day.dateFormat = "yyyy-MM-dd"
        return day.date(from: text)
    }
}
