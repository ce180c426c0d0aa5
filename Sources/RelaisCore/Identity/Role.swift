/// What a user may do inside their company. Stored as its raw value.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case admin
    case manager
    case `operator`

    /// Admins outrank managers, who outrank operators; used to sort team lists.
    private var rank: Int {
        switch self {
        case .admin: 3
        case .manager: 2
        case .operator: 1
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}
