@testable import RelaisCore

/// Writings from Europe, the Americas and India, built on each numbering plan's real shape.
extension PhoneNumberWriting {
    static let world: [PhoneNumberWriting] = [
        // France: trunk 0, 9 digits, never 0 after the trunk prefix.
        .valid("06 12 34 56 78", "FR", "+33612345678", in: "FR"),
        .valid("+33 6 12-34-56-78", nil, "+33612345678", in: "FR"),
        .valid("0033612345678", "FR", "+33612345678", in: "FR"),
        .valid("+33 (0)6.12.34.56.78", "SN", "+33612345678", in: "FR"),
        .valid("01 42 68 53 00", "fr", "+33142685300", in: "FR"),
        .invalid("06 12 34 56 7", "FR", .tooShort(region: "FR", callingCode: 33, expectedLengths: [9])),
        .invalid("+33 (0)6 12 34 56 7", nil, .tooShort(region: "FR", callingCode: 33, expectedLengths: [9])),
        .invalid("+33", nil, .tooShort(region: "FR", callingCode: 33, expectedLengths: [9])),
        .invalid("+33 06 12 34 56 78 9", nil, .tooLong(region: "FR", callingCode: 33, expectedLengths: [9])),
        // Belgium: trunk 0, mobiles 9 digits (04xx), fixed 8 (02 Brussels).
        .valid("0470 12 34 56", "BE", "+32470123456", in: "BE"),
        .valid("+32 470 12 34 56", nil, "+32470123456", in: "BE"),
        .valid("0032 470/12.34.56", "FR", "+32470123456", in: "BE"),
        .valid("02 555 12 34", "BE", "+3225551234", in: "BE"),
        .invalid("0470 12 34 56 78", "BE", .tooLong(region: "BE", callingCode: 32, expectedLengths: [8, 9])),
        // Switzerland: trunk 0, 9 digits.
        .valid("079 123 45 67", "CH", "+41791234567", in: "CH"),
        .valid("+41 79 123 45 67", nil, "+41791234567", in: "CH"),
        .valid("0041 (0)79 123 45 67", "FR", "+41791234567", in: "CH"),
        .valid("044 668 18 00", "CH", "+41446681800", in: "CH"),
        .invalid("079 123 45", "CH", .tooShort(region: "CH", callingCode: 41, expectedLengths: [9, 12])),
        // Canada: NANP, trunk 1, NXX-NXX-XXXX, international prefix 011.
        .valid("(416) 555-0123", "CA", "+14165550123", in: "CA"),
        .valid("1-416-555-0123", "CA", "+14165550123", in: "CA"),
        .valid("+1 416 555 0123", nil, "+14165550123", in: "CA"),
        .valid("011 33 6 12 34 56 78", "CA", "+33612345678", in: "FR"),
        .valid("001 514 555 0199", "FR", "+15145550199", in: "CA"),
        .invalid("(416) 155-0123", "CA", .invalidLeadingDigits(region: "CA", callingCode: 1)),
        .invalid("416 555 012", "CA", .tooShort(region: "CA", callingCode: 1, expectedLengths: [10])),
        // USA: main region of +1.
        .valid("(212) 555-0123", "US", "+12125550123", in: "US"),
        .valid("1 212 555 0123", "US", "+12125550123", in: "US"),
        .valid("+1-212-555-0123", nil, "+12125550123", in: "US"),
        .valid("00 1 212 555 0123", "FR", "+12125550123", in: "US"),
        .valid("212.555.0123", "CA", "+12125550123", in: "US"),
        .invalid("(212) 055-0123", "US", .invalidLeadingDigits(region: "US", callingCode: 1)),
        .invalid("+1 212 555 01234", nil, .tooLong(region: "US", callingCode: 1, expectedLengths: [10])),
        // United Kingdom: trunk 0, mobiles 07xxx xxxxxx → +447…, London 020.
        .valid("07400 123456", "GB", "+447400123456", in: "GB"),
        .valid("+44 7400 123456", nil, "+447400123456", in: "GB"),
        .valid("0044 (0)7400 123 456", "FR", "+447400123456", in: "GB"),
        .valid("020 7946 0018", "GB", "+442079460018", in: "GB"),
        .invalid("07400 123 4567", "GB", .tooLong(region: "GB", callingCode: 44, expectedLengths: [7, 9, 10])),
        .invalid("+44 6123 456789", nil, .invalidLeadingDigits(region: "GB", callingCode: 44)),
        // Germany: trunk 0, variable lengths (Berlin 030 + 5 to 8 digits, mobiles 015x/016x/017x).
        .valid("0151 23456789", "DE", "+4915123456789", in: "DE"),
        .valid("+49 30 1234567", nil, "+49301234567", in: "DE"),
        .valid("0049 (0)30 12345678", "FR", "+493012345678", in: "DE"),
        .valid("030/1234567", "DE", "+49301234567", in: "DE"),
        .valid("0171-1234567", "DE", "+491711234567", in: "DE"),
        .invalid(
            "0151 2345678901234", "DE",
            .tooLong(region: "DE", callingCode: 49, expectedLengths: Array(4...13))),
        // India: trunk 0, mobiles 10 digits.
        .valid("098765 43210", "IN", "+919876543210", in: "IN"),
        .valid("+91 98765 43210", nil, "+919876543210", in: "IN"),
        .valid("0091-98765-43210", "FR", "+919876543210", in: "IN"),
        .valid("+91 (0) 98765 43210", nil, "+919876543210", in: "IN"),
        .valid("9876543210", "IN", "+919876543210", in: "IN"),
        .invalid("+91 0 12345", nil, .tooShort(region: "IN", callingCode: 91, expectedLengths: Array(8...13))),
        // Brazil: trunk 0, area code + 9-digit mobile = 11 digits, fixed 10.
        .valid("(11) 91234-5678", "BR", "+5511912345678", in: "BR"),
        .valid("+55 11 91234-5678", nil, "+5511912345678", in: "BR"),
        .valid("0055 11 9 1234 5678", "FR", "+5511912345678", in: "BR"),
        .valid("011 91234-5678", "BR", "+5511912345678", in: "BR"),
        .valid("(21) 2345-6789", "BR", "+552123456789", in: "BR"),
        .invalid("(11) 91234-56789", "BR", .tooLong(region: "BR", callingCode: 55, expectedLengths: [8, 9, 10, 11])),
        // Shared codes: the leading digits pick the region.
        .valid("8 (912) 345-67-89", "RU", "+79123456789", in: "RU"),
        .valid("8 701 123 4567", "KZ", "+77011234567", in: "KZ"),
        .valid("+44 7781 123456", nil, "+447781123456", in: "GG"),
        .valid("07624 123456", "GB", "+447624123456", in: "IM"),
        .valid("+1 876 555 0123", nil, "+18765550123", in: "JM"),
        .valid("0639 69 12 34", "RE", "+262639691234", in: "YT"),
        .valid("+212 528 812345", nil, "+212528812345", in: "MA"),
    ]
}
