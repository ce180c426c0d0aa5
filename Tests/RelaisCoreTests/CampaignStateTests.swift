import RelaisCore
import Testing

@Suite struct CampaignStateTests {
    /// The allowed transitions, written out independently of the implementation's switch.
    static let allowed: [CampaignState: [CampaignAction: CampaignState]] = [
        .draft: [.schedule: .scheduled, .launch: .running, .cancel: .cancelled],
        .scheduled: [.schedule: .scheduled, .launch: .running, .start: .running, .cancel: .cancelled],
        .running: [.pause: .paused, .complete: .completed, .reschedule: .scheduled, .cancel: .cancelled, .fail: .failed],
        .paused: [.resume: .running, .cancel: .cancelled, .fail: .failed],
        .completed: [:], .cancelled: [:], .failed: [:],
    ]

    /// Every (state, action) pair: 7 × 9 = 63 cases.
    static let pairs: [(CampaignState, CampaignAction)] = CampaignState.allCases.flatMap { state in
        CampaignAction.allCases.map { (state, $0) }
    }

    @Test(arguments: pairs)
    func everyPair(state: CampaignState, action: CampaignAction) {
        if let expected = Self.allowed[state]?[action] {
            #expect((try? state.applying(action)) == expected)
        } else {
            #expect(throws: CampaignTransitionError(from: state, action: action)) { try state.applying(action) }
        }
    }

    @Test func theTableCoversFifteenLegalPairs() {
        #expect(Self.pairs.count == 63)
        #expect(Self.pairs.filter { (try? $0.0.applying($0.1)) != nil }.count == 15)
    }

    @Test func editableAndFinal() {
        #expect(CampaignState.allCases.filter(\.isEditable) == [.draft, .scheduled])
        #expect(CampaignState.allCases.filter(\.isFinal) == [.completed, .cancelled, .failed])
        // A final state accepts nothing; every other one can at least be cancelled.
        for state in CampaignState.allCases {
            #expect(CampaignAction.allCases.allSatisfy { (try? state.applying($0)) == nil } == state.isFinal)
            #expect(((try? state.applying(.cancel)) == .cancelled) == !state.isFinal)
        }
    }

    @Test func rawValuesAreTheStoredOnes() {
        #expect(CampaignState.allCases.map(\.rawValue) == ["draft", "scheduled", "running", "paused", "completed", "cancelled", "failed"])
        #expect(CampaignState(rawValue: "paused") == .paused)
    }
}
