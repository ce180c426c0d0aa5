import Foundation

/// Picks the winner of an A/B test so the rest of the audience receives the better variant.
public enum ABTest {
    /// Compares the best variant by rate with the second best (ties go to the lower index) with a pooled two-proportion
    /// z-test; the best wins outright when the two-sided p-value is below `1 - confidence`, otherwise `fallback` chooses.
    /// With fewer than two variants that have trials, the reason is `noData` and `fallback` chooses among what there is
    /// (variant 0 when nothing was measured or there are no variants).
    ///
    /// Only the top two are tested: the question is whether the leader is really ahead of its closest rival, and
    /// testing it against the others as well would only add comparisons it has already won by a wider margin.
    public static func decide(_ results: [ABVariantResult], confidence: Double = 0.95, fallback: ABFallback) -> ABDecision {
        let ranked = results.indices.filter { results[$0].trials > 0 }.sorted { left, right in
            let (leftRate, rightRate) = (results[left].rate, results[right].rate)
            return leftRate > rightRate || (leftRate == rightRate && left < right)
        }
        guard ranked.count >= 2 else {
            let winner = fallback == .highestRate ? ranked.first ?? 0 : 0
            return ABDecision(winner: winner, reason: .noData, zScore: 0, pValue: 1, confidence: confidence)
        }
        let z = pooledZ(results[ranked[0]], results[ranked[1]])
        // Two-sided tail from erfc directly: 2 * (1 - Φ(|z|)) would lose digits to cancellation for large z.
        let pValue = erfc(abs(z) / 2.0.squareRoot())
        if pValue < 1 - confidence {
            return ABDecision(winner: ranked[0], reason: .significant, zScore: z, pValue: pValue, confidence: confidence)
        }
        let winner = fallback == .highestRate ? ranked[0] : 0
        return ABDecision(winner: winner, reason: .notSignificantFallback, zScore: z, pValue: pValue, confidence: confidence)
    }

    /// The standard normal cumulative distribution Φ(z), from the C library's `erfc` (accurate far beyond 1e-7, and
    /// without cancellation in the lower tail).
    public static func normalCDF(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// z of `a`'s rate minus `b`'s under the pooled null hypothesis that both share one rate; 0 when that rate is 0 or
    /// 1 (no variance: nothing can be told apart).
    private static func pooledZ(_ a: ABVariantResult, _ b: ABVariantResult) -> Double {
        let trials = Double(a.trials), otherTrials = Double(b.trials)
        let pooled = Double(a.successes + b.successes) / (trials + otherTrials)
        let standardError = (pooled * (1 - pooled) * (1 / trials + 1 / otherTrials)).squareRoot()
        guard standardError > 0 else { return 0 }
        return (a.rate - b.rate) / standardError
    }
}
