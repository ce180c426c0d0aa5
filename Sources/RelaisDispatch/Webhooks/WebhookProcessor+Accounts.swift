import Foundation
import RelaisCore
import RelaisStore
import WhatsAppCloud

/// Webhooks about people and accounts rather than messages: WhatsApp's marketing control, quality and tier
/// changes of a number, and account bans or restrictions.
extension WebhookProcessor {
    /// `user_preferences`, routed by its phone number id; false when nobody here owns the number.
    func apply(_ value: UserPreferencesValue) async throws -> Bool {
        guard let phoneNumberID = value.metadata?.phoneNumberID, let route = try await route(phoneNumberID) else { return false }
        try await database.withTenant(route.tenant, logger: logger) { connection in
            for preference in value.preferences { try await apply(preference, on: connection) }
        }
        return true
    }

    /// `phone_number_quality_update`: the number is found by its WABA and display digits (there is no metadata).
    func apply(_ update: PhoneNumberQualityUpdate, wabaID: String) async throws -> Bool {
        let tenants = try await database.withoutTenant { try await $0.tenants(ofWABA: wabaID) }
        let digits = String(update.displayPhoneNumber.filter(\.isNumber))
        // FLAGGED means Meta rates the number low; the tier and throughput are Meta's own words.
        let quality: String? =
            switch update.event {
            case "FLAGGED": "RED"
            case "UNFLAGGED": "GREEN"
            default: nil
            }
        let throughput = update.event == "THROUGHPUT_UPGRADE" ? 1000 : nil
        for tenant in tenants {
            try await database.withTenant(tenant, logger: logger) { connection in
                _ = try await connection.applyQualityUpdate(
                    wabaID: wabaID, displayDigits: digits, qualityRating: quality, tier: update.tier, throughput: throughput)
            }
        }
        return !tenants.isEmpty
    }

    /// `account_update`: a ban or a restriction pauses every number of the WABA with its campaigns; other events
    /// (violations, partner changes) change nothing here.
    func apply(_ update: AccountUpdate, wabaID: String) async throws -> Bool {
        let tenants = try await database.withoutTenant { try await $0.tenants(ofWABA: wabaID) }
        guard update.stopsSending else { return !tenants.isEmpty }
        let reason =
            update.event == "DISABLED_UPDATE"
            ? "Meta disabled this WhatsApp Business account: sending is stopped until Meta reinstates it."
            : "Meta restricted this WhatsApp Business account (\(Self.restrictionNames(update.restrictions))): business-initiated messages are refused."
        for tenant in tenants {
            try await database.withTenant(tenant, logger: logger) { connection in
                for number in try await connection.numberIDs(ofWABA: wabaID) {
                    try await connection.pauseCampaigns(ofNumber: number, reason: reason, pauseNumber: true)
                }
            }
            logger.warning("account update paused a company's numbers", metadata: ["tenant.id": "\(tenant)", "waba.id": "\(wabaID)", "event": "\(update.event)"])
        }
        return !tenants.isEmpty
    }

    /// WhatsApp's own marketing control (reference section 7): `stop` is a marketing opt-out like a STOP keyword;
    /// `resume` opts back in only a contact whose opt-out came from that control alone.
    private func apply(_ preference: UserPreferencesValue.Preference, on connection: TenantConnection) async throws {
        guard preference.category == nil || preference.category == "marketing_messages" else { return }
        // A user id without a phone number (BSUID-only payloads) names nobody we can look up; a wa_id that is not a
        // phone number's digits (a forged or broken payload) must not reach the suppression list.
        guard let waID = preference.waID, (7...15).contains(waID.count), waID.allSatisfy({ $0.isASCII && $0.isNumber }) else { return }
        let phone = "+" + waID
        let evidence = preference.detail ?? "WhatsApp marketing preference: \(preference.value)"
        switch preference.value {
        case "stop":
            if let contact = try await connection.contactID(phone: phone) {
                _ = try await connection.setConsent([contact], status: .optedOut, source: Self.preferenceSource, evidence: evidence, actor: nil)
            }
            try await connection.suppress(phone: phone, source: Self.preferenceSource)
        case "resume":
            if let contact = try await connection.contactID(phone: phone, optedOutOnlyBy: Self.preferenceSource) {
                _ = try await connection.setConsent([contact], status: .optedIn, source: Self.preferenceSource, evidence: evidence, actor: nil)
            } else if try await connection.contactID(phone: phone) == nil {
                try await connection.unsuppress(phone: phone, ifSuppressedBy: Self.preferenceSource)
            }
        default:
            return
        }
    }

    /// Meta's restriction names for a reason people read: a few, short, in Meta's own alphabet (the payload is not ours).
    static func restrictionNames(_ restrictions: [String]) -> String {
        restrictions.prefix(3).map { String($0.filter { $0.isASCII && ($0.isUppercase || $0 == "_") }.prefix(64)) }.filter { !$0.isEmpty }
            .joined(separator: ", ")
    }

    /// The consent source of changes made through WhatsApp's marketing control.
    static let preferenceSource = "whatsapp_user_preferences"
}
