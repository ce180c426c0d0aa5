import Foundation

/// Reads downloaded reports with tools we did not write: poppler's `pdftotext`, pypdf and openpyxl (python3).
///
/// The tools run on a dispatch thread, never on the cooperative pool: the test servers live in this process, and a
/// pool thread blocked waiting for pypdf on a 2,000-page PDF stalls them all (their requests then time out).
enum ReportFileInspection {
    /// Runs `executable` with `arguments`; its standard output, or an error with its standard error.
    static func run(_ executable: String, _ arguments: [String]) async throws -> String {
        try await offloaded { try blockingRun(executable, arguments) }
    }

    /// `work` on a global dispatch queue, awaited.
    static func offloaded<T>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let box: UncheckedBox<T> = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { UncheckedBox(value: try work()) }) }
        }
        return box.value
    }

    private static func blockingRun(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = output.fileHandleForReading.readDataToEndOfFile()
        let problems = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestFailure("\(executable) exited \(process.terminationStatus): \(String(decoding: problems, as: UTF8.self))")
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// `body` with the bytes saved to a temporary file, removed afterwards.
    static func withFile<T>(_ data: Data, extension ext: String, _ body: (URL) throws -> T) throws -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("relais-test-\(UUID().uuidString).\(ext)")
        try data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url)
    }

    /// The text of a PDF as `pdftotext -layout` lays it out, after pypdf parsed it strictly.
    static func pdfText(_ data: Data) async throws -> (text: String, pages: Int) {
        try await offloaded { try blockingPDFText(data) }
    }

    private static func blockingPDFText(_ data: Data) throws -> (text: String, pages: Int) {
        try withFile(data, extension: "pdf") { url in
            let script = """
                import sys, warnings, pypdf
                warnings.simplefilter("error")
                print(len(pypdf.PdfReader(sys.argv[1], strict=True).pages))
                """
            let pages = Int(try blockingRun("python3", ["-c", script, url.path]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
            return (try blockingRun("pdftotext", ["-layout", url.path, "-"]), pages)
        }
    }

    /// A workbook as openpyxl reads it: per sheet, its rows of cell values (as text), its header cells' boldness and
    /// fill, and the number format of every cell of the second row.
    static func workbook(_ data: Data) async throws -> [String: Any] {
        try await offloaded { try blockingWorkbook(data) }
    }

    private static func blockingWorkbook(_ data: Data) throws -> [String: Any] {
        try withFile(data, extension: "xlsx") { url in
            let script = """
                import sys, json, datetime, openpyxl
                book = openpyxl.load_workbook(sys.argv[1])
                out = {}
                for sheet in book.worksheets:
                    rows = [["" if c is None else (c.isoformat() if isinstance(c, (datetime.date, datetime.datetime)) else str(c)) for c in row]
                            for row in sheet.iter_rows(values_only=True)]
                    header = [c for c in sheet[1]] if sheet.max_row >= 1 else []
                    second = [c.number_format for c in sheet[2]] if sheet.max_row >= 2 else []
                    out[sheet.title] = {
                        "rows": rows,
                        "header_bold": all(bool(c.font and c.font.b) for c in header if c.value is not None),
                        "header_filled": any(c.fill is not None and c.fill.fill_type == "solid" for c in header),
                        "formats": second,
                    }
                print(json.dumps({"sheets": book.sheetnames, "data": out}))
                """
            let output = try blockingRun("python3", ["-c", script, url.path])
            return (try JSONSerialization.jsonObject(with: Data(output.utf8))) as? [String: Any] ?? [:]
        }
    }
}

/// Carries a value across the dispatch hop; it is only ever read by the task that awaited it.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
}
