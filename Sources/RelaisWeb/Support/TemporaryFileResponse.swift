import Foundation
import Hummingbird
import NIOCore
import NIOPosix

/// Streams a file written by an exporter to the client in 64 KiB chunks and deletes it afterwards, so an export's
/// memory is the writer's page plus one chunk, whatever its size. Contacts and report exports both answer with it.
enum TemporaryFileResponse {
    static let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    static let pdf = "application/pdf"

    /// A fresh path in the temporary directory for an export with this extension.
    static func url(extension ext: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("relais-report-\(UUID().uuidString).\(ext)")
    }

    /// The download response of `url` (deleted once sent, or if sending fails).
    static func make(_ url: URL, contentType: String, filename: String) -> Response {
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? nil
        let body = ResponseBody(contentLength: size) { writer in
            defer { try? FileManager.default.removeItem(at: url) }
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            while true {
                let chunk = try await NIOThreadPool.singleton.runIfActive { try handle.read(upToCount: 64 * 1024) ?? Data() }
                if chunk.isEmpty { break }
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok, headers: [.contentType: contentType, .contentDisposition: "attachment; filename=\"\(filename)\""], body: body)
    }
}
