/// A phone number in E.164 form, as stored on a contact and handed to WhatsApp.
///
/// Two numbers are equal when their E.164 strings are, so the type can key dedupe sets directly.
/// Built by `PhoneNumberParser.parse(_:defaultRegion:)`; decoding re-checks that the parts agree.
public struct PhoneNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    /// `+` then the calling code and the national significant number, no separators: `+33612345678`.
    public let e164: String
    /// ISO 3166-1 alpha-2 region the number belongs to (`FR`, `GG` for a Guernsey number under +44),
    /// or nil for non-geographic codes such as +800 or +882.
    public let regionCode: String?
    /// The country calling code without `+`: 33, 1, 221.
    public let callingCode: Int
    /// The national significant number: the digits after the calling code, without trunk prefix (`612345678`).
    public let nationalNumber: String

    init(callingCode: Int, nationalNumber: String, regionCode: String?) {
        self.e164 = "+\(callingCode)\(nationalNumber)"
        self.regionCode = regionCode
        self.callingCode = callingCode
        self.nationalNumber = nationalNumber
    }

    public var description: String { e164 }

    public static func == (lhs: PhoneNumber, rhs: PhoneNumber) -> Bool { lhs.e164 == rhs.e164 }

    public func hash(into hasher: inout Hasher) { hasher.combine(e164) }

    private enum CodingKeys: String, CodingKey {
        case e164
        case regionCode = "region"
        case callingCode = "calling_code"
        case nationalNumber = "national_number"
    }

    /// Rejects payloads whose parts contradict each other, so a stored number cannot drift from its E.164 form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let callingCode = try container.decode(Int.self, forKey: .callingCode)
        let nationalNumber = try container.decode(String.self, forKey: .nationalNumber)
        let regionCode = try container.decodeIfPresent(String.self, forKey: .regionCode)
        let e164 = try container.decode(String.self, forKey: .e164)
        self.init(callingCode: callingCode, nationalNumber: nationalNumber, regionCode: regionCode)
        let digitsOnly = nationalNumber.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard e164 == self.e164, digitsOnly, !nationalNumber.isEmpty, (1...999).contains(callingCode) else {
            throw DecodingError.dataCorruptedError(
                forKey: .e164, in: container, debugDescription: "e164 does not match calling_code and national_number")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(e164, forKey: .e164)
        try container.encodeIfPresent(regionCode, forKey: .regionCode)
        try container.encode(callingCode, forKey: .callingCode)
        try container.encode(nationalNumber, forKey: .nationalNumber)
    }
}
