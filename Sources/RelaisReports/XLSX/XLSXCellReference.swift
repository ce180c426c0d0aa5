/// Reads the column out of a cell reference such as `C7` or `AB12`.
enum XLSXCellReference {
    /// 0-based column of `reference`, or `nil` when it starts with no letter.
    /// Absurd references saturate at `Int.max / 32`, which any column limit refuses.
    static func column(of reference: String) -> Int? {
        var column = 0
        var sawLetter = false
        for byte in reference.utf8 {
            let upper = byte & 0xDF
            guard upper >= UInt8(ascii: "A") && upper <= UInt8(ascii: "Z") else { break }
            sawLetter = true
            column = min(column * 26 + Int(upper - UInt8(ascii: "A")) + 1, Int.max / 32)
        }
        return sawLetter ? column - 1 : nil
    }
}
