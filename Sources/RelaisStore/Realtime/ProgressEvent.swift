import Foundation
import RelaisCore

/// What the progress channel (`relais_progress`) tells its listener.
public enum ProgressEvent: Sendable, Hashable {
    /// LISTEN is in place, for the first time or again after the connection was lost. Announcements made while
    /// nobody listened are gone for good, so whoever shows progress should read it afresh.
    case listening
    /// A run's counters or state moved; read it to see how (the channel carries no figures, only who moved).
    case progress(tenant: TenantID, run: UUID)

    /// The event of a notification payload `'<tenant uuid>:<run uuid>'`, nil for anything else.
    public init?(payload: String) {
        let parts = payload.split(separator: ":")
        guard parts.count == 2, let tenant = UUID(uuidString: String(parts[0])), let run = UUID(uuidString: String(parts[1])) else {
            return nil
        }
        self = .progress(tenant: TenantID(tenant), run: run)
    }
}
