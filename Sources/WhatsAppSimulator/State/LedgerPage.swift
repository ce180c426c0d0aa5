/// A page of the ledger: `{"data":[…],"next":cursor|null}`.
struct LedgerPage: Encodable {
    let data: [LedgerEntry]
    let next: String?

    enum CodingKeys: String, CodingKey { case data, next }

    /// `next` is always present: the cursor, or an explicit `null` on the last page.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(data, forKey: .data)
        try container.encode(next, forKey: .next)
    }
}
