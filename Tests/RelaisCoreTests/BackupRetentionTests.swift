import Foundation
import RelaisCore
import Testing

/// Which backups pruning keeps, on dates written out by hand.
@Suite struct BackupRetentionTests {
    func at(_ text: String) -> BackupName { BackupName(fileName: "relais-\(text).dump")! }

    @Test func namesRoundTripAndStrangersAreIgnored() {
        let name = at("20261202T030000Z")
        #expect(name.fileName == "relais-20261202T030000Z.dump")
        #expect(name.checksumFileName == "relais-20261202T030000Z.dump.sha256")
        #expect(BackupName(fileName: ".relais-20261202T030000Z.dump.partial") == nil)
        #expect(BackupName(fileName: "relais-20261202T030000Z.dump.sha256") == nil)
        #expect(BackupName(fileName: "relais-2026-12-02.dump") == nil)
    }

    @Test func keepsTheNewestOfSevenDaysAndOfFourWeeks() {
        // One backup a day at 03:00 for 40 days (Mon 2 Nov → Fri 11 Dec 2026), plus a manual one on 11 Dec at 10:00.
        var backups: [BackupName] = []
        let calendar = Calendar(identifier: .iso8601)
        let start = at("20261102T030000Z").takenAt
        for day in 0..<40 { backups.append(BackupName(takenAt: calendar.date(byAdding: .day, value: day, to: start)!)) }
        let manual = at("20261211T100000Z")
        backups.append(manual)
        let kept = BackupRetention(daily: 7, weekly: 4).kept(backups)
        let expected: Set<BackupName> = [
            manual,  // newest of 11 Dec (the 03:00 one of that day is not kept)
            at("20261210T030000Z"), at("20261209T030000Z"), at("20261208T030000Z"), at("20261207T030000Z"),
            at("20261206T030000Z"), at("20261205T030000Z"),  // the six days before: 7 dailies in all
            at("20261129T030000Z"), at("20261122T030000Z"),  // weeks: Sun 29 Nov and Sun 22 Nov end their weeks
            // this week (manual) and last week (6 Dec) are already kept as dailies
        ]
        #expect(kept == expected)
        #expect(Set(BackupRetention(daily: 7, weekly: 4).pruned(backups)).isDisjoint(with: kept))
        #expect(BackupRetention().pruned(backups).count == backups.count - expected.count)
    }

    @Test func fewBackupsAreAllKept() {
        let backups = [at("20261201T030000Z"), at("20261202T030000Z")]
        #expect(BackupRetention().pruned(backups).isEmpty)
    }

    @Test func scheduleParsesAndFindsTheNextTime() {
        #expect(BackupSchedule("03:00") == BackupSchedule(hour: 3, minute: 0))
        #expect(BackupSchedule("3:00") == nil)
        #expect(BackupSchedule("24:00") == nil)
        #expect(BackupSchedule("ab:cd") == nil)
        let paris = TimeZone(identifier: "Europe/Paris")!
        let schedule = BackupSchedule("03:00")!
        // 1 Dec 2026 02:30 UTC is 03:30 in Paris: the next 03:00 Paris is 2 Dec 02:00 UTC.
        let after = at("20261201T023000Z").takenAt
        #expect(schedule.next(after: after, in: paris) == at("20261202T020000Z").takenAt)
        #expect(schedule.next(after: at("20261201T010000Z").takenAt, in: paris) == at("20261201T020000Z").takenAt)
    }
}

/// The template's marketing opt-out button opts out like a keyword.
@Suite struct OptOutButtonTests {
    @Test func stopPromotionsButtonOptsOut() {
        let keywords = OptOutKeywords()
        #expect(keywords.matchesButton(text: "Stop promotions", payload: "anything"))
        #expect(keywords.matchesButton(text: "Arrêter les promotions", payload: nil))
        #expect(keywords.matchesButton(text: "Unsubscribe me", payload: "STOP"))
        #expect(!keywords.matchesButton(text: "Yes please", payload: "PROMO_YES"))
    }
}
