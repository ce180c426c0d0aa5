/// A print colour (0…1 components) and the fixed colour of each paint on paper: the light theme of app.css.
struct PDFColor: Equatable {
    var red: Double
    var green: Double
    var blue: Double

    init(hex: UInt32) {
        red = Double((hex >> 16) & 0xFF) / 255
        green = Double((hex >> 8) & 0xFF) / 255
        blue = Double(hex & 0xFF) / 255
    }

    init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// `self` mixed with white, `amount` of self (0…1), like CSS `color-mix` with the white page.
    func onWhite(_ amount: Double) -> PDFColor {
        PDFColor(red: 1 - (1 - red) * amount, green: 1 - (1 - green) * amount, blue: 1 - (1 - blue) * amount)
    }

    static let ink = PDFColor(hex: 0x1B1D29)
    static let muted = PDFColor(hex: 0x5D6275)
    static let grid = PDFColor(hex: 0xE2E4EE)
    static let surface = PDFColor(hex: 0xFFFFFF)
    static let band = PDFColor(hex: 0xF1F2F7)
    static let brand = PDFColor(hex: 0x4F46E5)

    static let series: [PDFColor] = [0x4F46E5, 0xD97706, 0x0891B2, 0xDB2777, 0x64748B, 0xEA580C, 0xA16207, 0x9333EA].map(PDFColor.init(hex:))
    /// The share of brand colour in each heat bucket, as in the stylesheet.
    static let heatShares: [Double] = [0.07, 0.17, 0.27, 0.37, 0.47, 0.57, 0.67, 0.78, 0.89, 1]

    /// The colour a paint prints in.
    init(_ paint: Paint) {
        switch paint {
        case .status(let status): self = Self.status(status)
        case .series: self = Self.series[paint.seriesSlot]
        case .heat(let value): self = Self.brand.onWhite(Self.heatShares[Paint.heatBucket(value)])
        case .ink: self = .ink
        case .muted: self = .muted
        case .grid: self = .grid
        case .surface: self = .surface
        }
    }

    private static func status(_ status: MessageStatusPaint) -> PDFColor {
        switch status {
        case .queued: PDFColor(hex: 0x6B7280)
        case .sending: PDFColor(hex: 0x9CA3AF)
        case .sent: PDFColor(hex: 0x2563EB)
        case .delivered: PDFColor(hex: 0x0D9488)
        case .read: PDFColor(hex: 0x16A34A)
        case .failed: PDFColor(hex: 0xDC2626)
        case .uncertain: PDFColor(hex: 0xD97706)
        case .skipped: PDFColor(hex: 0xA8A29E)
        case .optedOut: PDFColor(hex: 0x7C3AED)
        case .replied: PDFColor(hex: 0x6366F1)
        }
    }
}
