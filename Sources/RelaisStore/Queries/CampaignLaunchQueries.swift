import Foundation
import PostgresNIO
import RelaisCore

/// A run that started: its id, how many messages it queued, and the campaign as it now stands.
public struct LaunchedRun: Sendable {
    public let runID: UUID
    public let queued: Int
    public let campaign: CampaignRecord
}

/// What a campaign sends with, checked: each content's approved template and its shape.
public struct ResolvedContent: Sendable {
    public let content: CampaignContent
    public let template: StoredTemplate
    public let shape: TemplateShape
    /// The uploaded file the media header names, as checked when the content was resolved (nil for a header by link).
    public var headerFile: MediaFile? = nil
    /// That file once it has a Graph media id on the sending number (set by the dispatcher before sending).
    public var uploadedHeader: UploadedHeader? = nil
}

/// An uploaded header file as WhatsApp knows it on one number.
public struct UploadedHeader: Sendable, Equatable {
    public let graphMediaID: String
    public let fileName: String

    public init(graphMediaID: String, fileName: String) {
        self.graphMediaID = graphMediaID
        self.fileName = fileName
    }
}

extension TenantConnection {
    /// Finds the approved template behind each content of `campaign` on its number and checks the variables still fit.
    /// Throws `CampaignLaunchError` naming the first problem.
    public func resolveContents(of campaign: CampaignRecord) async throws -> [ResolvedContent] {
        let templates = try await templates(number: campaign.numberID)
        var resolved: [ResolvedContent] = []
        for content in campaign.contents {
            guard let template = templates.first(where: { $0.name == content.templateName && $0.language == content.language }) else {
                throw CampaignLaunchError.templateUnusable(name: content.templateName, status: "missing")
            }
            guard template.status == "APPROVED" else {
                throw CampaignLaunchError.templateUnusable(name: template.name, status: template.status)
            }
            guard let shape = TemplateShape(componentsJSON: template.componentsJSON), shape.issues(for: content).isEmpty else {
                throw CampaignLaunchError.templateMismatch(name: template.name)
            }
            var resolvedContent = ResolvedContent(content: content, template: template, shape: shape)
            if let fileID = shape.headerFileID(of: content) {
                guard let file = try await mediaFile(fileID) else { throw CampaignLaunchError.headerFileUnavailable("the file was deleted.") }
                guard file.fits(shape) else {
                    throw CampaignLaunchError.headerFileUnavailable("the template's header now takes another kind of file.")
                }
                resolvedContent.headerFile = file
            }
            resolved.append(resolvedContent)
        }
        return resolved
    }

    /// The audience rules of `campaign` with its segments read; throws `.segmentMissing` for a deleted one.
    public func audienceRules(of campaign: CampaignRecord, marketing: Bool) async throws -> AudienceRules {
        var filters: [ContactFilter] = []
        for id in campaign.audience.segments {
            guard let segment = try await segment(id) else { throw CampaignLaunchError.segmentMissing }
            filters.append(segment.filter)
        }
        return AudienceRules(audience: campaign.audience, segmentFilters: filters, frequencyCap: marketing ? try await marketingCap() : nil)
    }

    /// Starts the campaign's next occurrence now, in the caller's transaction (the campaign row locked by the caller):
    /// checks the state machine (`action` is `.launch` for a person, `.start` for the scheduler), the number, the
    /// templates and the segments; inserts the run; queues its recipients (the A/B test share first when there is
    /// one); refuses an empty audience (rolling everything back); and moves the campaign to running with its next
    /// occurrence computed. Throws `CampaignLaunchError`, or `StoreError.uniqueViolation` if that occurrence already ran.
    public func launchRun(_ campaign: CampaignRecord, action: CampaignAction, now: Date = Date()) async throws -> LaunchedRun {
        var campaign = campaign
        do {
            campaign.state = try campaign.state.applying(action)
        } catch {
            throw CampaignLaunchError.illegalState(error)
        }
        guard let number = try await number(campaign.numberID) else { throw CampaignLaunchError.numberUnavailable("disconnected") }
        guard number.status == .connected else { throw CampaignLaunchError.numberUnavailable(number.statusReason ?? number.status.rawValue) }
        let resolved = try await resolveContents(of: campaign)
        let rules = try await audienceRules(of: campaign, marketing: resolved.contains { $0.template.category == "MARKETING" })
        let decideAt = campaign.ab.map { now.addingTimeInterval($0.decisionHours * 3600) }
        let runID = try await insertRun(campaign: campaign.id, number: campaign.numberID, abDecideAt: decideAt)
        let stage: MaterialiseStage = campaign.ab.map { .test(share: $0.testShare, variants: $0.variants.count) } ?? .everyone(variant: 0)
        let queued = try await materialise(
            run: runID, campaign: campaign.id, number: campaign.numberID, rules: rules,
            templates: resolved.map { VariantTemplate(name: $0.template.name, category: $0.template.category) }, stage: stage)
        if queued == 0 { throw CampaignLaunchError.emptyAudience }
        // The next occurrence still ahead: occurrences missed while no server ran are not sent late in a burst,
        // and a person launching early takes the place of the pending occurrence.
        let pending = action == .launch ? max(now, campaign.nextRunAt ?? now) : now
        let next = campaign.schedule?.nextOccurrence(after: pending)
        campaign.nextOccurrence = next?.index ?? campaign.nextOccurrence
        campaign.nextRunAt = next?.at
        campaign.stateReason = nil
        campaign.held = false
        try await saveCampaign(campaign)
        return LaunchedRun(runID: runID, queued: queued, campaign: campaign)
    }
}
