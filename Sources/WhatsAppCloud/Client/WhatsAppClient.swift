import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// A client for Meta's WhatsApp Cloud (Graph) API.
///
/// Stateless apart from the shared `HTTPClient`: every call takes the access token of the phone number or
/// WABA it concerns, because tokens are per tenant and stored encrypted by the caller.
public struct WhatsAppClient: Sendable {
    public let httpClient: HTTPClient
    /// Scheme and host without a trailing slash, e.g. `https://graph.facebook.com` or a simulator URL.
    public let baseURL: String
    public let apiVersion: String
    /// Deadline of each call; a send that times out after being written is reported as `uncertain`.
    public let timeout: Duration
    let logger: Logger

    public init(
        httpClient: HTTPClient,
        baseURL: String = "https://graph.facebook.com",
        apiVersion: String = "v23.0",
        timeout: Duration = .seconds(30),
        logger: Logger = Logger(label: "whatsapp.client")
    ) {
        self.httpClient = httpClient
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiVersion = apiVersion
        self.timeout = timeout
        self.logger = logger
    }

    /// Sends one message; returns the wamid once Meta accepted it (delivery arrives later by webhook).
    public func send(_ message: OutboundMessage, phoneNumberID: String, accessToken: String) async throws(WhatsAppError) -> SendReceipt {
        try message.validate()
        let body = try encode(message)
        let response = try await perform(.POST, path: "\(phoneNumberID)/messages", accessToken: accessToken, body: body)
        return try decodeSuccess(SendReceipt.self, from: response)
    }

    /// Reads a phone number's details (display number, verified name, quality, throughput, tier).
    public func phoneNumber(id: String, accessToken: String) async throws(WhatsAppError) -> PhoneNumberDetails {
        let fields = [
            "id", "display_phone_number", "verified_name", "quality_rating", "throughput", "messaging_limit_tier",
            "whatsapp_business_manager_messaging_limit", "status", "name_status", "code_verification_status",
            "platform_type", "account_mode", "is_official_business_account",
        ].joined(separator: ",")
        let response = try await perform(.GET, path: "\(id)?fields=\(fields)", accessToken: accessToken)
        return try decodeSuccess(PhoneNumberDetails.self, from: response)
    }

    func encode(_ value: some Encodable) throws(WhatsAppError) -> ByteBuffer {
        do {
            return ByteBuffer(bytes: try JSONEncoder().encode(value))
        } catch {
            throw WhatsAppError(failure: .invalidRequest, message: "could not encode request: \(error)", disposition: .invalidRequest)
        }
    }

    /// Runs one Graph call and turns every transport outcome into either a raw 2xx response or a `WhatsAppError`.
    func perform(
        _ method: HTTPMethod, path: String, accessToken: String, body: ByteBuffer? = nil, contentType: String = "application/json"
    ) async throws(WhatsAppError) -> GraphRawResponse {
        let url = "\(baseURL)/\(apiVersion)/\(path)"
        var headers = HTTPHeaders()
        headers.add(name: "Authorization", value: "Bearer \(accessToken)")
        headers.add(name: "Accept", value: "application/json")
        if body != nil { headers.add(name: "Content-Type", value: contentType) }
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(url: url, method: method, headers: headers, body: body.map { .byteBuffer($0) })
        } catch {
            throw WhatsAppError(failure: .invalidRequest, message: "invalid Graph URL \(url): \(error)", disposition: .invalidRequest)
        }
        let delegate = GraphResponseDelegate()
        let deadline = NIODeadline.now() + TimeAmount.nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
        let task = httpClient.execute(request: request, delegate: delegate, deadline: deadline, logger: logger)
        let response: GraphRawResponse
        do {
            response = try await withTaskCancellationHandler {
                try await task.futureResult.get()
            } onCancel: {
                task.cancel()
            }
        } catch {
            throw transportError(error, requestWritten: delegate.requestWritten)
        }
        guard (200..<300).contains(response.status) else {
            throw graphError(from: response)
        }
        return response
    }

    /// A failure before the request was written cannot have been accepted (retry); after, nobody knows.
    func transportError(_ error: any Error, requestWritten: Bool) -> WhatsAppError {
        if requestWritten {
            return WhatsAppError(
                failure: .responseLost, message: "request sent but no complete answer: \(error)", disposition: .uncertain)
        }
        return WhatsAppError(failure: .notSent, message: "request not sent: \(error)", disposition: .retryAfterBackoff)
    }

    /// Decodes Meta's error JSON; anything else (HTML from a proxy, empty body) is a `malformedResponse`.
    func graphError(from response: GraphRawResponse) -> WhatsAppError {
        if let body = try? JSONDecoder().decode(GraphErrorBody.self, from: Data(response.body.readableBytesView)) {
            return body.whatsAppError(httpStatus: response.status)
        }
        let disposition: WhatsAppErrorDisposition =
            switch response.status {
            case 401: .authProblem
            case 429: .throttled
            default: .retryAfterBackoff
            }
        return WhatsAppError(
            failure: .malformedResponse, httpStatus: response.status,
            message: "HTTP \(response.status) without a Graph error body: \(snippet(response.body))", disposition: disposition)
    }

    /// Decodes a 2xx body; an undecodable success is `uncertain` because the server did answer 2xx.
    func decodeSuccess<T: Decodable>(_ type: T.Type, from response: GraphRawResponse) throws(WhatsAppError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(response.body.readableBytesView))
        } catch {
            throw WhatsAppError(
                failure: .malformedResponse, httpStatus: response.status,
                message: "HTTP \(response.status) with an unreadable body (\(snippet(response.body))): \(error)", disposition: .uncertain)
        }
    }

    private func snippet(_ body: ByteBuffer) -> String {
        if body.readableBytes == 0 { return "empty body" }
        let text = String(decoding: body.readableBytesView.prefix(120), as: UTF8.self)
        return "\"\(text)\(body.readableBytes > 120 ? "…" : "")\""
    }
}
