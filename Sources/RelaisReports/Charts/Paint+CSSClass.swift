extension Paint {
    /// The stylesheet class that gives this paint its colour in the current theme (app.css, "Charts" block):
    /// `paint-status-read`, `paint-series-2`, `paint-heat-7`, `paint-ink`…
    var cssClass: String {
        switch self {
        case .status(let status): return "paint-status-" + status.rawValue.replacingUnderscores
        case .series: return "paint-series-\(seriesSlot)"
        case .heat(let value): return "paint-heat-\(Paint.heatBucket(value))"
        case .ink: return "paint-ink"
        case .muted: return "paint-muted"
        case .grid: return "paint-grid"
        case .surface: return "paint-surface"
        }
    }
}

extension String {
    fileprivate var replacingUnderscores: String { String(map { $0 == "_" ? "-" : $0 }) }
}
