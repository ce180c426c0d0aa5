@testable import RelaisCore

/// Writings from the African markets the customers work in, built on each numbering plan's real shape.
extension PhoneNumberWriting {
    static let africa: [PhoneNumberWriting] = [
        // Senegal: no trunk prefix, 9 digits, mobiles 7x, Dakar fixed 33.
        .valid("77 123 45 67", "SN", "+221771234567", in: "SN"),
        .valid("(221) 77 123 45 67", "SN", "+221771234567", in: "SN"),
        .valid("+221 77 123 45 67", nil, "+221771234567", in: "SN"),
        .valid("00221771234567", "FR", "+221771234567", in: "SN"),
        .valid("33.821.23.45", "SN", "+221338212345", in: "SN"),
        .invalid("77 123 45 6", "SN", .tooShort(region: "SN", callingCode: 221, expectedLengths: [9])),
        .invalid("+221 57 123 45 67", nil, .invalidLeadingDigits(region: "SN", callingCode: 221)),
        // Côte d'Ivoire: 10 digits since 2021 (07 07… mobile, 27 2x… fixed), no trunk prefix.
        .valid("07 07 12 34 56", "CI", "+2250707123456", in: "CI"),
        .valid("+225 07 07 12 34 56", nil, "+2250707123456", in: "CI"),
        .valid("00225 0707123456", "SN", "+2250707123456", in: "CI"),
        .valid("27-22-44-55-66", "CI", "+2252722445566", in: "CI"),
        .invalid("07 12 34 56", "CI", .tooShort(region: "CI", callingCode: 225, expectedLengths: [10])),
        // Cameroon: 9 digits, mobiles 6…, fixed 2…, no trunk prefix.
        .valid("6 71 23 45 67", "CM", "+237671234567", in: "CM"),
        .valid("+237 671 23 45 67", nil, "+237671234567", in: "CM"),
        .valid("00237 6 71 23 45 67", "FR", "+237671234567", in: "CM"),
        .valid("(+237) 222-23-45-67", "CM", "+237222234567", in: "CM"),
        .invalid("+237 5 71 23 45 67", nil, .invalidLeadingDigits(region: "CM", callingCode: 237)),
        // Morocco: trunk 0, 9 digits; mobiles 06/07, Casablanca fixed 0522.
        .valid("06 12 34 56 78", "MA", "+212612345678", in: "MA"),
        .valid("+212 6 12 34 56 78", nil, "+212612345678", in: "MA"),
        .valid("00212 (0)6-12-34-56-78", "FR", "+212612345678", in: "MA"),
        .valid("0522-12-34-56", "MA", "+212522123456", in: "MA"),
        .invalid("06 12 34 56", "MA", .tooShort(region: "MA", callingCode: 212, expectedLengths: [9])),
        // Algeria: trunk 0, mobiles 9 digits (05/06/07), fixed 8 digits (021 Algiers).
        .valid("0551 23 45 67", "DZ", "+213551234567", in: "DZ"),
        .valid("+213 551 23 45 67", nil, "+213551234567", in: "DZ"),
        .valid("00213 5 51 23 45 67", "FR", "+213551234567", in: "DZ"),
        .valid("021.12.34.56", "DZ", "+21321123456", in: "DZ"),
        .invalid("0551 23 45 678", "DZ", .tooLong(region: "DZ", callingCode: 213, expectedLengths: [8, 9])),
        // Tunisia: 8 digits, no trunk prefix.
        .valid("20 123 456", "TN", "+21620123456", in: "TN"),
        .valid("+216 20 123 456", nil, "+21620123456", in: "TN"),
        .valid("00216-20-123-456", "FR", "+21620123456", in: "TN"),
        .valid("(216) 98 765 432", "TN", "+21698765432", in: "TN"),
        .invalid("+216 60 123 456", nil, .invalidLeadingDigits(region: "TN", callingCode: 216)),
        .invalid("20 123 45", "TN", .tooShort(region: "TN", callingCode: 216, expectedLengths: [8])),
        // DR Congo: trunk 0, mobiles 9 digits after it (081, 082, 099…).
        .valid("081 234 5678", "CD", "+243812345678", in: "CD"),
        .valid("+243 81 234 5678", nil, "+243812345678", in: "CD"),
        .valid("00243 (0)81 234 56 78", "BE", "+243812345678", in: "CD"),
        .valid("0 99 123 4567", "CD", "+243991234567", in: "CD"),
        .invalid("+243 71 234 5678", nil, .invalidLeadingDigits(region: "CD", callingCode: 243)),
        .invalid("0812345678901", "CD", .tooLong(region: "CD", callingCode: 243, expectedLengths: [7, 8, 9, 10])),
        // Mali: 8 digits, no trunk prefix.
        .valid("76 12 34 56", "ML", "+22376123456", in: "ML"),
        .valid("+223 76 12 34 56", nil, "+22376123456", in: "ML"),
        .valid("00223 7612 3456", "FR", "+22376123456", in: "ML"),
        .valid("20.22.12.34", "ML", "+22320221234", in: "ML"),
        .invalid("76 12 34 5", "ML", .tooShort(region: "ML", callingCode: 223, expectedLengths: [8])),
        .invalid("+223 36 12 34 56", nil, .invalidLeadingDigits(region: "ML", callingCode: 223)),
        // Madagascar: trunk 0, 9 digits (032, 033, 034, 038 mobiles).
        .valid("034 12 345 67", "MG", "+261341234567", in: "MG"),
        .valid("+261 34 12 345 67", nil, "+261341234567", in: "MG"),
        .valid("00261 (0)34 12 345 67", "FR", "+261341234567", in: "MG"),
        .valid("032-12-345-67", "MG", "+261321234567", in: "MG"),
        .invalid("034 12 345 6", "MG", .tooShort(region: "MG", callingCode: 261, expectedLengths: [9])),
        .invalid("+261 44 12 345 67", nil, .invalidLeadingDigits(region: "MG", callingCode: 261)),
        // Nigeria: trunk 0, mobiles 10 digits after it (0803, 0703…); international prefix 009.
        .valid("0803 123 4567", "NG", "+2348031234567", in: "NG"),
        .valid("+234 803 123 4567", nil, "+2348031234567", in: "NG"),
        .valid("00234 803-123-4567", "NG", "+2348031234567", in: "NG"),
        .valid("009 33 6 12 34 56 78", "NG", "+33612345678", in: "FR"),
        .valid("0703.123.4567", "NG", "+2347031234567", in: "NG"),
        .invalid("0803 123 456", "NG", .tooShort(region: "NG", callingCode: 234, expectedLengths: [10, 11, 12])),
        // Kenya: trunk 0, mobiles 9 digits (07xx, 01xx since 2019).
        .valid("0712 345678", "KE", "+254712345678", in: "KE"),
        .valid("+254 712 345 678", nil, "+254712345678", in: "KE"),
        .valid("00254 712-345-678", "FR", "+254712345678", in: "KE"),
        .valid("0110 123456", "KE", "+254110123456", in: "KE"),
        .invalid("+254 312 345 678", nil, .invalidLeadingDigits(region: "KE", callingCode: 254)),
    ]
}
