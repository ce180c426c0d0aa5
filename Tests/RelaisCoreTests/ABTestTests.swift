import RelaisCore
import Testing

@Suite struct ABTestTests {
    func results(_ pairs: (Int, Int)...) -> [ABVariantResult] { pairs.map { ABVariantResult(trials: $0.0, successes: $0.1) } }

    @Test func clearDifferenceIsSignificant() {
        // Pooled: p = 0.225, SE = sqrt(0.225 · 0.775 · 2/1000) = 0.018675, z = 0.05 / SE = 2.6774, two-sided p = 0.00742.
        let decision = ABTest.decide(results((1000, 200), (1000, 250)), fallback: .firstVariant)
        #expect(decision.winner == 1 && decision.reason == .significant && decision.confidence == 0.95)
        #expect(abs(decision.zScore - 2.677398) < 1e-5)
        #expect(abs(decision.pValue - 0.0074196) < 1e-6)
        #expect(ABTest.decide(results((1000, 200), (1000, 250)), confidence: 0.99, fallback: .firstVariant).reason == .significant)
        // At 99.5 % the same data is not enough (p > 0.005).
        let stricter = ABTest.decide(results((1000, 200), (1000, 250)), confidence: 0.995, fallback: .firstVariant)
        #expect(stricter.reason == .notSignificantFallback && stricter.winner == 0)
    }

    @Test func smallDifferenceFallsBack() {
        let highest = ABTest.decide(results((1000, 100), (1000, 110)), fallback: .highestRate)
        #expect(highest.winner == 1 && highest.reason == .notSignificantFallback)
        #expect(abs(highest.zScore - 0.729422) < 1e-5 && abs(highest.pValue - 0.465744) < 1e-5)
        let first = ABTest.decide(results((1000, 100), (1000, 110)), fallback: .firstVariant)
        #expect(first.winner == 0 && first.reason == .notSignificantFallback && first.zScore == highest.zScore)
    }

    @Test func threeVariantsCompareTheTopTwo() {
        // B (18 %) is far ahead of A (10 %) but not of C (15 %): z = 1.8073, p = 0.0707.
        let close = ABTest.decide(results((1000, 100), (1000, 180), (1000, 150)), fallback: .firstVariant)
        #expect(close.winner == 0 && close.reason == .notSignificantFallback && abs(close.zScore - 1.807262) < 1e-5)
        #expect(ABTest.decide(results((1000, 100), (1000, 180), (1000, 150)), fallback: .highestRate).winner == 1)
        // The leader is last in the list: the index reported is its own.
        let clear = ABTest.decide(results((1000, 100), (1000, 150), (1000, 250)), fallback: .firstVariant)
        #expect(clear.winner == 2 && clear.reason == .significant && abs(clear.zScore - 5.590170) < 1e-5)
    }

    @Test func tiesGoToTheLowerIndex() {
        let tie = ABTest.decide(results((0, 0), (1000, 100), (500, 50)), fallback: .highestRate)
        #expect(tie.winner == 1 && tie.zScore == 0 && tie.pValue == 1)
    }

    @Test func noVarianceIsNotSignificant() {
        #expect(
            ABTest.decide(results((100, 0), (300, 0)), fallback: .highestRate)
                == ABDecision(
                    winner: 0, reason: .notSignificantFallback, zScore: 0, pValue: 1, confidence: 0.95))
        #expect(ABTest.decide(results((100, 100), (300, 300)), fallback: .highestRate).reason == .notSignificantFallback)
    }

    @Test func withoutTwoMeasuredVariantsThereIsNoData() {
        let none = ABDecision(winner: 0, reason: .noData, zScore: 0, pValue: 1, confidence: 0.95)
        #expect(ABTest.decide([], fallback: .highestRate) == none)
        #expect(ABTest.decide(results((0, 0), (0, 0)), fallback: .highestRate) == none)
        #expect(ABTest.decide(results((0, 0), (100, 30)), fallback: .highestRate).winner == 1)
        #expect(ABTest.decide(results((0, 0), (100, 30)), fallback: .firstVariant) == none)
        #expect(ABTest.decide(results((0, 0), (100, 30)), fallback: .highestRate).reason == .noData)
    }

    @Test func rates() {
        #expect(ABVariantResult(trials: 8, successes: 2).rate == 0.25)
        #expect(ABVariantResult(trials: 0, successes: 0).rate == 0)
    }

    @Test(arguments: [
        (1.959964, 0.9750000009035575), (0, 0.5), (1, 0.8413447460685429), (-1.959964, 0.02499999909644241), (-3, 0.0013498980316300957),
        (3.5, 0.9997673709209645),
    ])
    func normalCDF(z: Double, expected: Double) {
        #expect(abs(ABTest.normalCDF(z) - expected) < 1e-9)
    }

    @Test func normalCDFKeepsTheFarTail() {
        // Φ(-8) = 6.2209606e-16: a 1 - Φ(8) formula would give 0 or noise.
        #expect(abs(ABTest.normalCDF(-8) / 6.220960574271819e-16 - 1) < 1e-6)
    }

    @Test func storedNames() {
        #expect(ABMetric.allCases.map(\.rawValue) == ["read_rate", "reply_rate", "click_rate", "delivery_rate"])
        #expect(ABFallback.allCases.map(\.rawValue) == ["highest_rate", "first_variant"])
        #expect(ABDecision.Reason.notSignificantFallback.rawValue == "not_significant_fallback")
    }
}
