/// Why a written phone number could not be turned into E.164.
///
/// `code` is stable (logs, API payloads, the rejected-rows CSV); `englishReason` and `frenchReason`
/// are what an import report shows next to the row. `region` is nil for non-geographic codes (+800…).
public enum PhoneNumberError: Error, Equatable, Sendable {
    /// Nothing but blanks or separators.
    case empty
    /// A character that has no place in a phone number (a letter, `@`, a `+` after digits…), as written.
    case invalidCharacter(String)
    /// An extension (`ext 12`, `x12`, `poste 12`, `#12`): WhatsApp reaches a line, not an extension behind a switchboard.
    case extensionNotAllowed
    /// A spreadsheet turned the number into a float and dropped digits (`3,36123E+10`), as written.
    case lossyScientificNotation(String)
    /// More digits than any E.164 number can have, even with prefixes.
    case tooManyDigits(count: Int)
    /// A national number (no `+` or `00`) and no default region to read it with.
    case missingDefaultRegion
    /// The default region given is not an ISO 3166-1 alpha-2 code with a calling code.
    case unknownRegion(String)
    /// The digits after `+` or `00` do not start with an assigned calling code; carries the first digits.
    case unknownCallingCode(String)
    /// Fewer digits than the shortest number of the region.
    case tooShort(region: String?, callingCode: Int, expectedLengths: [Int])
    /// More digits than the longest number of the region.
    case tooLong(region: String?, callingCode: Int, expectedLengths: [Int])
    /// A length between the region's shortest and longest that it does not use (e.g. 8 where 7 or 9 are valid).
    case invalidLength(region: String?, callingCode: Int, expectedLengths: [Int])
    /// The right length, but no number of the region starts with these digits (e.g. `+33 0…`).
    case invalidLeadingDigits(region: String?, callingCode: Int)

    /// Stable machine code, also the key of the message in the language catalogues.
    public var code: String {
        switch self {
        case .empty: "error.phone.empty"
        case .invalidCharacter: "error.phone.invalid_character"
        case .extensionNotAllowed: "error.phone.extension"
        case .lossyScientificNotation: "error.phone.scientific_notation"
        case .tooManyDigits: "error.phone.too_many_digits"
        case .missingDefaultRegion: "error.phone.missing_default_region"
        case .unknownRegion: "error.phone.unknown_region"
        case .unknownCallingCode: "error.phone.unknown_calling_code"
        case .tooShort: "error.phone.too_short"
        case .tooLong: "error.phone.too_long"
        case .invalidLength: "error.phone.invalid_length"
        case .invalidLeadingDigits: "error.phone.invalid_leading_digits"
        }
    }
}
