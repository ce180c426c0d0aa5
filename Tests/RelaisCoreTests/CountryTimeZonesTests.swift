import Foundation
import RelaisCore
import Testing

@Suite struct CountryTimeZonesTests {
    @Test func everyEntryResolves() {
        let unresolved = CountryTimeZones.identifiers.filter { TimeZone(identifier: $0.value) == nil }
        #expect(unresolved.isEmpty)
    }

    @Test func everyInhabitedISOCountryHasAZone() {
        // Bouvet and Heard Islands have no people and no tzdata zone.
        #expect(Set(CountryTimeZones.identifiers.keys) == ISORegions.all.subtracting(["BV", "HM"]))
        #expect(ISORegions.all.subtracting(["BV", "HM"]).allSatisfy { CountryTimeZones.zone(for: $0) != nil })
    }

    @Test(arguments: [
        ("US", "America/New_York"), ("FR", "Europe/Paris"), ("SN", "Africa/Dakar"), ("CI", "Africa/Abidjan"), ("CM", "Africa/Douala"),
        ("MA", "Africa/Casablanca"), ("BR", "America/Sao_Paulo"), ("IN", "Asia/Kolkata"), ("CA", "America/Toronto"), ("RU", "Europe/Moscow"),
        ("AU", "Australia/Sydney"), ("MX", "America/Mexico_City"), ("CD", "Africa/Kinshasa"), ("ID", "Asia/Jakarta"), ("CN", "Asia/Shanghai"),
        ("ES", "Europe/Madrid"), ("fr", "Europe/Paris"),
    ])
    func mostPopulousZone(code: String, identifier: String) {
        #expect(CountryTimeZones.identifiers[code.uppercased()] == identifier)
        #expect(CountryTimeZones.zone(for: code) == TimeZone(identifier: identifier))
    }

    @Test(arguments: ["XX", "", "FRA", "BV"])
    func unknownCodes(code: String) {
        #expect(CountryTimeZones.zone(for: code) == nil)
    }
}
