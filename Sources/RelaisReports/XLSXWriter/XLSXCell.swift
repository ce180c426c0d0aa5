import Foundation

/// One cell of an exported sheet; the case picks the value type and its number format.
public enum XLSXCell: Sendable, Equatable {
    /// Text, written as an inline string (never evaluated as a formula, so no injection risk).
    /// Excel's limit of 32,767 characters per cell is enforced by truncation.
    case text(String)
    /// A whole number shown with a thousands separator (`#,##0`).
    case integer(Int)
    /// A number in Excel's General format (phone numbers stay `33612345678`).
    case number(Double)
    /// A number with two decimals and a thousands separator (`#,##0.00`), e.g. costs.
    case decimal(Double)
    /// A ratio shown as a percentage with one decimal (`0.0%`): `0.425` shows `42.5%`.
    case percent(Double)
    /// A calendar date (`yyyy-mm-dd`) in the writer's time zone.
    case date(Date)
    /// A date and time (`yyyy-mm-dd hh:mm:ss`) in the writer's time zone.
    case dateTime(Date)
    /// TRUE or FALSE.
    case bool(Bool)
    /// No cell at all.
    case empty
}
