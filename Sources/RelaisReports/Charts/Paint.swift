/// A colour role rather than a colour: the SVG renderer turns it into a CSS class (so the light and dark
/// themes come from the stylesheet) and the PDF writer into a fixed print colour.
public enum Paint: Sendable, Hashable {
    /// The fixed status colours: queued grey, sent blue, delivered teal, read green, failed red, uncertain amber,
    /// opted-out purple, replied indigo, skipped stone.
    case status(MessageStatusPaint)
    /// The categorical palette, index taken modulo its size; the brand colour first, never WhatsApp green.
    case series(Int)
    /// A 0…1 sequential scale for heat maps (clamped; NaN counts as 0).
    case heat(Double)
    /// Text, secondary text, gridlines and axes, background.
    case ink, muted, grid, surface

    /// How many colours the categorical palette has before it repeats.
    public static let seriesPaletteSize = 8

    /// The series index folded into the palette, also for negative indexes.
    var seriesSlot: Int {
        guard case .series(let index) = self else { return 0 }
        let slot = index % Self.seriesPaletteSize
        return slot < 0 ? slot + Self.seriesPaletteSize : slot
    }

    /// The heat value in 0…1, NaN and infinities folded in.
    static func clampedHeat(_ value: Double) -> Double {
        guard value.isFinite else { return value == .infinity ? 1 : 0 }
        return min(1, max(0, value))
    }

    /// The heat value in ten buckets 0…9, the granularity of the stylesheet's heat classes.
    static func heatBucket(_ value: Double) -> Int {
        min(9, Int((clampedHeat(value) * 10).rounded(.down)))
    }
}
