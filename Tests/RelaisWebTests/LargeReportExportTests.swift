import AsyncHTTPClient
import Foundation
import NIOCore
import RelaisTestSupport
import Testing

/// A campaign of 100,000 recipients exported as PDF: the recipients are read from the database a page at a time
/// and the pages written to disk as they fill, so the server's memory barely moves (the server runs in this
/// process, so its resident memory is ours). Its own suite, so that no other test's allocations blur the figure.
/// Minutes of CPU on two cores (100,000 rows, a 2,000-page PDF read back by pypdf): next to the rest of the suite it
/// starved the in-process test servers, so it runs on its own, as `.ci/run`'s second `swift test` step, when
/// `RELAIS_LARGE_TESTS=1`.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["RELAIS_LARGE_TESTS"] == "1"))
struct LargeReportExportTests {
    static let recipients = 100_000

    /// Resident memory now, in bytes (`VmRSS` of /proc/self/status).
    static func residentBytes(_ field: String = "VmRSS") -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return (Int(line.split(whereSeparator: \.isWhitespace)[1]) ?? 0) * 1024
        }
        return 0
    }

    @Test func aHundredThousandRecipientsExportWithFlatMemory() async throws {
        try await TestServer.with { server in
            let admin = try await TestTenant.signUp(on: server, company: "Grande Diffusion")
            let number = try await server.request(.POST, "/api/v1/whatsapp/numbers/sandbox", token: admin.accessToken).json
            let numberID = try #require(UUID(uuidString: number["id"] as? String ?? ""))
            let tenant = try #require(UUID(uuidString: admin.companyID))
            let (campaign, run) = (UUID(), UUID())
            let owner = try await TestDatabase.shared.start().owner
            try await TestDatabase.withClient(owner) { client in
                try await client.query(
                    """
                    INSERT INTO campaigns (tenant_id, id, name, number_id, state, content)
                    VALUES (\(tenant), \(campaign), 'Grande campagne', \(numberID), 'completed',
                            '{"templateName": "relais_promo", "language": "fr", "header": [], "body": [], "buttons": []}'::jsonb)
                    """)
                try await client.query(
                    """
                    INSERT INTO campaign_runs (tenant_id, id, campaign_id, number_id, occurrence, state)
                    VALUES (\(tenant), \(run), \(campaign), \(numberID), 0, 'completed')
                    """)
                try await client.query(
                    """
                    INSERT INTO outbound_messages (tenant_id, id, number_id, to_phone, status, callback_id, sent_at, created_at, campaign_id, run_id, variant)
                    SELECT \(tenant), gen_random_uuid(), \(numberID), '+336' || lpad(i::text, 8, '0'), 'sent', gen_random_uuid(),
                           '2026-11-10T09:30:00Z'::timestamptz, '2026-11-10T09:29:00Z'::timestamptz, \(campaign), \(run), 0
                    FROM generate_series(1, \(Self.recipients)) AS i
                    """)
            }
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("relais-large-\(UUID().uuidString).pdf")
            defer { try? FileManager.default.removeItem(at: url) }
            let baseline = Self.residentBytes()
            // The peak over the whole request, writing included: VmHWM reset where the kernel allows, and sampling.
            let resetPeak = (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil
            let peak = try await withThrowingTaskGroup(of: Int.self) { group in
                group.addTask {
                    var highest = 0
                    while !Task.isCancelled {
                        highest = max(highest, Self.residentBytes())
                        try? await Task.sleep(for: .milliseconds(20))
                    }
                    return highest
                }
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/api/v1/campaigns/\(campaign)/report.pdf")
                request.headers.add(name: "Authorization", value: "Bearer \(admin.accessToken)")
                let response = try await TestServer.client.execute(request, timeout: .seconds(600))
                #expect(response.status.code == 200)
                FileManager.default.createFile(atPath: url.path, contents: nil)
                let handle = try FileHandle(forWritingTo: url)
                for try await chunk in response.body { try handle.write(contentsOf: Data(chunk.readableBytesView)) }
                try handle.close()
                group.cancelAll()
                var highest = 0
                for try await sample in group { highest = max(highest, sample) }
                return max(highest, resetPeak ? Self.residentBytes("VmHWM") : 0)
            }
            let growth = peak - baseline
            #expect(growth < 100 << 20, "peak resident memory grew by \(growth >> 20) MB")
            let info = try await ReportFileInspection.run("pdfinfo", [url.path])
            let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
            // About 44 recipients a page.
            #expect(pages > Self.recipients / 50, "\(info)")
            let last = try await ReportFileInspection.run("pdftotext", ["-f", String(pages), "-l", String(pages), "-layout", url.path, "-"])
            // Recipients come in message-id order, so any of them may be last; the header repeats down to the last page.
            #expect(last.contains("+336") && last.contains("Phone") && last.contains("Page \(pages) / \(pages)"), "\(last)")
        }
    }
}
