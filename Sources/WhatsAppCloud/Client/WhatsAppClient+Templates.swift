import Foundation
import NIOCore
import NIOHTTP1

extension WhatsAppClient {
    private struct TemplateListWire: Decodable {
        struct Paging: Decodable {
            struct Cursors: Decodable {
                let after: String?
            }
            let cursors: Cursors?
            let next: String?
        }
        let data: [MessageTemplate]
        let paging: Paging?
    }

    /// One page of a WABA's templates; pass the returned `after` cursor to read the next page.
    public func templates(wabaID: String, after: String? = nil, limit: Int = 100, accessToken: String) async throws(WhatsAppError)
        -> MessageTemplatePage
    {
        var path = "\(wabaID)/message_templates?fields=id,name,status,category,language,components,parameter_format&limit=\(limit)"
        if let after { path += "&after=\(Self.queryEscaped(after))" }
        let response = try await perform(.GET, path: path, accessToken: accessToken)
        let wire = try decodeSuccess(TemplateListWire.self, from: response)
        // Meta keeps a cursor on the last page too; only `next` says that another page exists.
        let after = wire.paging?.next == nil ? nil : wire.paging?.cursors?.after
        return MessageTemplatePage(templates: wire.data, after: after)
    }

    /// Every template of a WABA, following the cursors.
    public func allTemplates(wabaID: String, accessToken: String) async throws(WhatsAppError) -> [MessageTemplate] {
        var result: [MessageTemplate] = []
        var cursor: String?
        repeat {
            let page = try await templates(wabaID: wabaID, after: cursor, accessToken: accessToken)
            result += page.templates
            cursor = page.after
        } while cursor != nil
        return result
    }

    /// Submits a template for review; Meta answers `PENDING` and reports the verdict by webhook.
    public func createTemplate(wabaID: String, _ template: MessageTemplate, accessToken: String) async throws(WhatsAppError)
        -> TemplateSubmission
    {
        var submitted = template
        submitted.id = nil
        submitted.status = nil
        let body = try encode(submitted)
        let response = try await perform(.POST, path: "\(wabaID)/message_templates", accessToken: accessToken, body: body)
        return try decodeSuccess(TemplateSubmission.self, from: response)
    }

    /// Deletes every language of the template `name`.
    public func deleteTemplate(wabaID: String, name: String, accessToken: String) async throws(WhatsAppError) {
        let path = "\(wabaID)/message_templates?name=\(Self.queryEscaped(name))"
        _ = try await perform(.DELETE, path: path, accessToken: accessToken)
    }

    static func queryEscaped(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
