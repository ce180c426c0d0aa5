/// Who a number is, without its mutable limiter state.
struct NumberIdentity: Sendable {
    let phoneNumberID: String
    let wabaID: String
    let displayDigits: String
}
