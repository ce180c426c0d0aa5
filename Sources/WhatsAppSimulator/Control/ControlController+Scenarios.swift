import Foundation
import Hummingbird
import Synchronization

/// The control API's scenarios (reference section 8, items 13, 15, 20 and 22): user preferences, account events,
/// template pacing, the clock, and the inspection of one message.
extension ControlController {
    struct UserPreferenceRequest: Decodable {
        let phone_number_id: String
        let wa_id: String
        /// `stop` or `resume`.
        let value: String
        let profile_name: String?
    }

    struct AccountUpdateRequest: Decodable {
        let waba_id: String
        let event: String
        let ban_state: String?
        let restriction_type: String?
        let violation_type: String?
    }

    struct PacingRequest: Decodable {
        let waba_id: String
        let name: String
        let language: String
        /// Sends that go out before Meta starts holding.
        let release_first: Int?
        /// `release` or `pause`.
        let outcome: String
        let decide_after_ms: Int?
    }

    struct ClockRequest: Decodable {
        let advance_seconds: Double
    }

    struct ClockState: Encodable {
        let now: Int
        let offset_seconds: Double
    }

    struct MessageState: Encodable {
        let message: LedgerEntry
        let statuses: [String]
        let held: Bool
    }

    struct SignupCodeRequest: Decodable {
        let phone_number_id: String
    }


    /// Meta's webhooks for what a PATCH changed (reference section 8, item 13): a tier move is an UPGRADE or a
    /// DOWNGRADE with a `business_capability_update`; a quality drop to RED flags the number and a recovery unflags
    /// it; a throughput of 1,000 or more is a THROUGHPUT_UPGRADE.
    func announceChanges(from before: NumberBehavior, to number: SimulatedNumber) {
        let after = number.behavior
        let time = store.unixTime
        if before.tier != after.tier {
            let upgrade = (after.tier ?? .max) > (before.tier ?? .max)
            store.schedule(
                builder.qualityUpdate(number: number.identity, event: upgrade ? "UPGRADE" : "DOWNGRADE", oldTier: before.tierName, tier: after.tierName, time: time))
            store.schedule(builder.capabilityUpdate(wabaID: number.wabaID, limit: after.tier, time: time))
        }
        if before.qualityRating != after.qualityRating, after.qualityRating == "RED" || before.qualityRating == "RED" {
            let event = after.qualityRating == "RED" ? "FLAGGED" : "UNFLAGGED"
            store.schedule(builder.qualityUpdate(number: number.identity, event: event, oldTier: before.tierName, tier: after.tierName, time: time))
        }
        if before.throughput < 1000, after.throughput >= 1000 {
            store.schedule(
                builder.qualityUpdate(number: number.identity, event: "THROUGHPUT_UPGRADE", oldTier: before.tierName, tier: after.tierName, time: time))
        }
    }

    /// `GET /__sim/messages/{wamid}`: one ledger entry with the statuses reported so far and whether Meta holds it.
    func messageState(_ context: SimulatorRequestContext) -> Response {
        let id = context.parameters.get("id") ?? ""
        let state = store.state.withLock { state -> MessageState? in
            // A linear search: inspection is rare, and an index would cost every send a hash insert.
            guard let position = state.ledger.lastIndex(where: { $0.id == id }) else { return nil }
            let held = state.held.values.contains { $0.contains { $0.wamid == id } }
            return MessageState(message: state.ledger[position], statuses: state.reportedStatuses[position].names, held: held)
        }
        return state.map { JSONResponse.encode($0) } ?? JSONResponse.controlError("unknown message \(id)", status: .notFound)
    }

