import Testing

@testable import RelaisCore

/// The normaliser against real-world writings of the markets issue 4 names, one case per writing.
@Suite("Phone numbers by country")
struct PhoneNumberCountryTests {
    let parser = PhoneNumberParser()

    static let requiredCountries = [
        "FR", "BE", "CH", "CA", "SN", "CI", "CM", "MA", "DZ", "TN",
        "CD", "ML", "MG", "NG", "KE", "IN", "BR", "US", "GB", "DE",
    ]

    @Test("valid and invalid writings", arguments: PhoneNumberWriting.africa + PhoneNumberWriting.world)
    func writing(_ writing: PhoneNumberWriting) {
        let result = Result { () throws(PhoneNumberError) in try parser.parse(writing.raw, defaultRegion: writing.defaultRegion) }
        switch (writing.expected, result) {
        case (.number(let e164, let region), .success(let number)):
            #expect(number.e164 == e164)
            #expect(number.regionCode == region)
            #expect(number.e164 == "+\(number.callingCode)\(number.nationalNumber)")
        case (.failure(let expected), .failure(let error)):
            #expect(error == expected)
        case (.number(let e164, _), .failure(let error)):
            Issue.record("expected \(e164), got \(error)")
        case (.failure(let expected), .success(let number)):
            Issue.record("expected \(expected), got \(number.e164)")
        }
    }

    /// Each required country has a national writing, `+`, `00`, and at least one rejected writing.
    @Test("every required country is covered", arguments: requiredCountries)
    func coverage(_ country: String) {
        let writings = (PhoneNumberWriting.africa + PhoneNumberWriting.world).filter { writing in
            switch writing.expected {
            case .number(_, let region): region == country
            case .failure(let error): error.region == country
            }
        }
        let valid = writings.filter { if case .number = $0.expected { true } else { false } }
        #expect(valid.contains { $0.defaultRegion == country && !$0.raw.hasPrefix("+") && !$0.raw.hasPrefix("00") })
        #expect(valid.contains { $0.raw.hasPrefix("+") })
        #expect(valid.contains { $0.raw.hasPrefix("00") })
        #expect(writings.contains { if case .failure = $0.expected { true } else { false } })
    }
}

extension PhoneNumberError {
    /// The region an error names, for the coverage check.
    fileprivate var region: String? {
        switch self {
        case .tooShort(let region, _, _), .tooLong(let region, _, _), .invalidLength(let region, _, _),
            .invalidLeadingDigits(let region, _):
            region
        default: nil
        }
    }
}
