import Foundation
import Hummingbird
import RelaisCore
import RelaisStore

/// `/api/v1/api-keys`: admins create, list and revoke the company's API keys.
///
/// Creating and revoking need a login session (a Bearer access token or the browser): a key cannot mint or
/// revoke keys, so a leaked key cannot make itself permanent.
struct APIKeysAPIController {
    let keys: APIKeyService

    struct CreateBody: StrictDecodable {
        static let fields: Set<String> = ["name", "role"]
        let name: String?
        let role: String?
    }

    func register(_ api: APIRegistrar) {
        api.on(.listAPIKeys) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageAPIKeys)
            let limit = try ListQuery.limit(request)
            let found = try await keys.list(identity, limit: limit + 1, after: try ListQuery.uuid("after", request))
            let page = Array(found.prefix(limit))
            return try JSONResponse.make(
                Page(data: page.map { APIKeyPayload($0, key: nil) }, next: found.count > limit ? page.last?.id.uuidString.lowercased() : nil))
        }
        api.on(.createAPIKey) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageAPIKeys)
            let body = try await JSONBody.decode(CreateBody.self, from: request, context: context)
            let (created, key) = try await keys.create(
                by: identity, name: body.name, role: body.role, client: ClientInfo(request, context, browser: false))
            return try JSONResponse.make(APIKeyPayload(created, key: key), status: .created)
        }
        api.on(.revokeAPIKey) { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.manageAPIKeys)
            let id = try ListQuery.pathID(context)
            try await keys.revoke(id, by: identity, client: ClientInfo(request, context, browser: false))
            return JSONResponse.noContent()
        }
    }
}

/// An API key as the API shows it; `key` only in the answer that created it. Nullable times are written as null.
struct APIKeyPayload: Encodable {
    let key: APIKey
    let secret: String?

    init(_ key: APIKey, key secret: String?) {
        self.key = key
        self.secret = secret
    }

    enum CodingKeys: String, CodingKey {
        case id, name, role, prefix, createdBy, createdAt, lastUsedAt, revokedAt, key
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key.id.uuidString.lowercased(), forKey: .id)
        try container.encode(key.name, forKey: .name)
        try container.encode(key.role.rawValue, forKey: .role)
        try container.encode(key.prefix, forKey: .prefix)
        try container.encode(key.createdBy.description, forKey: .createdBy)
        try container.encode(key.createdAt, forKey: .createdAt)
        try container.encode(key.lastUsedAt, forKey: .lastUsedAt)
        try container.encode(key.revokedAt, forKey: .revokedAt)
        if let secret { try container.encode(secret, forKey: .key) }
    }
}
