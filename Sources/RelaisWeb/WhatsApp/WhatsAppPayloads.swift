import Foundation
import RelaisCore
import WhatsAppCloud

/// A connected number as the API shows it — never with its token.
struct NumberPayload: Encodable {
    let id: String
    let phoneNumberId: String
    let wabaId: String
    let displayPhoneNumber: String
    let verifiedName: String
    let qualityRating: String
    let throughput: Int
    let tier: String
    let status: String
    let statusReason: String?
    let sandbox: Bool
    let verifiedAt: Date

    init(_ number: ConnectedNumber) {
        id = number.id.uuidString.lowercased()
        phoneNumberId = number.phoneNumberID
        wabaId = number.wabaID
        displayPhoneNumber = number.displayPhoneNumber
        verifiedName = number.verifiedName
        qualityRating = number.qualityRating
        throughput = number.throughput
        tier = number.tier
        status = number.status.rawValue
        statusReason = number.statusReason
        sandbox = number.sandbox
        verifiedAt = number.verifiedAt
    }
}

/// A template as the API shows it, components in Meta's own format.
struct TemplatePayload: Encodable {
    let id: String
    let numberId: String
    let wabaId: String
    let name: String
    let language: String
    let category: String
    let status: String
    let statusReason: String?
    let components: [JSONValue]
    let updatedAt: Date

    init(_ template: StoredTemplate) {
        id = template.id.uuidString.lowercased()
        numberId = template.numberID.uuidString.lowercased()
        wabaId = template.wabaID
        name = template.name
        language = template.language
        category = template.category
        status = template.status
        statusReason = template.statusReason
        components = (try? JSONDecoder().decode([JSONValue].self, from: Data(template.componentsJSON.utf8))) ?? []
        updatedAt = template.updatedAt
    }
}
