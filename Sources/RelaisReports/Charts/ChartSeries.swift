/// A named series of values, one per category, with its colour.
public struct ChartSeries: Sendable {
    public var name: String
    public var paint: Paint
    public var values: [Double]

    public init(name: String, paint: Paint, values: [Double]) {
        self.name = name
        self.paint = paint
        self.values = values
    }

    /// The value for category `index`, 0 when missing, negative or not finite.
    func value(at index: Int) -> Double {
        index < values.count ? ChartValue.clean(values[index]) : 0
    }
}
