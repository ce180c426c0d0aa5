/// Why the numbering-plan table could not be loaded; a broken table is a packaging bug and stops the boot.
enum PhonePlanTableError: Error, Equatable, Sendable {
    /// The resource is not in the bundle.
    case resourceMissing
    /// A line (1-based) that does not follow the column format described in the file header.
    case malformedLine(line: Int, reason: String)
    /// The same region on two lines.
    case duplicateRegion(String, line: Int)
    /// A calling code shared by several regions must name exactly one main region, and the others need leading digits.
    case ambiguousSharedCode(Int)
}
