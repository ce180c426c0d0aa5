import Foundation
import PostgresNIO
import RelaisCore

/// A number about to be stored, with its token already sealed.
public struct NumberRecord: Sendable {
    public let id: UUID
    public let phoneNumberID: String
    public let wabaID: String
    public let displayPhoneNumber: String
    public let verifiedName: String
    public let qualityRating: String
    public let throughput: Int
    public let tier: String
    public let sandbox: Bool
    public let sealedToken: String

    public init(
        id: UUID, phoneNumberID: String, wabaID: String, displayPhoneNumber: String, verifiedName: String, qualityRating: String,
        throughput: Int, tier: String, sandbox: Bool, sealedToken: String
    ) {
        self.id = id
        self.phoneNumberID = phoneNumberID
        self.wabaID = wabaID
        self.displayPhoneNumber = displayPhoneNumber
        self.verifiedName = verifiedName
        self.qualityRating = qualityRating
        self.throughput = throughput
        self.tier = tier
        self.sandbox = sandbox
        self.sealedToken = sealedToken
    }
}

extension TenantConnection {
    static let numberColumns = """
        id, phone_number_id, waba_id, display_phone_number, verified_name, quality_rating, throughput, tier, status,
        status_reason, sandbox, verified_at, created_at
        """

    /// Stores a newly connected number. Throws `uniqueViolation("whatsapp_numbers_phone_number_id_key")`
    /// when that Meta number is already connected (by anyone). Changes: one `whatsapp_numbers` row.
    public func insertNumber(_ number: NumberRecord) async throws {
        try await run(
            """
            INSERT INTO whatsapp_numbers (tenant_id, id, phone_number_id, waba_id, display_phone_number, verified_name,
                quality_rating, throughput, tier, sandbox, access_token_sealed)
            VALUES (\(tenant.rawValue), \(number.id), \(number.phoneNumberID), \(number.wabaID), \(number.displayPhoneNumber),
                \(number.verifiedName), \(number.qualityRating), \(number.throughput), \(number.tier), \(number.sandbox),
                \(number.sealedToken))
            """)
    }

    /// Returns this tenant's numbers, oldest first (a company has a handful).
    public func numbers() async throws -> [ConnectedNumber] {
        try await decodeNumbers(
            try await run("SELECT \(unescaped: Self.numberColumns) FROM whatsapp_numbers WHERE tenant_id = \(tenant.rawValue) ORDER BY created_at, id"))
    }

    /// Returns one number of this tenant, or nil (also for another tenant's id).
    public func number(_ id: UUID) async throws -> ConnectedNumber? {
        try await decodeNumbers(
            try await run("SELECT \(unescaped: Self.numberColumns) FROM whatsapp_numbers WHERE tenant_id = \(tenant.rawValue) AND id = \(id)")
        ).first
    }

    /// Returns a number's sealed access token, to be opened by the caller's `SecretBox`.
    public func sealedToken(ofNumber id: UUID) async throws -> String? {
        let rows = try await run("SELECT access_token_sealed FROM whatsapp_numbers WHERE tenant_id = \(tenant.rawValue) AND id = \(id)")
        for try await token in rows.decode(String.self) { return token }
        return nil
    }

    /// Refreshes what Meta says about a number (re-verify) and clears a pause. Changes: the number's row.
    public func updateNumberDetails(
        _ id: UUID, displayPhoneNumber: String, verifiedName: String, qualityRating: String, throughput: Int, tier: String
    ) async throws {
        try await run(
            """
            UPDATE whatsapp_numbers SET display_phone_number = \(displayPhoneNumber), verified_name = \(verifiedName),
                quality_rating = \(qualityRating), throughput = \(throughput), tier = \(tier), status = 'connected',
                status_reason = NULL, verified_at = now(), updated_at = now()
            WHERE tenant_id = \(tenant.rawValue) AND id = \(id)
            """)
    }

