import Foundation

/// The fields of a contact to create or change, already validated and normalised.
/// `nil` means "leave as it is" on update, "none" on creation.
public struct ContactDraft: Sendable, Equatable {
    public var name: String?
    public var firstName: String?
    public var lastName: String?
    public var phone: String?
    public var email: String?
    public var language: String?
    public var country: String?
    public var attributes: [String: String]?
    public var tags: [String]?
    public var consent: ConsentStatus?
    public var consentSource: String?

    public init() {}
}
