import Foundation
import Hummingbird
import NIOCore
import Prometheus
import RelaisStore
import WhatsAppCloud

/// `/webhooks/whatsapp`: Meta's verification handshake (GET) and event delivery (POST).
///
/// A POST is checked against `X-Hub-Signature-256` over the exact bytes received, stored
/// durably (by `WebhookInbox`, several per commit), and answered 200 once committed;
/// `WebhookProcessor` applies it afterwards. A missing or wrong signature stores nothing.
struct WebhookController {
    static let path = "/webhooks/whatsapp"
    /// Meta sends payloads of up to 3 MB.
    static let bodyLimit = 3 << 20

    let inbox: WebhookInbox
    let signature: WebhookSignature
    let verifyToken: String
    let registry: PrometheusCollectorRegistry

    func register(_ router: Router<AppRequestContext>) {
        router.get(RouterPath(Self.path)) { request, _ in
            let query = request.uri.queryParameters
            guard query.get("hub.mode") == "subscribe", let token = query.get("hub.verify_token"),
                FormBody.constantTimeEqual(token, verifyToken), let challenge = query.get("hub.challenge"), challenge.count <= 256
            else {
                throw Problem(status: .forbidden, code: "error.webhook.verify_token", detail: "The verify token does not match.")
            }
            return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: challenge)))
        }
        router.post(RouterPath(Self.path)) { request, context in
            var context = context
            context.bodyLimit = Self.bodyLimit
            let body = try await JSONBody.collect(request, context: context)
            guard signature.isValid(request.headers[.init(WebhookSignature.headerName)!], body: body) else {
                count("rejected_signature")
                throw Problem(status: .unauthorized, code: "error.webhook.signature", detail: "Missing or wrong X-Hub-Signature-256.")
            }
            // PostgreSQL text cannot hold a NUL: refused here, it cannot fail the write it would share with others.
            guard let text = String(data: body, encoding: .utf8), !text.isEmpty, !body.contains(0) else {
                count("rejected_encoding")
                throw Problem.badRequest("error.webhook.encoding", "The webhook body is empty, not UTF-8, or holds a NUL byte.")
            }
            try await inbox.store(text)
            count("stored")
            return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "OK")))
        }
    }

    private func count(_ outcome: String) {
        registry.makeCounter(
            descriptor: .init(metricName: "relais_webhooks_received", unitName: "total", helpText: "WhatsApp webhooks received, by outcome"),
            labels: [("outcome", outcome)]
        ).increment()
    }
}
