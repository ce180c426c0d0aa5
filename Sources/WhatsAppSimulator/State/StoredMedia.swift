import Crypto

/// An uploaded or user-sent media object: its bytes are served back by the download URL.
struct StoredMedia: Sendable {
    let mimeType: String
    let content: [UInt8]

    var size: Int { content.count }

    /// Hex SHA-256 of the content, as Meta's media objects carry it.
    var sha256: String {
        SHA256.hash(data: content).map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }
}

/// Which statuses of one message have been reported by webhook so far.
struct ReportedStatuses: OptionSet, Sendable {
    let rawValue: UInt8

    static let sent = ReportedStatuses(rawValue: 1)
    static let delivered = ReportedStatuses(rawValue: 2)
    static let read = ReportedStatuses(rawValue: 4)
    static let failed = ReportedStatuses(rawValue: 8)

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init?(status: String) {
        switch status {
        case "sent": self = .sent
        case "delivered": self = .delivered
        case "read": self = .read
        case "failed": self = .failed
        default: return nil
        }
    }

    /// In progression order, for the inspection API.
    var names: [String] {
        [(ReportedStatuses.sent, "sent"), (.delivered, "delivered"), (.read, "read"), (.failed, "failed")].filter { contains($0.0) }.map(\.1)
    }
}