    /// `POST /__sim/user_preferences`: the user stops or resumes marketing messages in WhatsApp (reference section 7).
    func userPreferences(_ request: Request, context: SimulatorRequestContext) async throws -> Response {
        guard let body = try await decode(UserPreferenceRequest.self, request, context), ["stop", "resume"].contains(body.value) else {
            return JSONResponse.controlError("expected {phone_number_id, wa_id, value: stop|resume}")
        }
        let waID = SimulatorState.digits(body.wa_id)
        let stop = body.value == "stop"
        guard let number = store.state.withLock({ state -> NumberIdentity? in
            guard state.numbers[body.phone_number_id] != nil else { return nil }
            if stop { state.numbers[body.phone_number_id]!.marketingStopped.insert(waID) } else { state.numbers[body.phone_number_id]!.marketingStopped.remove(waID) }
            return state.numbers[body.phone_number_id]!.identity
        }) else {
            return JSONResponse.controlError("unknown phone_number_id \(body.phone_number_id)", status: .notFound)
        }
        store.schedule(
            builder.userPreferences(
                number: number, waID: waID, profileName: body.profile_name ?? "Sandbox User", stop: stop, timestamp: store.unixTime))
        return JSONResponse.raw(#"{"success":true}"#)
    }

    /// `POST /__sim/account_update`: announces an account event; a ban locks the WABA's numbers (131031), a
    /// restriction stops their templates (368), a reinstatement lifts both.
    func accountUpdate(_ request: Request, context: SimulatorRequestContext) async throws -> Response {
        guard let body = try await decode(AccountUpdateRequest.self, request, context), !body.event.isEmpty else {
            return JSONResponse.controlError("expected {waba_id, event, ban_state?, restriction_type?, violation_type?}")
        }
        let event = body.event.uppercased()
        let newState: NumberBehavior.AccountState? =
            switch (event, body.ban_state?.uppercased()) {
            case ("DISABLED_UPDATE", "DISABLE"): .locked
            case ("DISABLED_UPDATE", "REINSTATE"): .active
            case ("ACCOUNT_RESTRICTION", _): body.restriction_type == nil ? .active : .restricted
            default: nil
            }
        let numbers = store.state.withLock { state -> [NumberIdentity] in
            let ids = state.numbers.values.filter { $0.wabaID == body.waba_id }.map(\.phoneNumberID)
            if let newState { for id in ids { state.numbers[id]!.behavior.accountState = newState } }
            return ids.compactMap { state.numbers[$0]?.identity }
        }
        guard !numbers.isEmpty else { return JSONResponse.controlError("unknown waba_id \(body.waba_id)", status: .notFound) }
        let update = AccountUpdate(
            event: event, phoneNumber: numbers.count == 1 ? numbers[0].displayDigits : nil, banState: body.ban_state?.uppercased(),
            restrictionType: body.restriction_type, violationType: body.violation_type)
        store.schedule(builder.accountUpdate(wabaID: body.waba_id, update: update, time: store.unixTime))
        return JSONResponse.encode(["account_state": newState?.rawValue ?? "unchanged"])
    }

    /// `POST /__sim/templates/pacing`: Meta starts pacing a template; after `decide_after_ms` it releases or pauses.
    func pacing(_ request: Request, context: SimulatorRequestContext) async throws -> Response {
        guard let body = try await decode(PacingRequest.self, request, context), let outcome = TemplatePacing.Outcome(rawValue: body.outcome) else {
            return JSONResponse.controlError("expected {waba_id, name, language, outcome: release|pause, release_first?, decide_after_ms?}")
        }
        let pacing = TemplatePacing(
            released: max(body.release_first ?? 0, 0), outcome: outcome, decideAfter: .milliseconds(max(body.decide_after_ms ?? 1000, 0)))
        guard store.state.withLock({ $0.pace(wabaID: body.waba_id, key: SimulatorState.templateKey(name: body.name, language: body.language), pacing) }) else {
            return JSONResponse.controlError("unknown template", status: .notFound)
        }
        return JSONResponse.raw(#"{"success":true}"#)
    }

    func clock() -> Response {
        JSONResponse.encode(ClockState(now: store.unixTime, offset_seconds: store.clockOffsetSeconds))
    }
}