    /// Sets a number's status with the reason (e.g. paused because Meta refused its token). Changes: the number's row.
    public func setNumberStatus(_ id: UUID, _ status: ConnectedNumber.Status, reason: String?) async throws {
        try await run(
            """
            UPDATE whatsapp_numbers SET status = \(status.rawValue), status_reason = \(reason), updated_at = now()
            WHERE tenant_id = \(tenant.rawValue) AND id = \(id)
            """)
    }

    /// Applies what a `phone_number_quality_update` says to this tenant's number of `wabaID` whose display number has
    /// these digits (the webhook has no phone number id); nil fields are left alone. Returns the number's id.
    /// Changes: at most one `whatsapp_numbers` row.
    public func applyQualityUpdate(wabaID: String, displayDigits: String, qualityRating: String?, tier: String?, throughput: Int?) async throws -> UUID? {
        let rows = try await run(
            """
            UPDATE whatsapp_numbers
            SET quality_rating = COALESCE(\(qualityRating), quality_rating), tier = COALESCE(\(tier), tier),
                throughput = COALESCE(\(throughput), throughput), updated_at = now()
            WHERE tenant_id = \(tenant.rawValue) AND waba_id = \(wabaID)
              AND regexp_replace(display_phone_number, '[^0-9]', '', 'g') = \(displayDigits)
            RETURNING id
            """)
        for try await id in rows.decode(UUID.self) { return id }
        return nil
    }

    /// The ids of this tenant's numbers on one WABA.
    public func numberIDs(ofWABA wabaID: String) async throws -> [UUID] {
        let rows = try await run("SELECT id FROM whatsapp_numbers WHERE tenant_id = \(tenant.rawValue) AND waba_id = \(wabaID) ORDER BY created_at, id")
        var ids: [UUID] = []
        for try await id in rows.decode(UUID.self) { ids.append(id) }
        return ids
    }

    /// Pauses every running campaign of a number and holds its scheduled ones, with `reason` for the people who
    /// will see them; with `pauseNumber`, the number itself is paused too (Meta refused its token or account).
    /// Changes: the number's row, and each live campaign's.
    public func pauseCampaigns(ofNumber number: UUID, reason: String, pauseNumber: Bool) async throws {
        if pauseNumber { try await setNumberStatus(number, .paused, reason: reason) }
        for id in try await liveCampaignIDs(number: number) {
            guard var campaign = try await campaign(id, lock: true) else { continue }
            if campaign.state == .running {
                _ = try await applyCampaignAction(id, .pause, reason: reason)
            } else if campaign.state == .scheduled {
                campaign.held = true
                campaign.stateReason = reason
                try await saveCampaign(campaign)
            }
        }
    }

    /// Deletes a number with its templates and message history; returns false when no such number.
    public func deleteNumber(_ id: UUID) async throws -> Bool {
        let rows = try await run("DELETE FROM whatsapp_numbers WHERE tenant_id = \(tenant.rawValue) AND id = \(id) RETURNING 1")
        for try await _ in rows { return true }
        return false
    }

    private func decodeNumbers(_ rows: PostgresRowSequence) async throws -> [ConnectedNumber] {
        var numbers: [ConnectedNumber] = []
        for try await row in rows {
            let (id, phoneNumberID, wabaID, display, verifiedName, quality, throughput, tier, status, reason, sandbox, verifiedAt, createdAt) =
                try row.decode((UUID, String, String, String, String, String, Int, String, String, String?, Bool, Date, Date).self)
            numbers.append(
                ConnectedNumber(
                    id: id, phoneNumberID: phoneNumberID, wabaID: wabaID, displayPhoneNumber: display, verifiedName: verifiedName,
                    qualityRating: quality, throughput: throughput, tier: tier, status: ConnectedNumber.Status(rawValue: status) ?? .error,
                    statusReason: reason, sandbox: sandbox, verifiedAt: verifiedAt, createdAt: createdAt))
        }
        return numbers
    }
}
