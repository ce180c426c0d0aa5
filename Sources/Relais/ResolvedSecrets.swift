import Foundation
import RelaisStore

/// The secrets a node runs with: from the environment in production; in the embedded default
/// (and in sandbox mode for the WhatsApp ones) generated once and kept in `.relais/secrets.json`.
struct ResolvedSecrets: Sendable {
    let jwtSecret: String
    let secretBox: SecretBox
    let whatsAppAppSecret: String
    let webhookVerifyToken: String
    /// The key of the suppression list's HMAC digests (`RELAIS_SUPPRESSION_KEY`, required in production).
    let suppressionKey: SuppressionKey

    static func resolve(_ configuration: RelaisConfiguration) throws -> ResolvedSecrets {
        let local = configuration.usesEmbeddedDatabase || configuration.isSandbox
            ? try LocalSecrets.loadOrCreate(in: configuration.dataDirectory) : LocalSecrets()
        func pick(_ value: String?, _ fallback: String?, _ name: String, embeddedOnly: Bool) throws -> String {
            if let value { return value }
            if let fallback, !embeddedOnly || configuration.usesEmbeddedDatabase { return fallback }
            throw ConfigurationError.missing(name)
        }
        let jwt = try pick(configuration.jwtSecret, local.jwtSecret, "RELAIS_JWT_SECRET", embeddedOnly: true)
        guard jwt.utf8.count >= 32 else { throw ConfigurationError.invalid("RELAIS_JWT_SECRET", "(shorter than 32 bytes)") }
        let keys = try pick(configuration.masterKeys, local.masterKeys, "RELAIS_MASTER_KEYS", embeddedOnly: true)
        let suppression = try pick(configuration.suppressionKey, local.suppressionKey, "RELAIS_SUPPRESSION_KEY", embeddedOnly: true)
        guard suppression.utf8.count >= 32 else { throw ConfigurationError.invalid("RELAIS_SUPPRESSION_KEY", "(shorter than 32 bytes)") }
        return ResolvedSecrets(
            jwtSecret: jwt, secretBox: try SecretBox(spec: keys),
            whatsAppAppSecret: try pick(configuration.whatsAppAppSecret, local.whatsAppAppSecret, "RELAIS_WHATSAPP_APP_SECRET", embeddedOnly: false),
            webhookVerifyToken: try pick(configuration.webhookVerifyToken, local.webhookVerifyToken, "RELAIS_WEBHOOK_VERIFY_TOKEN", embeddedOnly: false),
            suppressionKey: SuppressionKey(secret: suppression))
    }
}
