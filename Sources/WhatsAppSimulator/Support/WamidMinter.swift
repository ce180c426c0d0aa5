/// Mints message ids in Meta's style: `wamid.` + base64 of a Thrift-compact struct (counterpart phone, flag, hex id).
enum WamidMinter {
    /// `sequence` keeps ids unique; `random` makes them look like Meta's.
    static func wamid(phone: String, businessSent: Bool, sequence: UInt64, random: UInt64) -> String {
        let digits = Array(phone.utf8.filter { $0 >= 48 && $0 <= 57 }.prefix(20))
        var bytes: [UInt8] = [0x1C, 0x18, UInt8(digits.count)]
        bytes += digits
        bytes += [0x15, 0x02, 0x00, businessSent ? 0x11 : 0x12, 0x18, 0x12]
        // 18 hex characters: 36 bits of sequence (uniqueness) and 36 bits of randomness.
        let value = (sequence & 0xF_FFFF_FFFF) << 36 | (random & 0xF_FFFF_FFFF)
        var hex = String(value, radix: 16, uppercase: true)
        hex = String(repeating: "0", count: max(0, 18 - hex.count)) + hex
        bytes += Array(hex.utf8.suffix(18))
        bytes.append(0x00)
        return "wamid." + base64(bytes)
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    private static func base64(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index], b1 = index + 1 < bytes.count ? bytes[index + 1] : 0, b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(index + 1 < bytes.count ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(index + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
