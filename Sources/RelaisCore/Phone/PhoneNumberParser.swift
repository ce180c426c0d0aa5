/// Turns any reasonable writing of a phone number into a `PhoneNumber` in E.164, following the
/// numbering-plan table (`Resources/phone-plans.tsv`): every rule about lengths, trunk prefixes and
/// leading digits lives in that data, this type only knows the order in which readings are tried.
///
/// How a writing is read:
/// 1. `+…`, or an international prefix (`00` anywhere, plus the default region's own, e.g. `011` in NANP):
///    international. A trunk prefix written after the calling code (`+33 (0)6…`) is dropped when the
///    number is valid only without it (Italy keeps its 0, since `+39 06…` is valid as written).
/// 2. Otherwise national, with the default region: trunk prefix stripped if present, else read as is
///    (so a float that lost its leading 0, `612345678`, still reads in France).
/// 3. If that fails and the digits start with the default region's own calling code (`(221) 77…`,
///    `33612345678`), the calling code is taken as written without `+`.
/// Foreign numbers without `+` or `00` are not guessed: a typo in a French file must not become an
/// Australian number. Extensions are refused (`extensionNotAllowed`), not stripped: WhatsApp reaches lines.
public struct PhoneNumberParser: Sendable {
    let table: PhonePlanTable

    /// Uses the table shipped in the module, read and parsed once per process.
    public init() {
        self.table = PhonePlanTable.bundled
    }

    init(table: PhonePlanTable) {
        self.table = table
    }

    /// Reads `raw` as written in a cell or a form field.
    /// - Parameter defaultRegion: ISO 3166-1 alpha-2 code (any case) used for national numbers; nil accepts
    ///   only international writings.
    public func parse(_ raw: String, defaultRegion: String?) throws(PhoneNumberError) -> PhoneNumber {
        var defaultPlan: PhonePlan?
        if let defaultRegion {
            guard let plan = plan(forRegion: defaultRegion) else { throw .unknownRegion(defaultRegion) }
            defaultPlan = plan
        }
        let input = try PhoneInputScanner.scan(raw)
        if input.hasPlus { return try readInternational(input.digits) }
        if let number = try readWithInternationalPrefix(input.digits, defaultPlan: defaultPlan) { return number }
        guard let defaultPlan else { throw .missingDefaultRegion }
        return try readNational(input.digits, plan: defaultPlan)
    }

    /// Reads digits that start with an international prefix: the region's own (`011`, `0011`, `009`) or `00`.
    /// Prefixes are tried longest first and the first valid reading wins, except that a reading landing in
    /// the default region's own calling code is preferred: in Colombia `0057 321…` is +57 321…, not `005` then +7.
    /// Returns nil when no prefix matches; when every reading fails, a national reading gets its chance
    /// (`0011…` is international in Australia, `0…` alone national) before the first error is thrown.
    private func readWithInternationalPrefix(_ digits: PhoneDigits, defaultPlan: PhonePlan?) throws(PhoneNumberError)
        -> PhoneNumber?
    {
        var firstNumber: PhoneNumber?
        var firstError: PhoneNumberError?
        for prefix in internationalPrefixes(of: defaultPlan) where digits.count > prefix.count && digits.hasPrefix(prefix) {
            do {
                let number = try readInternational(digits.dropFirst(prefix.count))
                if number.callingCode == defaultPlan?.callingCode { return number }
                firstNumber = firstNumber ?? number
            } catch {
                firstError = firstError ?? error
            }
        }
        if let firstNumber { return firstNumber }
        guard let firstError else { return nil }
        guard let defaultPlan, let number = try? readNational(digits, plan: defaultPlan) else { throw firstError }
        return number
    }

    /// The region's international prefixes plus `00`, longest first.
    private func internationalPrefixes(of plan: PhonePlan?) -> [PhoneDigits] {
        guard let plan else { return [Self.doubleZero] }
        return plan.internationalPrefixesWithDoubleZero
    }

    private static let doubleZero = PhoneDigits(value: 0, count: 2)

    /// Digits starting with a calling code: the code, then the national significant number.
    func readInternational(_ digits: PhoneDigits) throws(PhoneNumberError) -> PhoneNumber {
        guard let (plans, codeLength) = table.callingCode(prefixing: digits) else {
            throw .unknownCallingCode(digits.prefix(min(3, digits.count)).string)
        }
        let nsn = digits.dropFirst(codeLength)
        let asWritten = match(nsn, in: plans, preferring: nil)
        if case .success(let number) = asWritten { return number }
        var withoutTrunk: PhoneNumberError?
        for plan in plans {
            guard let trunk = plan.trunkPrefixesLongestFirst.first(where: { nsn.count > $0.count && nsn.hasPrefix($0) }) else { continue }
            switch match(nsn.dropFirst(trunk.count), in: plans, preferring: nil) {
            case .success(let number): return number
            case .failure(let error): withoutTrunk = withoutTrunk ?? error
            }
        }
        // `+33 (0)6 12 34 56 7`: the writer meant the number without its trunk prefix, so its length is the news,
        // not the 0 that no French number starts with.
        if case .failure(.invalidLeadingDigits) = asWritten, let withoutTrunk { throw withoutTrunk }
        return try asWritten.get()
    }

    /// A number without `+` or international prefix, read in `plan`'s region.
    func readNational(_ digits: PhoneDigits, plan: PhonePlan) throws(PhoneNumberError) -> PhoneNumber {
        let plans = table.plansByCode[plan.callingCode] ?? [plan]
        var firstFailure: PhoneNumberError?
        for trunk in plan.trunkPrefixesLongestFirst where digits.count > trunk.count && digits.hasPrefix(trunk) {
            switch match(digits.dropFirst(trunk.count), in: plans, preferring: plan) {
            case .success(let number): return number
            case .failure(let error): firstFailure = firstFailure ?? error
            }
        }
        switch match(digits, in: plans, preferring: plan) {
        case .success(let number): return number
        case .failure(let error): firstFailure = firstFailure ?? error
        }
        let code = plan.callingCodeDigits
        if digits.count > code.count, digits.hasPrefix(code),
            let number = try? readInternational(digits), number.callingCode == plan.callingCode
        {
            return number
        }
        throw firstFailure ?? .invalidLeadingDigits(region: plan.region, callingCode: plan.callingCode)
    }

    /// The first plan of the code (others before main) whose lengths and leading digits accept `nsn`.
    /// On failure the error names the region the digits point at, else the preferred one, else the main one.
    private func match(_ nsn: PhoneDigits, in plans: [PhonePlan], preferring preferred: PhonePlan?)
        -> Result<PhoneNumber, PhoneNumberError>
    {
        for plan in plans where plan.allowsLength(nsn.count) && plan.leading.matches(nsn) {
            return .success(PhoneNumber(callingCode: plan.callingCode, nationalNumber: nsn.string, regionCode: plan.region))
        }
        let blamed = plans.first { $0.leading.matches(nsn) && !$0.isMain } ?? preferred ?? plans[plans.count - 1]
        return .failure(blamed.mismatch(for: nsn))
    }
}
