/// A column of a PDF table. `width` above 1 is in points; 1 or less is a share of the width the fixed
/// columns leave (0.25 = a quarter of it). Numbers read best with `.end` alignment.
public struct PDFColumn: Sendable {
    public var title: String
    public var width: Double
    public var alignment: TextAnchor

    public init(title: String, width: Double, alignment: TextAnchor = .start) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }
}
