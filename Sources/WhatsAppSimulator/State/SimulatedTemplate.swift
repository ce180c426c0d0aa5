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

    /// Meta's JSON for listing.
    var listing: MessageTemplate {
        MessageTemplate(
            id: id, name: name, language: language, status: status, category: category, parameterFormat: parameterFormat,
            components: components)
    }
}
