import Foundation
import RelaisCore
import RelaisStore
import Testing

@Suite struct SecretBoxTests {
    let tenant = TenantID.generate()

    @Test func sealsAndOpensWithTheSameContext() throws {
        let box = try SecretBox(spec: SecretBox.generateSpec())
        let sealed = try box.seal("EAAG-secret-token", tenant: tenant, column: "access_token")
        #expect(!sealed.contains("EAAG"))
        #expect(try box.open(sealed, tenant: tenant, column: "access_token") == "EAAG-secret-token")
    }

    @Test func aCiphertextMovedToAnotherTenantOrColumnDoesNotOpen() throws {
        let box = try SecretBox(spec: SecretBox.generateSpec())
        let sealed = try box.seal("token", tenant: tenant, column: "access_token")
        #expect(throws: SecretBoxError.cannotOpen) { try box.open(sealed, tenant: TenantID.generate(), column: "access_token") }
        #expect(throws: SecretBoxError.cannotOpen) { try box.open(sealed, tenant: tenant, column: "app_secret") }
        var tampered = Array(sealed)
        tampered[tampered.count - 3] = tampered[tampered.count - 3] == "A" ? "B" : "A"
        #expect(throws: SecretBoxError.self) { try box.open(String(tampered), tenant: tenant, column: "access_token") }
    }

    @Test func olderKeysStillOpenAndTheFirstKeySeals() throws {
        let old = SecretBox.generateSpec(id: "k1")
        let sealedWithOld = try SecretBox(spec: old).seal("token", tenant: tenant, column: "c")
        let rotated = try SecretBox(spec: SecretBox.generateSpec(id: "k2") + "," + old)
        #expect(try rotated.open(sealedWithOld, tenant: tenant, column: "c") == "token")
        #expect(SecretBox.keyID(of: try rotated.seal("token", tenant: tenant, column: "c")) == "k2")
        #expect(throws: SecretBoxError.unknownKey("k1")) { try SecretBox(spec: SecretBox.generateSpec(id: "k3")).open(sealedWithOld, tenant: tenant, column: "c") }
    }

    @Test(arguments: ["", "k1", "k1:notbase64", "k1:" + Data(count: 16).base64EncodedString(), "a b:" + Data(count: 32).base64EncodedString(),
                      "k1:" + Data(count: 32).base64EncodedString() + ",k1:" + Data(count: 32).base64EncodedString()])
    func refusesBadKeySpecs(_ spec: String) {
        #expect(throws: SecretBoxError.invalidKeySpec) { try SecretBox(spec: spec) }
    }
}
