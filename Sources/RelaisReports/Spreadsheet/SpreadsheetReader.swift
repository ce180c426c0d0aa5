/// What the contact importer needs from a spreadsheet, whatever its format.
///
/// Rows are pulled one at a time so an async importer can batch them and `await` its database
/// writes between calls; the readers keep memory flat whatever the file size. An empty file
/// returns `nil` on the first call; a header-only file returns one row, then `nil`.
public protocol SpreadsheetReader: AnyObject {
    /// The next non-blank row, or `nil` at the end of the data.
    ///
    /// Throws when the file as a whole is unusable (too many columns, unterminated quote,
    /// zip bomb, forbidden DTD…): the import then fails with `error.description` as its reason.
    func next() throws(SpreadsheetError) -> SpreadsheetRow?
}
