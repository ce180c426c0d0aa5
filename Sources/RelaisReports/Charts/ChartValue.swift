/// Input hygiene shared by the charts: data comes from SQL aggregates and may hold NaN (0/0 rates) or, after a
/// correction, a negative count; both are drawn as 0 so no NaN or infinity ever reaches the output.
enum ChartValue {
    static func clean(_ value: Double) -> Double {
        value.isFinite && value > 0 ? value : 0
    }

    /// A finite box size: at least `minimum`, NaN and infinities replaced by `fallback`.
    static func dimension(_ value: Double, fallback: Double, minimum: Double = 40) -> Double {
        value.isFinite ? max(minimum, min(value, 20_000)) : fallback
    }
}
