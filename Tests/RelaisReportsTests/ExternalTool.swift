import Foundation

/// Runs an installed program (pdftotext, python3) on a file the test wrote, to check it with a reader we did not
/// write; returns its standard output, and fails the test with its standard error when it exits non-zero.
///
/// Each call waits on a dispatch thread, not on the cooperative pool that the rest of the test run needs.
enum ExternalTool {
    static func run(_ executable: String, _ arguments: [String]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try blockingRun(executable, arguments) }) }
        }
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
        // Read before waiting: a full pipe would block the child.
        let text = output.fileHandleForReading.readDataToEndOfFile()
        let problems = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ExternalToolFailure(description: "\(executable) exited \(process.terminationStatus): \(String(decoding: problems, as: UTF8.self))")
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// `pdftotext -layout` of the file, pages separated by form feeds.
    static func pdfText(_ url: URL) async throws -> String { try await run("pdftotext", ["-layout", url.path, "-"]) }

    /// pypdf in strict mode: the page count, or an error when the file does not parse cleanly.
    static func pypdfPageCount(_ url: URL) async throws -> Int {
        let script = """
            import sys, warnings, pypdf
            warnings.simplefilter("error")
            reader = pypdf.PdfReader(sys.argv[1], strict=True)
            for page in reader.pages:
                page.extract_text()
            print(len(reader.pages))
            """
        let output = try await run("python3", ["-c", script, url.path])
        guard let count = Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ExternalToolFailure(description: "pypdf printed \(output)")
        }
        return count
    }
}

struct ExternalToolFailure: Error, CustomStringConvertible {
    let description: String
}
