import Foundation

/// Template pacing and the pause ladder (reference section 3 and section 8, item 15).
extension SimulatorState {
    static func heldKey(wabaID: String, key: String) -> String { wabaID + "|" + key }

    /// Counts one send of a paced template; true when Meta holds it (`held_for_quality_assessment`).
    mutating func holdsPacedSend(wabaID: String, key: String, now: ContinuousClock.Instant) -> Bool {
        guard var pacing = templates[wabaID]?[key]?.pacing else { return false }
        pacing.sends += 1
        let held = pacing.sends > pacing.released
        if held, !pacing.decisionScheduled {
            pacing.decisionScheduled = true
            events.insert(.pacingDecision(wabaID: wabaID, key: key), due: now + pacing.decideAfter)
        }
        templates[wabaID]?[key]?.pacing = pacing
        return held
    }

    /// Applies Meta's verdict: release the held sends, or pause the template (the third pause disables it)
    /// and fail them with 132015. Returns the template change to announce, if any.
    mutating func decidePacing(wabaID: String, key: String, now: ContinuousClock.Instant, wallNow: Date) -> TemplateChange? {
        guard var template = templates[wabaID]?[key], let pacing = template.pacing else { return nil }
        template.pacing = nil
        pacedTemplates.remove(Self.heldKey(wabaID: wabaID, key: key))
        let sends = held.removeValue(forKey: Self.heldKey(wabaID: wabaID, key: key)) ?? []
        guard pacing.outcome == .pause else {
            templates[wabaID]?[key] = template
            for send in sends { scheduleStatuses(send, failure: nil, now: now, wallNow: wallNow) }
            return nil
        }
        template.pauseCount += 1
        template.status = template.pauseCount >= 3 ? "DISABLED" : "PAUSED"
        templates[wabaID]?[key] = template
        let failure = (132015, "Template is Paused", "Message failed to send because the template was paused for low quality.")
        for send in sends { scheduleStatuses(send, failure: failure, now: now, wallNow: wallNow) }
        guard template.status == "PAUSED" else { return TemplateChange(wabaID: wabaID, template: template) }
        let first = template.pauseCount == 1
        events.insert(.pauseEnd(wabaID: wabaID, key: key), due: now + .seconds(first ? 3 * 3600 : 6 * 3600))
        return TemplateChange(wabaID: wabaID, template: template, pauseTitle: first ? "FIRST_PAUSE" : "SECOND_PAUSE")
    }

    /// A pause ran its course: the template is APPROVED again (unless something else changed it meanwhile).
    mutating func endPause(wabaID: String, key: String) -> SimulatedTemplate? {
        guard templates[wabaID]?[key]?.status == "PAUSED" else { return nil }
        templates[wabaID]?[key]?.status = "APPROVED"
        return templates[wabaID]?[key]
    }

    /// Paces a template from now on (control API); false when it does not exist.
    mutating func pace(wabaID: String, key: String, _ pacing: TemplatePacing) -> Bool {
        guard templates[wabaID]?[key] != nil else { return false }
        templates[wabaID]?[key]?.pacing = pacing
        pacedTemplates.insert(Self.heldKey(wabaID: wabaID, key: key))
        return true
    }
}
