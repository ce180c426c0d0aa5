import Foundation

/// A string that Meta sometimes sends as a JSON number (timestamps, template ids, button indexes).
///
/// Decoding accepts either form so a payload from another API version never fails on a type mismatch.
public struct FlexibleString: Sendable, Hashable, Codable, CustomStringConvertible {
    public var value: String

    public init(_ value: String) { self.value = value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let string = try? container.decode(String.self) {
            value = string
        } else if let integer = try? container.decode(Int64.self) {
            value = String(integer)
        } else {
            value = String(try container.decode(Double.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    public var description: String { value }
}
