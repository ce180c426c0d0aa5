/// What the numbering-plan table knows about one region, for settings screens and validation of
/// a tenant's default country.
public struct Region: Hashable, Sendable {
    /// ISO 3166-1 alpha-2 code, upper case (`SN`).
    public let code: String
    /// Country calling code without `+` (221).
    public let callingCode: Int
    /// The usual digits dialled before national numbers (`0`), nil when the region has none.
    public let trunkPrefix: String?
    /// Valid lengths of the national significant number, ascending.
    public let nationalNumberLengths: [Int]
}
