/// Tells a file's type from its first bytes, never from its name or the type a browser claims: a renamed
/// executable must not reach Meta (or a colleague's browser) as "photo.jpg".
public enum MediaSniffer {
    /// The MIME type of a file beginning with `prefix` (the first 16 bytes are enough), or nil when it is none of
    /// the types WhatsApp headers take.
    public static func mimeType(of prefix: some Collection<UInt8>) -> String? {
        let bytes = Array(prefix.prefix(16))
        func starts(_ signature: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + signature.count && Array(bytes[offset..<offset + signature.count]) == signature
        }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts(Array("%PDF-".utf8)) { return "application/pdf" }
        // ISO base media: a box size, then `ftyp` and the major brand.
        if starts(Array("ftyp".utf8), at: 4), bytes.count >= 11 {
            let brand = String(decoding: bytes[8..<11], as: UTF8.self)
            return brand == "3gp" || brand == "3g2" ? "video/3gpp" : "video/mp4"
        }
        return nil
    }
}
