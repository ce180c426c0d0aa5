import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// A `multipart/form-data` upload read as a stream: the part named `fileField` goes straight to a file on
/// disk as it arrives, the other (small) fields are kept as text. The whole body never sits in memory,
/// and a body over `limit` bytes stops the read with a 413 and leaves no file behind.
struct MultipartUpload {
    /// The uploaded file, if the form had one.
    var file: (url: URL, fileName: String, bytes: Int)?
    var fields: [String: String] = [:]

    static let maxFieldBytes = 64 * 1024

    /// Reads `request` into `directory` (created when missing).
    /// A body still arriving after `grace` must have come at `minimumRate` bytes per second on average, or the read
    /// stops with a 408 (a client trickling bytes would otherwise hold a connection and a file open for ever).
    static func read(
        _ request: Request, fileField: String, directory: URL, limit: Int, grace: Duration = .seconds(30), minimumRate: Int = 16 * 1024
    ) async throws -> MultipartUpload {
        guard let contentType = request.headers[.contentType], let boundary = boundary(of: contentType) else {
            throw Problem.badRequest("error.upload.not_multipart", "Send the file as multipart/form-data.")
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let state = UploadState(fileField: fileField, destination: directory.appendingPathComponent(UUID().uuidString.lowercased() + ".upload"))
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in state.header(name, value) }
        parser.onBody = { buffer in state.body(&buffer) }
        parser.onPartComplete = { state.partComplete() }
        var headerGuard = MultipartHeaderGuard(boundary: boundary)
        var total = 0
        let started = ContinuousClock.now
        do {
            for try await buffer in request.body {
                total += buffer.readableBytes
                if total > limit { throw Problem.payloadTooLarge(limit: limit) }
                let elapsed = ContinuousClock.now - started
                if elapsed > grace, Double(total) < Double(minimumRate) * (Double(elapsed.components.seconds) + 1) {
                    throw Problem.requestTimeout()
                }
                guard headerGuard.accepts(buffer) else {
                    throw Problem.badRequest("error.upload.malformed", "The multipart body could not be read.")
                }
                try parser.execute(buffer)
                if let error = state.error { throw error }
            }
        } catch {
            state.discard()
            if let problem = error as? Problem { throw problem }
            throw Problem.badRequest("error.upload.malformed", "The multipart body could not be read.")
        }
        state.close()
        if let error = state.error {
            state.discard()
            throw error
        }
        // PostgreSQL text cannot hold NUL; the options end up in the import's row.
        if state.fields.contains(where: { $0.key.contains("\u{0}") || $0.value.contains("\u{0}") }) || state.fileName?.contains("\u{0}") == true {
            state.discard()
            throw Problem.nulCharacter()
        }
        var upload = MultipartUpload(fields: state.fields)
        if let fileName = state.fileName { upload.file = (state.destination, fileName, state.fileBytes) } else { state.discard() }
        return upload
    }

    /// The `boundary` parameter of a `multipart/form-data` content type.
    static func boundary(of contentType: String) -> String? {
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for part in parts.dropFirst() where part.lowercased().hasPrefix("boundary=") {
            let value = part.dropFirst("boundary=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return value.isEmpty || value.count > 200 ? nil : value
        }
        return nil
    }
}

/// The parser's callbacks write here; used by one request task only.
private final class UploadState {
    let fileField: String
    let destination: URL
    var fields: [String: String] = [:]
    var fileName: String?
    var fileBytes = 0
    var error: Problem?
    private var partName: String?
    private var partFileName: String?
    private var fieldBytes: [UInt8] = []
    private var handle: FileHandle?
    /// The file's bytes not yet written. The parser hands the body over in pieces that end wherever a boundary
    /// might begin, which in a CSV with CRLF line endings is every line: written as they come, a 65 MB upload took
    /// a million `write` calls and 10 s.
    private var pending: [UInt8] = []
    private static let writeSize = 1 << 20

    init(fileField: String, destination: URL) {
        self.fileField = fileField
        self.destination = destination
    }

    func header(_ name: String, _ value: String) {
        guard name.lowercased() == "content-disposition" else { return }
        for parameter in value.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let pair = parameter.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            let unquoted = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            switch pair[0].lowercased() {
            case "name": partName = unquoted
            case "filename": partFileName = unquoted
            default: break
            }
        }
    }

    func body(_ buffer: inout ByteBuffer) {
        guard error == nil else { return }
        if partName == fileField {
            if handle == nil {
                guard FileManager.default.createFile(atPath: destination.path, contents: nil),
                    let opened = try? FileHandle(forWritingTo: destination)
                else {
                    error = Problem(status: .internalServerError, code: "error.internal", detail: "The upload could not be stored.")
                    return
                }
                handle = opened
                fileName = partFileName ?? "upload"
            }
            fileBytes += buffer.readableBytes
            buffer.withUnsafeReadableBytes { pending.append(contentsOf: $0) }
            if pending.count >= Self.writeSize { flush() }
        } else {
            fieldBytes.append(contentsOf: buffer.readableBytesView)
            if fieldBytes.count > MultipartUpload.maxFieldBytes {
                error = Problem.badRequest("error.upload.field_too_large", "A form field is too large.")
            }
        }
    }

    func partComplete() {
        if partName == fileField {
            flush()
            if fileName == nil {  // an empty file part
                FileManager.default.createFile(atPath: destination.path, contents: nil)
                fileName = partFileName ?? "upload"
            }
        } else if let partName {
            fields[partName] = String(decoding: fieldBytes, as: UTF8.self)
        }
        partName = nil
        partFileName = nil
        fieldBytes = []
    }

    /// Writes what is pending; a failure is kept in `error`, which stops the read.
    private func flush() {
        guard !pending.isEmpty, let handle else { return }
        do { try handle.write(contentsOf: pending) } catch {
            self.error = Problem(status: .internalServerError, code: "error.internal", detail: "The upload could not be stored.")
        }
        pending.removeAll(keepingCapacity: true)
    }

    func close() {
        flush()
        try? handle?.close()
        handle = nil
    }

    func discard() {
        pending = []
        close()
        try? FileManager.default.removeItem(at: destination)
    }
}
