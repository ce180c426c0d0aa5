/// Where the CSV parser stands inside the current field.
enum CSVParseState {
    /// At the start of a field: a quote here opens a quoted field.
    case fieldStart
    /// Inside an unquoted field.
    case unquoted
    /// Inside a quoted field, where separators and line breaks are data.
    case quoted
    /// Just after a quote inside a quoted field: a second quote is a literal one, anything else closes the field.
    case quoteInQuoted
}
