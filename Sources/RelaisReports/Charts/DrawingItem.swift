/// One shape of a drawing. Text is placed by its baseline; `label` is a tooltip (an SVG `<title>`).
public enum DrawingItem: Sendable {
    case rect(x: Double, y: Double, width: Double, height: Double, paint: Paint, label: String? = nil)
    case line(from: ChartPoint, to: ChartPoint, paint: Paint, width: Double, dashed: Bool)
    case polyline([ChartPoint], paint: Paint, width: Double)
    /// Filled; donut slices and funnel steps are polygons.
    case polygon([ChartPoint], paint: Paint, label: String?)
    case text(String, at: ChartPoint, size: Double, anchor: TextAnchor, bold: Bool, paint: Paint)
}
