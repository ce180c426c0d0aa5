import Foundation
import WhatsAppCloud

/// All mutable state of a simulator, guarded by one lock so each request takes it once.
struct SimulatorState: Sendable {
    let configuration: SimulatorStateConfiguration
    var numbers: [String: SimulatedNumber] = [:]
    /// Access token → phone number id.
    var tokens: [String: String] = [:]
    /// WABA id → (`name|language` → template), plus creation order for stable listing.
    var templates: [String: [String: SimulatedTemplate]] = [:]
    var templateOrder: [String: [String]] = [:]
    var media: [String: StoredMedia] = [:]
    var ledger: [LedgerEntry] = []
    /// Phone number id → positions in `ledger`.
    var ledgerIndex: [String: [Int]] = [:]
    /// Per ledger position, the statuses reported so far (inspection API). Status events carry their position, so
    /// the webhook loop marks them without hashing a wamid under the lock.
    var reportedStatuses: [ReportedStatuses] = []
    /// `wabaID|name|language` of the templates being paced.
    var pacedTemplates: Set<String> = []
    /// `wabaID|name|language` → sends held for quality assessment.
    var held: [String: [AcceptedSend]] = [:]
    /// WABA id → the callback URL set by `POST /{waba-id}/subscribed_apps` with `override_callback_uri`.
    var callbackOverrides: [String: String] = [:]
    /// Embedded-signup codes not yet exchanged → the phone number id they onboard.
    var signupCodes: [String: String] = [:]
    /// Times of the app's management calls in the last hour, when the app-wide budget (code 4) is set.
    var appCalls: [Date] = []
    var events = EventHeap<ScheduledEvent>()
    var random: SeededGenerator
    var sequence: UInt64 = 0
    /// Ids of numbers and WABAs start here; drawn from the seed so that two simulators with different
    /// seeds (two sandbox runs, two test servers on one database) never hand out the same ids.
    let idBase: UInt64
    var webhookLog: [WebhookLogEntry] = []
    /// wa_id → scripted behaviour, for every number.
    var recipientScripts: [String: RecipientScript] = [:]

    init(configuration: SimulatorStateConfiguration) {
        self.configuration = configuration
        var random = SeededGenerator(seed: configuration.seed)
        idBase = 100_000_000_000_000 + (random.next() % 800_000_000) * 1_000_000
        self.random = random
    }

    mutating func nextSequence() -> UInt64 {
        sequence += 1
        return sequence
    }

    /// Creates a number with its own WABA and token (control API).
    mutating func createNumber(_ patch: NumberPatch, now: ContinuousClock.Instant) -> SimulatedNumber {
        let serial = nextSequence()
        var behavior = configuration.defaultBehavior
        patch.apply(to: &behavior)
        let tokenBits = (random.next(), random.next())
        let number = SimulatedNumber(
            phoneNumberID: String(idBase + serial), wabaID: String(idBase + 500_000 + serial),
            accessToken: "EAAsim" + String(tokenBits.0, radix: 36) + String(tokenBits.1, radix: 36),
            displayDigits: Self.digits(patch.displayPhoneNumber ?? "1555\(String(format: "%07d", 100_000 + Int(serial)))"),
            verifiedName: patch.verifiedName ?? "Relais Sandbox", behavior: behavior,
            bucket: TokenBucket(rate: behavior.throughput, now: now))
        numbers[number.phoneNumberID] = number
        tokens[number.accessToken] = number.phoneNumberID
        templates[number.wabaID] = [:]
        templateOrder[number.wabaID] = []
        return number
    }

    /// Changes a number's behaviour; false when it does not exist.
    mutating func patchNumber(_ id: String, _ patch: NumberPatch) -> SimulatedNumber? {
        guard var number = numbers[id] else { return nil }
        patch.apply(to: &number.behavior)
        number.bucket.setRate(number.behavior.throughput)
        if let display = patch.displayPhoneNumber { number.displayDigits = Self.digits(display) }
        if let name = patch.verifiedName { number.verifiedName = name }
        numbers[id] = number
        return number
    }

    /// The number owning `token`, or the Graph error Meta would answer for object `objectID`.
    func authorize(token: String?, objectID: String, method: String) -> Result<SimulatedNumber, GraphFailure> {
        guard let token, let ownerID = tokens[token], let owner = numbers[ownerID] else {
            return .failure(.invalidToken(expired: false))
        }
        guard owner.behavior.tokenValid else { return .failure(.invalidToken(expired: true)) }
        if owner.phoneNumberID == objectID || owner.wabaID == objectID { return .success(owner) }
        let exists = numbers[objectID] != nil || templates[objectID] != nil
        return .failure(exists ? .permissionDenied(objectID) : .unknownObject(objectID, method: method))
    }

    /// Ledger entries of `phoneNumberID` (or all) after the cursor, oldest first.
    func ledgerPage(phoneNumberID: String?, limit: Int, after: Int?) -> (entries: [LedgerEntry], next: Int?) {
        let positions: [Int] = phoneNumberID.map { ledgerIndex[$0] ?? [] } ?? Array(ledger.indices)
        var start = 0
        if let after {
            // Positions are ascending: binary search for the first one past the cursor.
            var low = 0, high = positions.count
            while low < high {
                let mid = (low + high) / 2
                if positions[mid] <= after { low = mid + 1 } else { high = mid }
            }
            start = low
        }
        let end = min(positions.count, start + limit)
        let slice = positions[start..<end]
        return (slice.map { ledger[$0] }, end < positions.count ? slice.last : nil)
    }

    /// A template's key within its WABA: Meta identifies a template by its name and language together.
    static func templateKey(name: String, language: String) -> String { name + "|" + language }

    /// Mints the id of a stored media object (uploaded, or sent by a user).
    mutating func mintMediaID() -> String { String(1_037_543_291_540_000 + nextSequence()) }

    static func digits(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0.value >= 48 && $0.value <= 57 }.map(Character.init))
    }
}
