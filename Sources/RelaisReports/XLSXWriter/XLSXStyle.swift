/// Indexes into the fixed `<cellXfs>` table written by `XLSXPackageParts.styles`; the order
/// of the cases is the order of the table.
enum XLSXStyle: Int {
    case normal = 0
    case header = 1
    case integer = 2
    case decimal = 3
    case percent = 4
    case dateTime = 5
    case date = 6
}
