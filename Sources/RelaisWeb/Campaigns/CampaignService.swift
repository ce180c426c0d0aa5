import Foundation
import RelaisCore
import RelaisStore

/// Campaigns for the API and the pages: drafting, scheduling and the actions of their lifecycle.
/// Every change runs in one tenant transaction with its audit entry; state changes lock the campaign row.
struct CampaignService: Sendable {
    /// Builds the audit record of an action on a campaign (who, from where), supplied by the route.
    typealias Auditor = @Sendable (AuditAction, UUID, [String: String]) -> AuditRecord

    let database: Database
    let numbers: NumberService

    /// Creates a draft; validation issues are a 422 listing every field.
    func create(_ body: CampaignBody, identity: Identity, audit: Auditor) async throws -> CampaignPayload {
        guard let template = body.template, let numberID = body.numberId else {
            var issues = ValidationCollector()
            if body.numberId == nil { issues.add("number_id", "error.required") }
            if body.template == nil { issues.add("template", "error.required") }
            if body.name == nil { issues.add("name", "error.required") }
            throw Problem.validation(issues.issues)
        }
        var record = CampaignRecord(
            id: UUID(), name: "", numberID: numberID, ownerID: identity.user.id.rawValue,
            content: CampaignBody.content(template, body.variables), audience: CampaignAudience())
        var issues = ValidationCollector()
        body.apply(to: &record, issues: &issues)
        try issues.check()
        return try await database.withTenant(identity.tenant) { connection in
            try Self.check(await CampaignValidator.issues(record, on: connection))
            try await connection.insertCampaign(record)
            try await connection.appendAudit(audit(.campaignCreated, record.id, ["name": record.name]))
            return try await Self.payload(record.id, connection)
        }
    }

    /// Changes a draft or scheduled campaign; 409 in any other state. `clearSendWindow` removes the window (the
    /// composer's empty time fields), which a JSON PATCH cannot say since an absent window means "unchanged".
    func update(
        _ id: UUID, _ body: CampaignBody, clearSendWindow: Bool = false, identity: Identity, audit: Auditor
    ) async throws -> CampaignPayload {
        try await database.withTenant(identity.tenant) { connection in
            guard var record = try await connection.campaign(id, lock: true) else { throw Problem.notFound() }
            guard record.state.isEditable else { throw Self.stateConflict(record.state, "edit") }
            var issues = ValidationCollector()
            if clearSendWindow { record.sendWindow = nil }
            body.apply(to: &record, issues: &issues)
            try issues.check()
            try Self.check(await CampaignValidator.issues(record, on: connection))
            // A change may be the fix a held campaign waited for: let the scheduler try it again.
            record.held = false
            record.stateReason = nil
            try await connection.saveCampaign(record)
            try await connection.appendAudit(audit(.campaignUpdated, id, ["name": record.name]))
            return try await Self.payload(id, connection)
        }
    }

    /// Deletes a campaign that is not sending (running or paused campaigns must be cancelled first).
    func delete(_ id: UUID, identity: Identity, audit: Auditor) async throws {
        try await database.withTenant(identity.tenant) { connection in
            guard let record = try await connection.campaign(id, lock: true) else { throw Problem.notFound() }
            guard record.state != .running && record.state != .paused else { throw Self.stateConflict(record.state, "delete") }
            _ = try await connection.deleteCampaign(id)
            try await connection.appendAudit(audit(.campaignDeleted, id, ["name": record.name]))
        }
    }

    /// Sets the start (a wall-clock time in a named zone), the recurrence and the send window; the campaign becomes scheduled.
    func schedule(_ id: UUID, _ body: ScheduleBody, identity: Identity, audit: Auditor, now: Date = Date()) async throws -> CampaignPayload {
        let schedule = try ScheduleReader.schedule(body, now: now)
        let window = try ScheduleReader.window(body.sendWindow)
        return try await database.withTenant(identity.tenant) { connection in
            guard var record = try await connection.campaign(id, lock: true) else { throw Problem.notFound() }
            do {
                record.state = try record.state.applying(.schedule)
            } catch {
                throw Self.stateConflict(record.state, "schedule")
            }
            record.schedule = schedule
            if let window { record.sendWindow = window }
            guard let next = schedule.nextOccurrence(after: now.addingTimeInterval(-60)) else {
                throw Problem.validation([ValidationIssue(field: "start_at", code: "error.schedule.start_in_past")])
            }
            record.nextRunAt = next.at
            record.nextOccurrence = next.index
            record.held = false
            record.stateReason = nil
            try await connection.saveCampaign(record)
            try await connection.appendAudit(
                audit(.campaignScheduled, id, ["start_at": schedule.start.description, "timezone": schedule.timeZone]))
            return try await Self.payload(id, connection)
        }
    }

    static func payload(_ id: UUID, _ connection: TenantConnection) async throws -> CampaignPayload {
        guard let record = try await connection.campaign(id) else { throw Problem.notFound() }
        return CampaignPayload(record, latestRun: try await connection.runs(campaign: id, limit: 1).first)
    }

    static func check(_ issues: [ValidationIssue]) throws {
        if !issues.isEmpty { throw Problem.validation(issues) }
    }

    /// The 409 of an action a campaign's state forbids, naming the state it is in.
    static func stateConflict(_ state: CampaignState, _ action: String) -> Problem {
        var problem = Problem.conflict("error.campaign.illegal_state", "A \(state.rawValue) campaign cannot \(action).")
        problem.extensions["state"] = state.rawValue
        return problem
    }
}
