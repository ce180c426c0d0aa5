/// Indicative prices per delivered message by Meta pricing category, to estimate what a period or a campaign cost.
/// Meta's real prices depend on the recipient's country and change quarterly, so the figure is an estimate and is
/// labelled as one everywhere it is shown.
public struct CostRates: Sendable, Equatable {
    /// ISO 4217 code the rates are in.
    public var currency: String
    /// Price of one message per lower-cased pricing category (`marketing`, `utility`, `authentication`, `service`).
    public var perMessage: [String: Double]

    public init(currency: String = "EUR", perMessage: [String: Double] = Self.defaultRates) {
        self.currency = currency
        self.perMessage = perMessage
    }

    /// Defaults close to Meta's 2025 list prices for European recipients; service conversations are free.
    public static let defaultRates: [String: Double] = [
        "marketing": 0.0860, "utility": 0.0300, "authentication": 0.0300, "authentication_international": 0.0300, "service": 0,
        "referral_conversion": 0,
    ]

    /// The estimated cost of `count` messages of `category`; an unknown or missing category costs nothing.
    public func cost(category: String?, count: Int) -> Double {
        guard let category, let price = perMessage[category.lowercased()] else { return 0 }
        return price * Double(count)
    }
}
