import Foundation
import RelaisCore

/// One headline figure of a report (sent, read, estimated cost…): its value, a rate under it, and on the dashboard
/// how it moved against the previous period of the same length.
struct FigureCard {
    let key: String
    let label: String
    let value: String
    let hint: String?
    let change: String?
    let changeTone: String
    let changeLabel: String?

    /// The cards of `totals`; `previous` adds the changes (the dashboard), nil leaves them out (a campaign).
    static func cards(
        _ totals: DeliveryTotals, previous: DeliveryTotals?, cost: (current: Double, previous: Double?), currency: String,
        localizer: Localizer, formats: AnalyticsFormats
    ) -> [FigureCard] {
        let language = formats.language
        func text(_ key: String, _ values: [String: String] = [:]) -> String { localizer.text(key, language, values) }
        func card(_ key: String, _ value: Int, _ old: Int?, hint: String?) -> FigureCard {
            make(key, text("analytics.status.\(key)"), formats.integer(value), hint: hint, ChangeFigure(current: Double(value), previous: old.map(Double.init)))
        }
        func make(_ key: String, _ label: String, _ value: String, hint: String?, _ change: ChangeFigure) -> FigureCard {
            let moved = previous == nil ? nil : formats.change(change)
            return FigureCard(
                key: key, label: label, value: value, hint: hint, change: moved?.text, changeTone: moved?.tone ?? "flat",
                changeLabel: moved == nil ? nil : text("dashboard.change_label"))
        }
        return [
            card("sent", totals.sent, previous?.sent, hint: nil),
            card("delivered", totals.delivered, previous?.delivered, hint: text("analytics.rate.delivery", ["rate": formats.percent(totals.deliveryRate)])),
            card("read", totals.read, previous?.read, hint: text("analytics.rate.read", ["rate": formats.percent(totals.readRate)])),
            card("replied", totals.replied, previous?.replied, hint: text("analytics.rate.reply", ["rate": formats.percent(totals.replyRate)])),
            card("failed", totals.failed, previous?.failed, hint: text("analytics.rate.failure", ["rate": formats.percent(totals.failureRate)])),
            card("opted_out", totals.optedOut, previous?.optedOut, hint: nil),
            make(
                "cost", text("analytics.cost"), formats.money(cost.current, currency: currency), hint: text("analytics.cost_hint"),
                ChangeFigure(current: cost.current, previous: cost.previous)),
        ]
    }
}
