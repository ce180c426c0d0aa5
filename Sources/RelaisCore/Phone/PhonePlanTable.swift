import Foundation

/// The numbering plans of every calling code, parsed once from `Resources/phone-plans.tsv`
/// (column format in that file's header) into dictionaries the parser reads per number.
struct PhonePlanTable: Sendable {
    /// Plans by upper-case ISO region code.
    let plansByRegion: [String: PhonePlan]
    /// Plans by calling code, in the order regions sharing the code are tried: others first, main last.
    let plansByCode: [Int: [PhonePlan]]
    /// Regions in file order, for listings.
    let regions: [String]

    /// The table shipped in the bundle, loaded on first use and shared by every parser.
    static let bundled: PhonePlanTable = {
        do {
            return try loadBundled()
        } catch {
            // The file ships inside the module: if it cannot be read the build is broken, not the input.
            fatalError("phone-plans.tsv is unusable: \(error)")
        }
    }()

    /// Reads and parses the bundled file; `bundled` calls it once, tests call it to see the error.
    static func loadBundled() throws(PhonePlanTableError) -> PhonePlanTable {
        try PhonePlanTable(text: bundledText())
    }

    /// The raw text of the bundled file. `.copy("Resources")` keeps the folder, `.process` would flatten it.
    static func bundledText() throws(PhonePlanTableError) -> String {
        let url =
            Bundle.module.url(forResource: "phone-plans", withExtension: "tsv", subdirectory: "Resources")
            ?? Bundle.module.url(forResource: "phone-plans", withExtension: "tsv")
        guard let url, let text = try? String(contentsOf: url, encoding: .utf8) else { throw .resourceMissing }
        return text
    }

    /// Parses the whole table, checking every line and the consistency of shared codes.
    init(text: String) throws(PhonePlanTableError) {
        var byRegion: [String: PhonePlan] = [:]
        var byCode: [Int: [PhonePlan]] = [:]
        var regions: [String] = []
        var sawHeader = false
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if line.isEmpty || line.hasPrefix("#") { continue }
            if !sawHeader {
                // The first uncommented line names the columns.
                sawHeader = true
                continue
            }
            let plan = try Self.plan(from: line, line: index + 1)
            if let region = plan.region {
                guard byRegion[region] == nil else { throw .duplicateRegion(region, line: index + 1) }
                byRegion[region] = plan
                regions.append(region)
            }
            byCode[plan.callingCode, default: []].append(plan)
        }
        for (code, plans) in byCode where plans.count > 1 {
            byCode[code] = try Self.ordered(plans, code: code)
        }
        self.plansByRegion = byRegion
        self.plansByCode = byCode
        self.regions = regions
    }

    /// The plans of the calling code that `digits` starts with, and that code's length in digits.
    /// Calling codes are prefix-free, so the first hit is the only one.
    func callingCode(prefixing digits: PhoneDigits) -> (plans: [PhonePlan], length: Int)? {
        guard digits.count > 0, digits.digit(at: 0) != 0 else { return nil }
        for length in 1...min(3, digits.count) {
            if let plans = plansByCode[Int(digits.prefix(length).value)] { return (plans, length) }
        }
        return nil
    }

    /// Puts the regions that claim numbers by leading digits before the main one; refuses codes where
    /// the choice would depend on file order alone (two mains, or a non-main without leading digits).
    private static func ordered(_ plans: [PhonePlan], code: Int) throws(PhonePlanTableError) -> [PhonePlan] {
        if plans.allSatisfy({ $0.region == nil }) { throw .ambiguousSharedCode(code) }
        let mains = plans.filter(\.isMain)
        let others = plans.filter { !$0.isMain }
        guard mains.count == 1, others.allSatisfy({ !$0.leading.allowsAnything && $0.region != nil }) else {
            throw .ambiguousSharedCode(code)
        }
        return others + mains
    }
}
