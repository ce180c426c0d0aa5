import Foundation
import RelaisCore
import Testing

@testable import RelaisWeb

@Suite struct AnalyticsFormatsTests {
    /// The whole-number shortcut must write exactly what ICU writes, in both languages, and leave the rest to ICU.
    @Test(arguments: [Language.fr, .en])
    func numbersAreWrittenAsICUWritesThem(language: Language) {
        let formats = AnalyticsFormats(language: language)
        let values: [Double] = [0, 1, 7, 42, 999, 1_000, 1_001, 12_345, 99_999, 100_000, 123_456, 1_234_567, 98_765_432_100, 999_999_999_999_999]
        for value in values + values.map { $0 + 0.5 } + [-1, -1_234, -0.0, 0.04, 1.25, 1_234.56] {
            #expect(formats.number(value) == value.formatted(.number.precision(.fractionLength(0...1)).locale(formats.locale)), "\(value)")
        }
        for value in [0, 5, 1_000, 654_321, 10_000_000, -12_345] {
            #expect(formats.integer(value) == value.formatted(.number.locale(formats.locale)), "\(value)")
        }
        #expect(formats.number(.nan) == AnalyticsFormats.none)
    }
}
