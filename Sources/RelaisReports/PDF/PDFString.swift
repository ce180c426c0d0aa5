import Foundation

/// Strings of the document information dictionary, which are not page text: any Unicode goes as UTF-16BE.
enum PDFString {
    /// `text` as a hexadecimal UTF-16BE string with its byte order mark: `<FEFF…>`.
    static func text(_ text: String) -> String {
        var hex = "<FEFF"
        for unit in text.utf16 {
            let digits = String(unit, radix: 16, uppercase: true)
            hex += String(repeating: "0", count: 4 - digits.count) + digits
        }
        return hex + ">"
    }

    /// A PDF date in UTC: `D:20261202075200Z`.
    static func date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let fields = [parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0]
        return "D:" + fields.enumerated().map { String($0.element).leftPadded(to: $0.offset == 0 ? 4 : 2) }.joined() + "Z"
    }
}
