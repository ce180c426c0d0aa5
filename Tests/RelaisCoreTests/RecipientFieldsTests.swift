import Foundation
import RelaisCore
import Testing

@Suite struct RecipientFieldsTests {
    @Test func valuesAreTrimmedAndBlankMeansMissing() {
        let padded = RecipientFields(
            name: "  Awa  ", firstName: " ", lastName: nil, phone: "+221770000000", email: "", country: "SN", language: nil,
            attributes: ["promo": "\tTABASKI\n", "empty": ""])
        #expect(padded.value(of: "name") == "Awa")
        #expect(padded.value(of: "first_name") == nil)
        #expect(padded.value(of: "last_name") == nil)
        #expect(padded.value(of: "email") == nil)
        #expect(padded.value(of: "country") == "SN")
        #expect(padded.value(of: "attr.promo") == "TABASKI")
        #expect(padded.value(of: "attributes.empty") == nil)
        #expect(padded.value(of: "nothing") == nil)
    }

    @Test func fixedFieldsWinOverAttributesOfTheSameName() {
        let fields = RecipientFields(name: "Awa", phone: "+221770000000", attributes: ["name": "Other", "phone": "x"])
        #expect(fields.value(of: "name") == "Awa")
        #expect(fields.value(of: "attr.name") == "Other")
    }

    @Test func fromContact() {
        let contact = Contact(
            id: UUID(), name: "Zoé Lefèvre", firstName: "Zoé", lastName: "Lefèvre", phone: "+33612345678", email: "zoe@example.fr",
            language: "fr", country: "FR", attributes: ["promo": "PRINTEMPS20"], tags: ["vip"],
            consent: .init(status: .optedIn, source: nil, at: nil, evidence: nil), createdAt: Date(), updatedAt: Date(),
            lastInboundAt: nil, lastOutboundAt: nil)
        #expect(
            RecipientFields(contact)
                == RecipientFields(
                    name: "Zoé Lefèvre", firstName: "Zoé", lastName: "Lefèvre", phone: "+33612345678", email: "zoe@example.fr", country: "FR",
                    language: "fr", attributes: ["promo": "PRINTEMPS20"]))
    }
}
