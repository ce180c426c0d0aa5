import Foundation

/// The object layer of a PDF file: numbered objects written straight to disk as they come, their byte offsets
/// kept (eight bytes per object) for the cross-reference table written at the end.
final class PDFFile {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var written = 0
    /// Byte offset of each object by number; index 0 is the free-list head, -1 a reserved, unwritten object.
    private var offsets: [Int] = [0]

    init(url: URL) throws(PDFWriteError) {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw .unwritable(reason: "cannot create \(url.lastPathComponent)")
        }
        do {
            handle = try FileHandle(forWritingTo: url)
        } catch {
            throw .unwritable(reason: error.localizedDescription)
        }
        // The binary comment tells transfer tools the file is not text.
        append("%PDF-1.7\n%\u{E2}\u{E3}\u{CF}\u{D3}\n", latin1: true)
    }

    deinit { try? handle.close() }

    /// A new object number, to reference before the object is written.
    func reserve() -> Int {
        offsets.append(-1)
        return offsets.count - 1
    }

    /// Writes object `number` with `body` (a dictionary, array, …).
    func write(object number: Int, _ body: String) throws(PDFWriteError) {
        begin(number)
        append(body)
        append("\nendobj\n")
        try flushIfLarge()
    }

    /// Writes object `number` as a stream of `data`, with `/Length` and any `extra` dictionary entries.
    func writeStream(object number: Int, data: [UInt8], extra: String = "") throws(PDFWriteError) {
        begin(number)
        append("<< /Length \(data.count)\(extra.isEmpty ? "" : " " + extra) >>\nstream\n")
        buffer += data
        written += data.count
        append("\nendstream\nendobj\n")
        try flushIfLarge()
    }

    /// Writes the cross-reference table and trailer, and closes the file.
    func finish(root: Int, info: Int) throws(PDFWriteError) {
        let start = written
        append("xref\n0 \(offsets.count)\n0000000000 65535 f \n")
        for offset in offsets.dropFirst() {
            precondition(offset >= 0, "a reserved PDF object was never written")
            let digits = String(offset)
            append(String(repeating: "0", count: max(0, 10 - digits.count)) + digits + " 00000 n \n")
        }
        append("trailer\n<< /Size \(offsets.count) /Root \(root) 0 R /Info \(info) 0 R >>\nstartxref\n\(start)\n%%EOF\n")
        try flush()
        do { try handle.close() } catch { throw .unwritable(reason: error.localizedDescription) }
    }

    private func begin(_ number: Int) {
        offsets[number] = written
        append("\(number) 0 obj\n")
    }

    private func append(_ text: String, latin1: Bool = false) {
        let bytes = latin1 ? text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) } : Array(text.utf8)
        buffer += bytes
        written += bytes.count
    }

    private func flushIfLarge() throws(PDFWriteError) {
        if buffer.count >= 1 << 16 { try flush() }
    }

    private func flush() throws(PDFWriteError) {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: Data(buffer))
        } catch {
            throw .unwritable(reason: error.localizedDescription)
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
