/// Creates numbers on the built-in simulator, for sandbox mode. The composition root supplies it
/// (the web layer knows nothing of the simulator); nil when sandbox mode is off.
public struct SandboxNumbers: Sendable {
    public struct Credentials: Sendable {
        public let phoneNumberID: String
        public let wabaID: String
        public let accessToken: String

        public init(phoneNumberID: String, wabaID: String, accessToken: String) {
            self.phoneNumberID = phoneNumberID
            self.wabaID = wabaID
            self.accessToken = accessToken
        }
    }

    public let create: @Sendable (_ displayPhoneNumber: String?) async throws -> Credentials

    public init(create: @escaping @Sendable (_ displayPhoneNumber: String?) async throws -> Credentials) {
        self.create = create
    }
}
