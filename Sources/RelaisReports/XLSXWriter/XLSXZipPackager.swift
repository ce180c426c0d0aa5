import Foundation
import ZIPFoundation

/// Writes a zip archive from parts held in memory (small XML) or in files (sheets, streamed in
/// chunks by ZIPFoundation). Internal; tests use it too to build hand-made workbooks.
enum XLSXZipPackager {
    /// Where a part's bytes come from.
    enum Source {
        case text(String)
        case file(URL)
    }

    /// Creates the archive at `url` (which must not exist) with `parts` deflated, in order.
    static func write(_ parts: [(path: String, source: Source)], to url: URL) throws {
        let archive = try Archive(url: url, accessMode: .create)
        for (path, source) in parts {
            switch source {
            case .text(let xml):
                let data = Data(xml.utf8)
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
                    position, size in data.subdata(in: Int(position)..<Int(position) + size)
                }
            case .file(let file):
                try archive.addEntry(with: path, fileURL: file, compressionMethod: .deflate)
            }
        }
    }
}
