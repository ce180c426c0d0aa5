import Foundation

@testable import RelaisReports

/// A fresh temporary directory per test, removed when the test's value goes away.
final class TestDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("relais-reports-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `bytes` to `name` and returns its URL.
    func file(_ name: String, bytes: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file
    }

    /// Writes `text` as UTF-8 to `name`.
    func file(_ name: String, text: String) throws -> URL {
        try file(name, bytes: Array(text.utf8))
    }

    /// Zips `parts` (path → XML) into `name`, for hand-made workbooks.
    func zip(_ name: String, parts: [(String, String)]) throws -> URL {
        let file = url.appendingPathComponent(name)
        try XLSXZipPackager.write(parts.map { ($0.0, .text($0.1)) }, to: file)
        return file
    }
}

/// Every row of `reader`, rejected ones included.
func readAll(_ reader: some SpreadsheetReader) throws(SpreadsheetError) -> [SpreadsheetRow] {
    var rows: [SpreadsheetRow] = []
    while let row = try reader.next() { rows.append(row) }
    return rows
}

/// The cells of every row of `reader`.
func cells(_ reader: some SpreadsheetReader) throws(SpreadsheetError) -> [[String]] {
    try readAll(reader).map(\.cells)
}

/// The `SpreadsheetError` `body` throws, or `nil`.
func spreadsheetError(_ body: () throws -> Void) -> SpreadsheetError? {
    do {
        try body()
        return nil
    } catch {
        return error as? SpreadsheetError
    }
}
