import Foundation
import ZIPFoundation

/// A small zip archive built and read in memory: the personal-data export of one contact (a JSON file of a few
/// hundred kilobytes at most). Large archives are written to files by `XLSXZipPackager` instead.
public enum ZipBundle {
    /// Why an archive could not be read.
    public enum ReadError: Error {
        case notAnArchive
        case tooLarge
    }

    /// A deflated archive holding `entries` (path → bytes), in the order given.
    public static func make(_ entries: [(path: String, data: Data)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, data) in entries {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
                position, size in data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data ?? Data()
    }

    /// The files of an archive, inflated; refuses to inflate more than `maxBytes` in all (a zip bomb stops early).
    public static func entries(of data: Data, maxBytes: Int = 64 << 20) throws -> [String: Data] {
        guard let archive = try? Archive(data: data, accessMode: .read) else { throw ReadError.notAnArchive }
        var files: [String: Data] = [:]
        var total = 0
        for entry in archive where entry.type == .file {
            var content = Data()
            _ = try archive.extract(entry) { chunk in
                total += chunk.count
                if total > maxBytes { throw ReadError.tooLarge }
                content.append(chunk)
            }
            files[entry.path] = content
        }
        return files
    }
}
