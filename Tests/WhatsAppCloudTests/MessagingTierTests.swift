import Testing
import WhatsAppCloud

/// Tier names are read in one place; every reader of a number's tier depends on these answers.
@Suite struct MessagingTierTests {
    @Test(arguments: [
        ("TIER_50", 50), ("TIER_250", 250), ("TIER_1K", 1_000), ("TIER_2K", 2_000), ("TIER_10K", 10_000),
        ("TIER_100K", 100_000), ("tier_2k", 2_000), ("TIER_1M", 1_000_000),
    ])
    func aLimitedTierAllowsItsFigure(name: String, limit: Int) {
        #expect(MessagingTier.limit(name) == limit)
        #expect(MessagingTier.isName(name))
    }

    @Test func unlimitedIsATierWithoutALimit() {
        #expect(MessagingTier.isName("TIER_UNLIMITED"))
        #expect(MessagingTier.limit("TIER_UNLIMITED") == nil)
    }

    @Test(arguments: ["", "TIER_", "TIER_K", "250", "TIER_2KK", "TIER_-5", "TIER_1.5K", "TIER_٣K", "TIER_9999999999K", "STANDARD", "TIER_250 "])
    func anythingElseNamesNoTier(name: String) {
        #expect(!MessagingTier.isName(name))
        #expect(MessagingTier.limit(name) == nil)
    }
}
