import WhatsAppCloud

/// A template stored in a simulated WABA, with what sends are checked against pre-computed at creation.
struct SimulatedTemplate: Sendable {
    let id: String
    let name: String
    let language: String
    let category: String
    let parameterFormat: String
    let components: [JSONValue]
    var status: String
    var rejectionReason: String?
    /// Distinct variables of the body, in order of first appearance (`1`, `2` … or names).
    let bodyVariables: [String]
    let bodyText: String
    /// `TEXT`, `IMAGE`, `VIDEO`, `DOCUMENT`, … or nil without header.
    let headerFormat: String?
    let headerVariables: [String]
    /// Buttons whose URL carries a variable, by index.
    let dynamicURLButtons: Set<Int>
    /// Meta's pacing of this template while it is being assessed; nil once decided (or never paced).
    var pacing: TemplatePacing? = nil
    /// Pauses so far: the third one disables the template.
    var pauseCount = 0

    /// Meta's JSON for listing.
    var listing: MessageTemplate {
        MessageTemplate(
            id: id, name: name, language: language, status: status, category: category, parameterFormat: parameterFormat,
            components: components)
    }
}

/// Template pacing (reference section 3): the first `released` sends go out, the rest are held until Meta decides.
struct TemplatePacing: Sendable {
    enum Outcome: String, Sendable {
        /// Good signal: the held messages go out.
        case release
        /// Bad signal: the template is paused and the held messages fail with 132015.
        case pause
    }

    var released: Int
    var outcome: Outcome
    var decideAfter: Duration
    /// Sends counted so far while paced.
    var sends = 0
    var decisionScheduled = false
}

/// An accepted send: what its statuses need, kept while Meta holds it for quality assessment.
struct AcceptedSend: Sendable {
    let number: NumberIdentity
    let wamid: String
    let ledgerPosition: Int
    let waID: String
    let callbackData: String?
    let templateCategory: String?
    let outsideWindow: Bool
    let apiMajorVersion: Int
}
