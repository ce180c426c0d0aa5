import Foundation
import Testing

@testable import RelaisWeb

/// The small rules of the live channel that need no server: client messages, the rate, the CSP's sources.
@Suite struct RealtimeProtocolTests {
    @Test func subscribeMessagesNarrowToACampaignOrWidenToAll() throws {
        let id = UUID()
        #expect(try RealtimeClientMessage(text: #"{"type":"subscribe","campaign_id":"\#(id.uuidString.lowercased())"}"#) == .subscribe(campaign: id))
        #expect(try RealtimeClientMessage(text: #"{"type":"subscribe"}"#) == .subscribe(campaign: nil))
        #expect(try RealtimeClientMessage(text: #"{"type":"subscribe","campaign_id":null}"#) == .subscribe(campaign: nil))
        #expect(throws: RealtimeClientMessage.Refusal.malformed) { try RealtimeClientMessage(text: "subscribe") }
        #expect(throws: RealtimeClientMessage.Refusal.unknownType) { try RealtimeClientMessage(text: #"{"type":"unsubscribe"}"#) }
        #expect(throws: RealtimeClientMessage.Refusal.invalidCampaign) {
            try RealtimeClientMessage(text: #"{"type":"subscribe","campaign_id":"42"}"#)
        }
    }

    @Test func theRateIsMessagesThatLeftPerSecondOverTheLastFiveSeconds() {
        var rate = RunRate()
        let start = ContinuousClock.now
        #expect(rate.record(left: 0, at: start) == nil, "one count gives no rate")
        #expect(rate.record(left: 40, at: start + .seconds(1)) == 40)
        #expect(rate.record(left: 120, at: start + .seconds(2)) == 60)
        // Seven seconds in, the baseline is the newest count at least five seconds old (the one at 2 s).
        #expect(rate.record(left: 220, at: start + .seconds(7)) == 20)
    }

    @Test func theContentSecurityPolicyNamesOnlyPlainHostsAsWebSocketSources() {
        #expect(
            SecurityHeadersMiddleware.contentSecurityPolicy(authority: "relais.example:8443").contains(
                "connect-src 'self' ws://relais.example:8443 wss://relais.example:8443;"))
        #expect(SecurityHeadersMiddleware.contentSecurityPolicy(authority: "[::1]:8080").contains("wss://[::1]:8080;"))
        for forged in ["evil.example; script-src *", "a b", "x'y", "", nil] {
            #expect(SecurityHeadersMiddleware.contentSecurityPolicy(authority: forged).contains("connect-src 'self'; "), "\(forged ?? "nil")")
        }
    }
}
