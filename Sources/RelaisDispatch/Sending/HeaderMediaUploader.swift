import Foundation
import Logging
import NIOCore
import RelaisCore
import RelaisStore
import WhatsAppCloud

/// Gives a campaign's uploaded header files a Graph media id on the number that sends them.
///
/// Meta keeps an uploaded file about 30 days and knows it per number, so the id is remembered per (file, number) in
/// the database, shared by every node, and the file is uploaded again once its id is older than `reuseWindow`.
public struct HeaderMediaUploader: Sendable {
    let database: Database
    let whatsApp: WhatsAppClient
    let logger: Logger

    /// Well inside Meta's 30 days, so that an id never expires during a long campaign.
    public static let reuseWindow: TimeInterval = 25 * 24 * 3600

    public init(database: Database, whatsApp: WhatsAppClient, logger: Logger) {
        self.database = database
        self.whatsApp = whatsApp
        self.logger = logger
    }

    /// `contents` with every uploaded header file attached as sendable by `number`. Throws
    /// `CampaignLaunchError.headerFileUnavailable` when a file is gone or WhatsApp refused it.
    public func attach(
        _ contents: [ResolvedContent], tenant: TenantID, number: UUID, phoneNumberID: String, accessToken: String, now: Date = Date()
    ) async throws -> [ResolvedContent] {
        var attached = contents
        for index in attached.indices {
            guard let file = attached[index].headerFile else { continue }
            attached[index].uploadedHeader = try await header(
                file, tenant: tenant, number: number, phoneNumberID: phoneNumberID, accessToken: accessToken, now: now)
        }
        return attached
    }

    private func header(
        _ file: MediaFile, tenant: TenantID, number: UUID, phoneNumberID: String, accessToken: String, now: Date
    ) async throws -> UploadedHeader {
        let fileID = file.id
        let known = try await database.withTenant(tenant, logger: logger) {
            try await $0.graphMediaID(media: fileID, number: number, freshAfter: now - Self.reuseWindow)
        }
        if let known { return UploadedHeader(graphMediaID: known, fileName: file.fileName) }
        // Deleted since the contents were resolved (deletion is refused while the campaign is unfinished, but a
        // cancelled one's last messages may still be leaving).
        guard let content = try await database.withTenant(tenant, logger: logger, { try await $0.mediaContent(fileID) }) else {
            throw CampaignLaunchError.headerFileUnavailable("the file was deleted.")
        }
        let graphID: String
        do throws(WhatsAppError) {
            graphID = try await whatsApp.uploadMedia(
                phoneNumberID: phoneNumberID, data: Data(content.readableBytesView), mimeType: file.mimeType, filename: file.fileName,
                accessToken: accessToken)
        } catch {
            // A transient failure (5xx, throttling, a lost answer) is tried again at the next look; a refusal (bad
            // token, a file Meta will not take) says why to the operator.
            switch error.disposition {
            case .retryAfterBackoff, .throttled, .uncertain: throw error
            default: throw CampaignLaunchError.headerFileUnavailable("WhatsApp refused it: \(error.reason)")
            }
        }
        try await database.withTenant(tenant, logger: logger) { try await $0.recordGraphMediaID(graphID, media: fileID, number: number) }
        logger.info("header file uploaded", metadata: ["media.id": "\(fileID)", "number.id": "\(number)", "bytes": "\(file.byteSize)"])
        return UploadedHeader(graphMediaID: graphID, fileName: file.fileName)
    }
}
