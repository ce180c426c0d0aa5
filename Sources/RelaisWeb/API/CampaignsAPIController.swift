import Foundation
import Hummingbird
import RelaisCore
import RelaisStore

/// `/api/v1/campaigns…`: operators draft; managers and admins schedule, launch, pause, resume and cancel.
struct CampaignsAPIController {
    let database: Database
    let campaigns: CampaignService

    func register(_ api: APIRegistrar) {
        registerDrafting(api)
        registerLifecycle(api)
        registerReading(api)
    }

    private func registerDrafting(_ api: APIRegistrar) {
        api.on(.listCampaigns) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.draftCampaigns)
            let limit = try ListQuery.limit(request)
            let after = try ListQuery.uuid("after", request)
            let items = try await database.withTenant(identity.tenant) { connection -> [CampaignPayload] in
                let records = try await connection.campaigns(limit: limit + 1, after: after)
                let latest = try await connection.latestRuns(campaigns: records.map(\.id))
                return records.map { CampaignPayload($0, latestRun: latest[$0.id]) }
            }
            let page = Array(items.prefix(limit))
            return try JSONResponse.make(Page(data: page, next: items.count > limit ? page.last?.id.uuidString.lowercased() : nil))
        }
        api.on(.createCampaign) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.draftCampaigns)
            let body = try await JSONBody.decode(CampaignBody.self, from: request, context: context)
            let payload = try await campaigns.create(body, identity: identity, audit: Self.auditor(identity, request, context))
            return try JSONResponse.make(payload, status: .created)
        }
        api.on(.updateCampaign) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.draftCampaigns)
            let id = try ListQuery.pathID(context)
            let body = try await JSONBody.decode(CampaignBody.self, from: request, context: context)
            return try JSONResponse.make(try await campaigns.update(id, body, identity: identity, audit: Self.auditor(identity, request, context)))
        }
        api.on(.deleteCampaign) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.draftCampaigns)
            try await campaigns.delete(try ListQuery.pathID(context), identity: identity, audit: Self.auditor(identity, request, context))
            return JSONResponse.noContent()
        }
        api.on(.testSendCampaign) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.draftCampaigns)
            let id = try ListQuery.pathID(context)
            let body = try await JSONBody.decode(TestSendBody.self, from: request, context: context)
            let result = try await campaigns.testSend(id, body, identity: identity, audit: Self.auditor(identity, request, context))
            return try JSONResponse.make(result, status: .accepted)
        }
    }

    private func registerLifecycle(_ api: APIRegistrar) {
        api.on(.scheduleCampaign) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.launchCampaigns)
            let id = try ListQuery.pathID(context)
            let body = try await JSONBody.decode(ScheduleBody.self, from: request, context: context)
            return try JSONResponse.make(try await campaigns.schedule(id, body, identity: identity, audit: Self.auditor(identity, request, context)))
        }
        api.on(.launchCampaign) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.launchCampaigns)
            let id = try ListQuery.pathID(context)
            let launched = try await campaigns.launch(id, identity: identity, audit: Self.auditor(identity, request, context))
            return try JSONResponse.make(launched, status: .accepted)
        }
        for (route, action) in [(APIRoute.pauseCampaign, CampaignAction.pause), (.resumeCampaign, .resume), (.cancelCampaign, .cancel)] {
            api.on(route) { request, context in
                let identity = try context.requireIdentity()
                try identity.require(.launchCampaigns)
                let id = try ListQuery.pathID(context)
                return try JSONResponse.make(try await campaigns.act(id, action, identity: identity, audit: Self.auditor(identity, request, context)))
            }
        }
    }

    private func registerReading(_ api: APIRegistrar) {
        api.on(.getCampaign) { _, context in
            let identity = try context.requireIdentity()
            try identity.require(.draftCampaigns)
            let id = try ListQuery.pathID(context)
            return try JSONResponse.make(try await database.withTenant(identity.tenant) { try await CampaignService.payload(id, $0) })
        }
        api.on(.campaignRuns) { _, context in
            let identity = try context.requireIdentity()
            try identity.require(.draftCampaigns)
            let id = try ListQuery.pathID(context)
            let runs = try await database.withTenant(identity.tenant) { connection -> [RunPayload] in
                guard try await connection.campaign(id) != nil else { throw Problem.notFound() }
                return try await connection.runs(campaign: id).map(RunPayload.init)
            }
            return try JSONResponse.make(Page(data: runs, next: nil))
        }
        api.on(.campaignStats) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.draftCampaigns)
            let id = try ListQuery.pathID(context)
            return try JSONResponse.make(try await campaigns.stats(id, run: try ListQuery.uuid("run", request), identity: identity))
        }
        api.on(.campaignAudience) { _, context in
            let identity = try context.requireIdentity()
            try identity.require(.draftCampaigns)
            return try JSONResponse.make(try await campaigns.audience(try ListQuery.pathID(context), identity: identity))
        }
        api.on(.previewCampaign) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.draftCampaigns)
            let id = try ListQuery.pathID(context)
            let variant = try Self.variant(request)
            let preview = try await campaigns.preview(id, contact: try ListQuery.uuid("contact_id", request), variant: variant, identity: identity)
            return try JSONResponse.make(preview)
        }
    }

    /// `?variant=` (1…5), 0 when absent.
    static func variant(_ request: Request) throws -> Int {
        guard let raw = request.uri.queryParameters.get("variant") else { return 0 }
        guard let variant = Int(raw), (0...5).contains(variant) else {
            throw Problem.validation([ValidationIssue(field: "variant", code: "error.field.invalid")])
        }
        return variant
    }

    /// The audit record maker of one request: who acted, from where; shared with the campaign pages.
    static func auditor(_ identity: Identity, _ request: Request, _ context: AppRequestContext) -> CampaignService.Auditor {
        let ip = context.clientIP
        let requestID = context.requestID
        let actor = identity.user.id
        return { action, id, details in
            AuditRecord(
                action: action, actor: actor, targetType: "campaign", targetID: id.uuidString.lowercased(), ip: ip, requestID: requestID,
                details: details)
        }
    }
}
