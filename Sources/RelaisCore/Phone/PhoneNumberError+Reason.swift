/// Human reasons shown in import reports and 422 answers. Kept next to the cases so a new case
/// cannot ship without both texts; the region appears as its code with the calling code (`FR (+33)`).
extension PhoneNumberError {
    /// The reason in English, e.g. "too short for FR (+33): expected 9 digits after the country code".
    public var englishReason: String {
        switch self {
        case .empty: return "the phone number is empty"
        case .invalidCharacter(let character): return "the phone number contains an invalid character: “\(character)”"
        case .extensionNotAllowed: return "the phone number has an extension; WhatsApp needs a direct line"
        case .lossyScientificNotation(let written):
            return "the spreadsheet shortened this number to \(written); format the column as text and export again"
        case .tooManyDigits(let count): return "\(count) digits is too many for a phone number"
        case .missingDefaultRegion: return "national number without a country: write it with + and the country code, or choose a default country"
        case .unknownRegion(let region): return "unknown country code “\(region)”"
        case .unknownCallingCode(let digits): return "no country has the calling code +\(digits)…"
        case .tooShort(let region, let code, let lengths):
            return "too short for \(Self.place(region, code)): expected \(Self.englishLengths(lengths)) after the country code"
        case .tooLong(let region, let code, let lengths):
            return "too long for \(Self.place(region, code)): expected \(Self.englishLengths(lengths)) after the country code"
        case .invalidLength(let region, let code, let lengths):
            return "wrong length for \(Self.place(region, code)): expected \(Self.englishLengths(lengths)) after the country code"
        case .invalidLeadingDigits(let region, let code):
            return "no number of \(Self.place(region, code)) starts with these digits"
        }
    }

    /// The reason in French, e.g. « trop court pour FR (+33) : 9 chiffres attendus après l'indicatif ».
    public var frenchReason: String {
        switch self {
        case .empty: return "le numéro de téléphone est vide"
        case .invalidCharacter(let character): return "le numéro de téléphone contient un caractère invalide : « \(character) »"
        case .extensionNotAllowed: return "le numéro comporte un poste ; WhatsApp a besoin d'une ligne directe"
        case .lossyScientificNotation(let written):
            return "le tableur a tronqué ce numéro en \(written) ; mettez la colonne au format texte et exportez à nouveau"
        case .tooManyDigits(let count): return "\(count) chiffres, c'est trop pour un numéro de téléphone"
        case .missingDefaultRegion:
            return "numéro national sans pays : écrivez-le avec + et l'indicatif, ou choisissez un pays par défaut"
        case .unknownRegion(let region): return "code pays inconnu « \(region) »"
        case .unknownCallingCode(let digits): return "aucun pays n'a l'indicatif +\(digits)…"
        case .tooShort(let region, let code, let lengths):
            return "trop court pour \(Self.place(region, code)) : \(Self.frenchLengths(lengths)) attendus après l'indicatif"
        case .tooLong(let region, let code, let lengths):
            return "trop long pour \(Self.place(region, code)) : \(Self.frenchLengths(lengths)) attendus après l'indicatif"
        case .invalidLength(let region, let code, let lengths):
            return "longueur incorrecte pour \(Self.place(region, code)) : \(Self.frenchLengths(lengths)) attendus après l'indicatif"
        case .invalidLeadingDigits(let region, let code):
            return "aucun numéro de \(Self.place(region, code)) ne commence par ces chiffres"
        }
    }

    private static func place(_ region: String?, _ callingCode: Int) -> String {
        region.map { "\($0) (+\(callingCode))" } ?? "+\(callingCode)"
    }

    /// "9 digits", "8 or 9 digits", "7, 9 or 10 digits", "4 to 15 digits" for long contiguous ranges.
    private static func englishLengths(_ lengths: [Int]) -> String {
        listLengths(lengths, or: "or", to: "to") + " digits"
    }

    private static func frenchLengths(_ lengths: [Int]) -> String {
        listLengths(lengths, or: "ou", to: "à") + " chiffres"
    }

    private static func listLengths(_ lengths: [Int], or: String, to: String) -> String {
        guard let first = lengths.first, let last = lengths.last else { return "?" }
        if lengths.count == 1 { return "\(first)" }
        if lengths.count > 3, last - first + 1 == lengths.count { return "\(first) \(to) \(last)" }
        return lengths.dropLast().map(String.init).joined(separator: ", ") + " \(or) \(last)"
    }
}
