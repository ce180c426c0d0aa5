import Foundation
import RelaisCore
import Synchronization

/// Remembers which company and number a `phone_number_id` belongs to for half a minute, so a burst of
/// webhooks for one number does not look its route up once per event. A number connected or removed
/// meanwhile is seen within that delay (an unknown number is never cached).
final class RouteCache: Sendable {
    private struct Entry {
        let tenant: TenantID
        let number: UUID
        let until: Date
    }

    private let entries = Mutex<[String: Entry]>([:])
    static let lifetime: TimeInterval = 30

    func lookup(_ phoneNumberID: String) -> (tenant: TenantID, number: UUID)? {
        entries.withLock { entries in
            guard let entry = entries[phoneNumberID], entry.until > Date() else { return nil }
            return (entry.tenant, entry.number)
        }
    }

    func store(_ phoneNumberID: String, _ route: (tenant: TenantID, number: UUID)) {
        entries.withLock { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[phoneNumberID] = Entry(tenant: route.tenant, number: route.number, until: Date().addingTimeInterval(Self.lifetime))
        }
    }
}
