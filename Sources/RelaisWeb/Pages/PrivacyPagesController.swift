import Foundation
import Hummingbird
import RelaisCore
import RelaisStore

/// Settings → Privacy and Settings → Backups, and the contact page's "Export data" and "Erase" actions.
struct PrivacyPagesController {
    let database: Database
    let personalData: PersonalDataService
    let backups: BackupService?
    let pages: PageRenderer
    let localizer: Localizer
    let configuration: WebConfiguration

    var outcome: FormOutcome { FormOutcome(localizer: localizer, secureCookies: configuration.secureCookies) }

    func register(_ router: Router<AppRequestContext>) {
        router.get(RouterPath(PagePath.privacy.rawValue)) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.viewDashboard)
            let model = PrivacyPageModel(
                retentionMonths: identity.company.messageRetentionMonths, canEdit: PermissionMatrix.allows(identity.user.role, .manageSettings), localizer: localizer,
                language: context.language)
            return try pages.render(
                "privacy", model: model, titleKey: "privacy.title", context: context, flash: Flash.read(from: request), activeNav: "privacy")
        }
        router.post(RouterPath(PagePath.privacyRetention.rawValue)) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageSettings)
            let form = try await FormBody.read(request, context: context)
            return await outcome.run(to: PagePath.privacy.rawValue, context, message: {
                guard let months = form["message_retention_months"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }),
                    CompanySettings.retentionMonths.contains(months)
                else { throw Problem.validation([ValidationIssue(field: "message_retention_months", code: "privacy.error_retention_range")]) }
                _ = try await CompanySettings.update(
                    database: database, identity: identity, name: nil, defaultCountry: nil, timezone: nil, optOutKeywords: nil,
                    messageRetentionMonths: months, client: ClientInfo(request, context, browser: true))
                return localizer.text("privacy.retention_saved", context.language)
            })
        }
        router.get(RouterPath(PagePath.backups.rawValue)) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageBackups)
            guard let backups, configuration.operatesBackups(identity) else { throw Problem.notFound() }
            let model = BackupsPageModel(try await backups.status(), localizer: localizer, language: context.language, timezone: identity.company.timezone)
            return try pages.render(
                "backups", model: model, titleKey: "backups.title", context: context, flash: Flash.read(from: request), activeNav: "backups")
        }
        router.post(RouterPath(PagePath.backups.rawValue)) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageBackups)
            guard let backups, configuration.operatesBackups(identity) else { throw Problem.notFound() }
            _ = try await FormBody.read(request, context: context)
            try await database.withTenant(identity.tenant) { connection in
                try await connection.appendAudit(
                    AuditRecord(action: .backupRequested, actor: identity.user.id, targetType: "backup", ip: context.clientIP, requestID: context.requestID))
            }
            return await outcome.run(to: PagePath.backups.rawValue, context) {
                do {
                    let file = try await backups.backUp()
                    return Flash(kind: "success", message: localizer.text("backups.done", context.language, ["file": file.name.fileName]), value: nil)
                } catch let unavailable as BackupService.Unavailable {
                    let key =
                        switch unavailable {
                        case .noOwner: "backups.error_no_owner"
                        case .noTools: "backups.error_no_tools"
                        case .slotTaken: "backups.error_busy"
                        }
                    return Flash(kind: "error", message: localizer.text(key, context.language), value: nil)
                } catch {
                    return Flash(kind: "error", message: localizer.text("backups.error_failed", context.language), value: nil)
                }
            }
        }
        router.get("/contacts/:id/export") { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.exportPersonalData)
            let id = try ListQuery.pathID(context)
            let (name, zip) = try await personalData.export(id, by: identity, client: ClientInfo(request, context, browser: true))
            return PrivacyAPIController.zipResponse(name: name, zip: zip)
        }
        router.post("/contacts/:id/erase") { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.eraseContacts)
            let id = try ListQuery.pathID(context)
            _ = try await FormBody.read(request, context: context)
            return await outcome.run(to: PagePath.contacts.rawValue, context, message: {
                try await personalData.erase(id, by: identity, client: ClientInfo(request, context, browser: true))
                return localizer.text("gdpr.erased", context.language)
            })
        }
    }
}
