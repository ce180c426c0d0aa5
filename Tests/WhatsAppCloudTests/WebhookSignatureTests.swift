import WhatsAppTestSupport
import Foundation
import Testing
import WhatsAppCloud

@Suite struct WebhookSignatureTests {
    @Test func matchesOpenSSLVector() {
        // printf '{"a":1}' | openssl dgst -sha256 -hmac secret
        let signer = WebhookSignature(appSecret: "secret")
        let body = Data(#"{"a":1}"#.utf8)
        #expect(signer.signature(for: body) == "sha256=aa9e2e3575f5d7098b6caccd790888c36d5fdb63342a73bada2d6a51747a8494")
        #expect(signer.isValid("sha256=aa9e2e3575f5d7098b6caccd790888c36d5fdb63342a73bada2d6a51747a8494", body: body))
    }

    @Test func rejectsWrongOrMalformedSignatures() {
        let signer = WebhookSignature(appSecret: "secret")
        let body = Data("payload".utf8)
        let good = signer.signature(for: body)
        #expect(signer.isValid(good, body: body))
        #expect(!signer.isValid(good, body: Data("payload ".utf8)))
        #expect(!WebhookSignature(appSecret: "other").isValid(good, body: body))
        #expect(!signer.isValid(nil, body: body))
        #expect(!signer.isValid("sha1=abc", body: body))
        #expect(!signer.isValid("sha256=" + String(repeating: "z", count: 64), body: body))
        #expect(signer.isValid(good.uppercased().replacingOccurrences(of: "SHA256=", with: "sha256="), body: body))
    }
}
