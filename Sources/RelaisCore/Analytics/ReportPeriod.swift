/// The days a report covers, both included, in the company's time zone: a preset (today, 7 days, 30 days) ending
/// today, or a custom range. Validated here so the dashboard, the API and the exports refuse the same things.
public struct ReportPeriod: Sendable, Hashable, Codable {
    /// The longest period accepted: ten years and their leap days, with a little margin.
    public static let maximumDays = 3_660

    /// How the period was chosen: a preset or `custom`.
    public enum Preset: String, Sendable, CaseIterable, Codable {
        case today
        case last7 = "7d"
        case last30 = "30d"
        case custom
    }

    public let from: LocalDay
    public let to: LocalDay
    public let preset: Preset

    /// Why a requested period is refused (each has a message key for the 422 and the page).
    public enum Problem: Error, Equatable {
        /// `from` or `to` is not a `YYYY-MM-DD` date; carries the field name.
        case invalidDate(field: String)
        /// `to` is before `from`.
        case inverted
        /// Longer than `maximumDays`.
        case tooLong
        /// An unknown preset name.
        case unknownPreset
    }

    /// A validated period.
    public init(from: LocalDay, to: LocalDay, preset: Preset = .custom) throws(Problem) {
        guard from <= to else { throw .inverted }
        guard to.ordinal - from.ordinal + 1 <= Self.maximumDays else { throw .tooLong }
        self.from = from
        self.to = to
        self.preset = preset
    }

    /// Reads a request: `from`/`to` dates (custom) win over `period` (a preset, 30 days when absent).
    public static func read(period: String?, from: String?, to: String?, today: LocalDay) throws(Problem) -> ReportPeriod {
        let from = from.flatMap { $0.isEmpty ? nil : $0 }
        let to = to.flatMap { $0.isEmpty ? nil : $0 }
        if from != nil || to != nil {
            guard let first = LocalDay(parsing: from ?? "") else { throw .invalidDate(field: "from") }
            guard let last = LocalDay(parsing: to ?? "") else { throw .invalidDate(field: "to") }
            return try ReportPeriod(from: first, to: last)
        }
        guard let preset = Preset(rawValue: period.flatMap { $0.isEmpty ? nil : $0 } ?? Preset.last30.rawValue), preset != .custom else {
            throw .unknownPreset
        }
        return try ReportPeriod(preset, today: today)
    }

    /// A preset period ending `today`.
    public init(_ preset: Preset, today: LocalDay) throws(Problem) {
        switch preset {
        case .today: try self.init(from: today, to: today, preset: preset)
        case .last7: try self.init(from: today.adding(days: -6), to: today, preset: preset)
        case .last30, .custom: try self.init(from: today.adding(days: -29), to: today, preset: .last30)
        }
    }

    /// How many days the period covers.
    public var dayCount: Int { to.ordinal - from.ordinal + 1 }

    /// The period of the same length just before this one (the "change" figures compare with it).
    public var previous: ReportPeriod {
        // Cannot throw: same length, same order.
        (try? ReportPeriod(from: from.adding(days: -dayCount), to: from.adding(days: -1))) ?? self
    }

    /// Every day of the period, in order.
    public var days: [LocalDay] { (from.ordinal...to.ordinal).map(LocalDay.init(ordinal:)) }
}

extension ReportPeriod {
    /// Today alone, which no rule refuses: the period a page falls back to after refusing the one asked for.
    public static func fallback(_ today: LocalDay) -> ReportPeriod {
        // One day, in order: the initialiser's checks cannot fail.
        (try? ReportPeriod(from: today, to: today, preset: .today))!
    }
}
