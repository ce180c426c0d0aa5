import Foundation
import Logging
import RelaisCore
import RelaisDispatch
import RelaisStore
import WhatsAppCloud

extension CampaignService {
    /// What a test send answers: the message recorded, and WhatsApp's first answer.
    struct TestSent: Encodable {
        let id: UUID
        let status: String
        let wamid: String?
        let error: String?
    }

    /// The number to test with, in E.164 (national numbers read with the company's default country).
    static func phone(_ raw: String, identity: Identity) throws -> String {
        do throws(PhoneNumberError) {
            return try PhoneNumberParser().parse(raw, defaultRegion: identity.company.defaultCountry).e164
        } catch {
            throw Problem(
                status: .unprocessableContent, code: "error.validation", detail: error.englishReason,
                issues: [ValidationIssue(field: "phone", code: error.code)])
        }
    }

    /// Sends the campaign's message (its first variant) to one number, rendered for the contact with that number
    /// (or for `contact_id`, or for nobody: fallbacks then apply). The number must not be suppressed.
    func testSend(_ id: UUID, _ body: TestSendBody, identity: Identity, audit: Auditor) async throws -> TestSent {
        let messageID = UUID()
        let callbackID = UUID()
        let (numberID, phone, content, fields) = try await database.withTenant(identity.tenant) {
            connection -> (UUID, String, ResolvedContent, RecipientFields) in
            guard let campaign = try await connection.campaign(id) else { throw Problem.notFound() }
            let phone = try Self.phone(body.phone, identity: identity)
            if try await connection.isSuppressed(phone: phone) {
                throw Problem(status: .unprocessableContent, code: "error.campaign.test_suppressed", detail: "This number opted out of messages.")
            }
            let resolved: ResolvedContent
            do {
                guard let first = try await connection.resolveContents(of: campaign).first else { throw Problem.notFound() }
                resolved = first
            } catch let error as CampaignLaunchError {
                throw Self.problem(error, state: campaign.state)
            }
            var fields = RecipientFields(name: "", phone: phone)
            if let contactID = body.contactId {
                guard let member = try await connection.recipient(contact: contactID) else { throw Problem.notFound() }
                fields = member.fields
            } else if let contactID = try await connection.contactID(phone: phone), let member = try await connection.recipient(contact: contactID) {
                fields = member.fields
            }
            return (campaign.numberID, phone, resolved, fields)
        }
        let (number, token) = try await numbers.numberAndToken(numberID, tenant: identity.tenant)
        // An uploaded header file needs its Graph id on this number first (uploaded now if it has none yet).
        let resolved: ResolvedContent
        do {
            resolved = try await HeaderMediaUploader(database: database, whatsApp: numbers.client, logger: Logger(label: "relais.campaigns"))
                .attach([content], tenant: identity.tenant, number: numberID, phoneNumberID: number.phoneNumberID, accessToken: token)[0]
        } catch let error as CampaignLaunchError {
            throw Problem(status: .unprocessableContent, code: error.code, detail: error.reason)
        }
        let claimed = ClaimedMessage(id: messageID, runID: id, callbackID: callbackID, toPhone: phone, variant: 0, attempts: 1, fields: fields)
        guard case .send(let outbound) = CampaignMessage.plan(claimed, content: resolved) else {
            let missing = resolved.content.render(fields).missingFields.joined(separator: ", ")
            throw Problem(
                status: .unprocessableContent, code: "error.campaign.test_unrenderable",
                detail: "The message cannot be rendered for this contact (no value for \(missing)).")
        }
        try await database.withTenant(identity.tenant) { connection in
            try await connection.insertOutboundMessage(
                id: messageID, number: numberID, to: phone, kind: "template", templateName: resolved.template.name,
                bodyPreview: resolved.shape.previewText(resolved.content.render(fields)), callbackID: callbackID)
            try await connection.appendAudit(audit(.campaignTestSent, id, ["phone": phone]))
        }
        let outcome: Result<SendReceipt, WhatsAppError>
        do throws(WhatsAppError) {
            outcome = .success(try await numbers.client.send(outbound, phoneNumberID: number.phoneNumberID, accessToken: token))
        } catch {
            outcome = .failure(error)
        }
        switch outcome {
        case .success(let receipt):
            try await database.withTenant(identity.tenant) {
                try await $0.recordSendOutcome(id: messageID, status: .sent, wamid: receipt.messageID, errorCode: nil, errorTitle: nil)
            }
            return TestSent(id: messageID, status: MessageStatus.sent.rawValue, wamid: receipt.messageID, error: nil)
        case .failure(let error):
            let status: MessageStatus = error.disposition == .uncertain ? .uncertain : .failed
            try await database.withTenant(identity.tenant) {
                try await $0.recordSendOutcome(id: messageID, status: status, wamid: nil, errorCode: error.code, errorTitle: error.reason)
            }
            return TestSent(id: messageID, status: status.rawValue, wamid: nil, error: error.reason)
        }
    }
}
