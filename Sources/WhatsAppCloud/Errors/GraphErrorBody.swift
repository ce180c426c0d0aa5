/// Meta's error JSON: `{"error":{"message","type","code","error_subcode","error_data","fbtrace_id",…}}`.
///
/// Public so the simulator writes exactly the shape the client reads.
public struct GraphErrorBody: Codable, Sendable, Hashable {
    /// The inner `error` object.
    public struct Payload: Codable, Sendable, Hashable {
        /// `error_data`: which product and the detailed explanation.
        public struct ErrorData: Codable, Sendable, Hashable {
            public var messagingProduct: String?
            public var details: String?

            public init(messagingProduct: String? = "whatsapp", details: String?) {
                self.messagingProduct = messagingProduct
                self.details = details
            }

            enum CodingKeys: String, CodingKey {
                case messagingProduct = "messaging_product"
                case details
            }
        }

        public var message: String
        public var type: String?
        public var code: Int?
        public var errorSubcode: Int?
        public var errorData: ErrorData?
        public var isTransient: Bool?
        public var errorUserTitle: String?
        public var errorUserMessage: String?
        public var fbtraceID: String?

        public init(
            message: String, type: String?, code: Int?, errorSubcode: Int? = nil, errorData: ErrorData? = nil,
            isTransient: Bool? = nil, fbtraceID: String?
        ) {
            self.message = message
            self.type = type
            self.code = code
            self.errorSubcode = errorSubcode
            self.errorData = errorData
            self.isTransient = isTransient
            self.fbtraceID = fbtraceID
        }

        enum CodingKeys: String, CodingKey {
            case message, type, code
            case errorSubcode = "error_subcode"
            case errorData = "error_data"
            case isTransient = "is_transient"
            case errorUserTitle = "error_user_title"
            case errorUserMessage = "error_user_msg"
            case fbtraceID = "fbtrace_id"
        }
    }

    public var error: Payload

    public init(error: Payload) { self.error = error }

    /// Converts to the typed client error, classifying by `code` first.
    public func whatsAppError(httpStatus: Int) -> WhatsAppError {
        WhatsAppError(
            failure: .graph,
            httpStatus: httpStatus,
            code: error.code,
            subcode: error.errorSubcode,
            type: error.type,
            message: error.message,
            details: error.errorData?.details,
            fbtraceID: error.fbtraceID,
            disposition: WhatsAppErrorCatalog.disposition(code: error.code, httpStatus: httpStatus, isTransient: error.isTransient ?? false)
        )
    }
}
