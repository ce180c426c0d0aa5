import Foundation

/// A value axis from 0 to a "nice" maximum with ticks at 1, 2 or 5 × 10ⁿ steps, so gridlines read 0, 200, 400…
struct NiceScale: Equatable {
    let maximum: Double
    let step: Double

    init(maximum: Double, step: Double) {
        self.maximum = maximum
        self.step = step
    }

    /// A scale covering `dataMaximum` (cleaned: NaN or negative counts as 0) with about `targetTicks` intervals.
    init(dataMaximum: Double, targetTicks: Int = 5) {
        let top = ChartValue.clean(dataMaximum)
        guard top > 0 else {
            maximum = 1
            step = 0.25
            return
        }
        let raw = top / Double(max(1, targetTicks))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let residual = raw / magnitude
        let nice: Double = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10
        step = nice * magnitude
        maximum = (top / step - 1e-9).rounded(.up) * step
    }

    /// The tick values from 0 to the maximum, included.
    var ticks: [Double] {
        let count = Int((maximum / step).rounded())
        return (0...count).map { Double($0) * step }
    }

    /// Where `value` sits between `bottom` (value 0) and `top` (the maximum), in drawing coordinates.
    func position(_ value: Double, bottom: Double, top: Double) -> Double {
        let share = min(1, ChartValue.clean(value) / maximum)
        return bottom - share * (bottom - top)
    }
}
