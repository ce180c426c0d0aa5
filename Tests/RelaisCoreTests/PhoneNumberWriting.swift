import Testing

@testable import RelaisCore

/// One way a real spreadsheet or form writes a number, and what the parser must make of it.
struct PhoneNumberWriting: Sendable, CustomTestStringConvertible {
    let raw: String
    let defaultRegion: String?
    let expected: Expected

    enum Expected: Sendable {
        case number(e164: String, region: String)
        case failure(PhoneNumberError)
    }

    var testDescription: String { "\(raw.debugDescription) in \(defaultRegion ?? "no region")" }

    static func valid(_ raw: String, _ region: String?, _ e164: String, in numberRegion: String) -> PhoneNumberWriting {
        PhoneNumberWriting(raw: raw, defaultRegion: region, expected: .number(e164: e164, region: numberRegion))
    }

    static func invalid(_ raw: String, _ region: String?, _ error: PhoneNumberError) -> PhoneNumberWriting {
        PhoneNumberWriting(raw: raw, defaultRegion: region, expected: .failure(error))
    }
}
