/// Region look-ups over the same table the parser uses, so the settings page and the parser never disagree.
extension PhoneNumberParser {
    /// True for an ISO 3166-1 alpha-2 code (any case) that has a calling code: `isKnownRegion("sn")`.
    public func isKnownRegion(_ code: String) -> Bool {
        plan(forRegion: code) != nil
    }

    /// The region for an ISO code, nil when unknown.
    public func region(_ code: String) -> Region? {
        plan(forRegion: code).flatMap(Self.region(of:))
    }

    /// The calling code of a region (`"CI"` → 225), nil when unknown.
    public func callingCode(forRegion code: String) -> Int? {
        plan(forRegion: code)?.callingCode
    }

    /// The regions sharing a calling code, the main one last (`1` → …, `CA`, …, `US`); empty when unassigned
    /// or non-geographic.
    public func regions(forCallingCode callingCode: Int) -> [Region] {
        (table.plansByCode[callingCode] ?? []).compactMap(Self.region(of:))
    }

    /// Every region of the table, in table order.
    public var allRegions: [Region] {
        table.regions.compactMap(region)
    }

    /// Every calling code of the table, geographic or not, ascending.
    public var allCallingCodes: [Int] {
        table.plansByCode.keys.sorted()
    }

    /// Looks the code up as written, then upper-cased, so the hot path pays for no allocation when callers
    /// already pass `FR`.
    func plan(forRegion code: String) -> PhonePlan? {
        if let plan = table.plansByRegion[code] { return plan }
        guard code.utf8.count == 2 else { return nil }
        return table.plansByRegion[code.uppercased()]
    }

    private static func region(of plan: PhonePlan) -> Region? {
        guard let code = plan.region else { return nil }
        return Region(
            code: code, callingCode: plan.callingCode, trunkPrefix: plan.usualTrunkPrefix?.string,
            nationalNumberLengths: plan.lengthList)
    }
}
