import Foundation
import Hummingbird
import Logging
import Prometheus
import RelaisStore
import WhatsAppCloud

/// Assembles the router: middleware in order, then every controller.
///
/// Order matters: metrics and logs see every request; security headers wrap error
/// pages too; the request is set up (language, CSRF, limits) before errors are
/// presented, so error pages speak the user's language; then rate limits and
/// authentication.
public struct WebApplication {
    public let router: Router<AppRequestContext>
    /// The routes that upgrade to WebSocket, for the server's upgrade channel. Only authentication runs before
    /// them: the other middleware shape HTTP answers, and a refused upgrade has none of its own.
    public let webSocketRouter: Router<AppRequestContext>
    /// The API routes registered, for the test that keeps them and the OpenAPI document in step.
    public let apiRoutes: [APIRoute]

    public init(
        configuration: WebConfiguration, database: Database, registry: PrometheusCollectorRegistry, whatsApp: WhatsAppClient,
        secrets: SecretBox, sandboxNumbers: SandboxNumbers?, realtime: RealtimeHub, backups: BackupService? = nil, logger: Logger
    ) async throws {
        let localizer = try Localizer()
        let pages = try await PageRenderer(localizer: localizer, configuration: configuration)
        let accessTokens = await AccessTokens(secret: configuration.jwtSecret, lifetime: configuration.accessTokenLifetime)
        let accounts = AccountService(
            database: database, hasher: PasswordHasher(cost: configuration.bcryptCost), accessTokens: accessTokens,
            throttle: LoginThrottle(database: database), refreshLifetime: configuration.refreshTokenLifetime)
        let team = TeamService(
            database: database, publicBaseURL: configuration.publicBaseURL, logInvitationLinks: configuration.sandbox, logger: logger)

        let numbers = NumberService(
            database: database, client: whatsApp, secrets: secrets, sandbox: sandboxNumbers,
            metaApp: configuration.metaAppID.map { ($0, configuration.whatsAppAppSecret) })
        let templates = TemplateService(database: database, numbers: numbers)

        let router = Router(context: AppRequestContext.self)
        router.add(middleware: RequestMetricsMiddleware(registry: registry))
        router.add(middleware: SecurityHeadersMiddleware(hsts: configuration.secureCookies))
        if !configuration.corsOrigins.isEmpty {
            router.add(middleware: CORSMiddleware(allowOrigin: .custom(configuration.corsOrigins.joined(separator: " ")), allowHeaders: [.authorization, .contentType], allowMethods: [.get, .post, .patch, .delete]))
        }
        router.add(middleware: RequestSetupMiddleware(configuration: configuration))
        router.add(middleware: ErrorPresentationMiddleware(localizer: localizer, pages: pages))
        router.add(middleware: HeaderLimitMiddleware(maxBytes: configuration.maxHeaderBytes))
        router.add(middleware: NulCharacterMiddleware())
        if !configuration.servesApplication { router.add(middleware: OperationsOnlyMiddleware()) }
        router.add(
            middleware: RateLimitMiddleware(limitPerMinute: configuration.authRateLimitPerMinute) { path in
                path.hasPrefix("/api/v1/auth/") || path == PagePath.login.rawValue || path == PagePath.signup.rawValue
                    || path.hasPrefix(PagePath.invitation.rawValue + "/")
            })
        router.add(middleware: AuthenticationMiddleware(database: database, accessTokens: accessTokens))
        let webSocketRouter = Router(context: AppRequestContext.self)
        if !configuration.servesApplication { webSocketRouter.add(middleware: OperationsOnlyMiddleware()) }
        webSocketRouter.add(middleware: AuthenticationMiddleware(database: database, accessTokens: accessTokens))

        let api = APIRegistrar(router: router)
        try SystemController(database: database, registry: registry, version: configuration.version).register(router, api: api)
        AuthAPIController(accounts: accounts, accessLifetime: configuration.accessTokenLifetime).register(api)
        AccountAPIController(database: database, team: team).register(api)
        let apiKeys = APIKeyService(database: database)
        APIKeysAPIController(keys: apiKeys).register(api)
        WhatsAppAPIController(database: database, numbers: numbers, templates: templates).register(api)
        WebhookController(
            inbox: WebhookInbox(database: database), signature: WebhookSignature(appSecret: configuration.whatsAppAppSecret),
            verifyToken: configuration.webhookVerifyToken, registry: registry
        ).register(router)
        ContactsAPIController(database: database, contacts: ContactService(database: database)).register(api)
        PrivacyAPIController(personalData: PersonalDataService(database: database)).register(api)
        TagsSegmentsAPIController(database: database).register(api)
        MediaAPIController(database: database, uploadDirectory: configuration.uploadDirectory).register(api)
        ContactImportsAPIController(database: database, uploadDirectory: configuration.uploadDirectory, maxBytes: configuration.importMaxBytes)
            .register(api)
        let campaigns = CampaignService(database: database, numbers: numbers)
        CampaignsAPIController(database: database, campaigns: campaigns).register(api)
        let analytics = AnalyticsService(database: database)
        ReportsAPIController(database: database, analytics: analytics, localizer: localizer).register(api)
        let trustedOrigins = Set((configuration.corsOrigins + [configuration.publicBaseURL]).compactMap(RealtimeController.origin(of:)))
        RealtimeController(hub: realtime, database: database, trustedOrigins: trustedOrigins, localizer: localizer)
            .register(api, webSocketRouter: webSocketRouter)
        AuthPagesController(accounts: accounts, pages: pages, localizer: localizer, configuration: configuration).register(router)
        AppPagesController(database: database, team: team, pages: pages, localizer: localizer, configuration: configuration)
            .register(router)
        APIKeysPagesController(keys: apiKeys, database: database, pages: pages, localizer: localizer, configuration: configuration)
            .register(router)
        AnalyticsPagesController(database: database, analytics: analytics, pages: pages, localizer: localizer).register(router)
        WhatsAppPagesController(
            database: database, numbers: numbers, templates: templates, pages: pages, localizer: localizer, configuration: configuration
        ).register(router)
        ContactPagesController(
            database: database, contacts: ContactService(database: database), pages: pages, localizer: localizer, configuration: configuration
        ).register(router)
        ImportPagesController(database: database, pages: pages, localizer: localizer, configuration: configuration).register(router)
        PrivacyPagesController(
            database: database, personalData: PersonalDataService(database: database), backups: backups, pages: pages, localizer: localizer,
            configuration: configuration
        ).register(router)
        CampaignPagesController(database: database, campaigns: campaigns, pages: pages, localizer: localizer, configuration: configuration)
            .register(router)
        ReportPagesController(
            database: database, exports: ReportExports(database: database, analytics: analytics, localizer: localizer), pages: pages,
            localizer: localizer, configuration: configuration
        ).register(router)
        self.router = router
        self.webSocketRouter = webSocketRouter
        self.apiRoutes = api.registered
    }
}
