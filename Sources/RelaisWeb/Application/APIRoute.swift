import HTTPTypes
import Hummingbird

/// Every JSON API route, one case each: the single spelling of its method and path.
///
/// The router registers routes only through these cases, and a test checks that
/// each one is registered and described in the OpenAPI document.
public enum APIRoute: String, CaseIterable, Sendable {
    case signup = "POST /api/v1/auth/signup"
    case login = "POST /api/v1/auth/login"
    case refresh = "POST /api/v1/auth/refresh"
    case logout = "POST /api/v1/auth/logout"
    case me = "GET /api/v1/me"
    case updateCompany = "PATCH /api/v1/company"
    case listUsers = "GET /api/v1/users"
    case inviteUser = "POST /api/v1/users"
    case getUser = "GET /api/v1/users/{id}"
    case updateUser = "PATCH /api/v1/users/{id}"
    case deleteUser = "DELETE /api/v1/users/{id}"
    case auditLog = "GET /api/v1/audit-log"
    case openAPI = "GET /api/v1/openapi.json"
    case listNumbers = "GET /api/v1/whatsapp/numbers"
    case connectNumber = "POST /api/v1/whatsapp/numbers"
    case createSandboxNumber = "POST /api/v1/whatsapp/numbers/sandbox"
    case connectNumberBySignup = "POST /api/v1/whatsapp/numbers/embedded-signup"
    case getNumber = "GET /api/v1/whatsapp/numbers/{id}"
    case deleteNumber = "DELETE /api/v1/whatsapp/numbers/{id}"
    case verifyNumber = "POST /api/v1/whatsapp/numbers/{id}/verify"
    case listTemplates = "GET /api/v1/templates"
    case createTemplate = "POST /api/v1/templates"
    case syncTemplates = "POST /api/v1/templates/sync"
    case getTemplate = "GET /api/v1/templates/{id}"
    case deleteTemplate = "DELETE /api/v1/templates/{id}"
    case listContacts = "GET /api/v1/contacts"
    case createContact = "POST /api/v1/contacts"
    case getContact = "GET /api/v1/contacts/{id}"
    case updateContact = "PATCH /api/v1/contacts/{id}"
    case deleteContact = "DELETE /api/v1/contacts/{id}"
    case optOutContact = "POST /api/v1/contacts/{id}/opt-out"
    case optInContact = "POST /api/v1/contacts/{id}/opt-in"
    case exportContactData = "GET /api/v1/contacts/{id}/export"
    case eraseContact = "POST /api/v1/contacts/{id}/erase"
    case bulkContacts = "POST /api/v1/contacts/bulk"
    case exportContacts = "GET /api/v1/contacts/export"
    case startImport = "POST /api/v1/contacts/imports"
    case getImport = "GET /api/v1/contacts/imports/{id}"
    case importRejections = "GET /api/v1/contacts/imports/{id}/rejected.csv"
    case listTags = "GET /api/v1/tags"
    case createTag = "POST /api/v1/tags"
    case deleteTag = "DELETE /api/v1/tags/{id}"
    case listSegments = "GET /api/v1/segments"
    case createSegment = "POST /api/v1/segments"
    case getSegment = "GET /api/v1/segments/{id}"
    case updateSegment = "PATCH /api/v1/segments/{id}"
    case deleteSegment = "DELETE /api/v1/segments/{id}"
    case listCampaigns = "GET /api/v1/campaigns"
    case createCampaign = "POST /api/v1/campaigns"
    case getCampaign = "GET /api/v1/campaigns/{id}"
    case updateCampaign = "PATCH /api/v1/campaigns/{id}"
    case deleteCampaign = "DELETE /api/v1/campaigns/{id}"
    case scheduleCampaign = "POST /api/v1/campaigns/{id}/schedule"
    case launchCampaign = "POST /api/v1/campaigns/{id}/launch"
    case pauseCampaign = "POST /api/v1/campaigns/{id}/pause"
    case resumeCampaign = "POST /api/v1/campaigns/{id}/resume"
    case cancelCampaign = "POST /api/v1/campaigns/{id}/cancel"
    case testSendCampaign = "POST /api/v1/campaigns/{id}/test-send"
    case previewCampaign = "GET /api/v1/campaigns/{id}/preview"
    case campaignAudience = "GET /api/v1/campaigns/{id}/audience"
    case campaignStats = "GET /api/v1/campaigns/{id}/stats"
    case campaignRuns = "GET /api/v1/campaigns/{id}/runs"
    case listMedia = "GET /api/v1/media"
    case uploadMedia = "POST /api/v1/media"
    case getMedia = "GET /api/v1/media/{id}"
    case mediaContent = "GET /api/v1/media/{id}/content"
    case deleteMedia = "DELETE /api/v1/media/{id}"
    case listAPIKeys = "GET /api/v1/api-keys"
    case createAPIKey = "POST /api/v1/api-keys"
    case revokeAPIKey = "DELETE /api/v1/api-keys/{id}"
    case campaignReport = "GET /api/v1/campaigns/{id}/report"
    case campaignReportXLSX = "GET /api/v1/campaigns/{id}/report.xlsx"
    case campaignReportPDF = "GET /api/v1/campaigns/{id}/report.pdf"
    case campaignRecipients = "GET /api/v1/campaigns/{id}/recipients"
    case reportsOverview = "GET /api/v1/reports/overview"
    case reportsOverviewXLSX = "GET /api/v1/reports/overview.xlsx"
    case reportsOverviewPDF = "GET /api/v1/reports/overview.pdf"
    /// The WebSocket of live progress; without upgrade headers it answers 401, 403 or 426.
    case realtime = "GET /api/v1/realtime"

    public var method: HTTPRequest.Method {
        HTTPRequest.Method(String(rawValue.prefix(while: { $0 != " " })))!
    }

    /// The path as OpenAPI writes it (`/api/v1/users/{id}`).
    public var path: String { String(rawValue.drop(while: { $0 != " " }).dropFirst()) }

    /// The path as Hummingbird's router matches it (`/api/v1/users/:id`).
    var routerPath: RouterPath {
        RouterPath(
            path.split(separator: "/").map { $0.hasPrefix("{") ? ":" + $0.dropFirst().dropLast() : String($0) }
                .joined(separator: "/"))
    }
}
