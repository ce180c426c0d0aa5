import Foundation
import Testing

@testable import RelaisCore

@Suite struct MediaKindTests {
    @Test func theTypeComesFromTheFirstBytes() {
        #expect(MediaSniffer.mimeType(of: [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]) == "image/jpeg")
        #expect(MediaSniffer.mimeType(of: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]) == "image/png")
        #expect(MediaSniffer.mimeType(of: Array("%PDF-1.4\n".utf8)) == "application/pdf")
        #expect(MediaSniffer.mimeType(of: [0, 0, 0, 0x18] + Array("ftypmp42".utf8) + [0, 0, 0, 0]) == "video/mp4")
        #expect(MediaSniffer.mimeType(of: [0, 0, 0, 0x14] + Array("ftyp3gp4".utf8) + [0, 0, 0, 0]) == "video/3gpp")
        // Near misses: a PNG signature cut short, a GIF, an HTML page, an empty file, a script.
        #expect(MediaSniffer.mimeType(of: [0x89, 0x50, 0x4E, 0x47]) == nil)
        #expect(MediaSniffer.mimeType(of: Array("GIF89a".utf8)) == nil)
        #expect(MediaSniffer.mimeType(of: Array("<html><script>".utf8)) == nil)
        #expect(MediaSniffer.mimeType(of: [UInt8]()) == nil)
        #expect(MediaSniffer.mimeType(of: Array("#!/bin/sh\n".utf8)) == nil)
    }

    @Test func eachHeaderFormatTakesItsOwnKindWithinWhatsAppsLimits() {
        #expect(MediaKind(headerFormat: "IMAGE") == .image)
        #expect(MediaKind(headerFormat: "DOCUMENT") == .document)
        #expect(MediaKind(headerFormat: "TEXT") == nil)
        #expect(MediaKind(mimeType: "image/png") == .image)
        #expect(MediaKind(mimeType: "video/3gpp") == .video)
        #expect(MediaKind(mimeType: "image/gif") == nil)
        #expect(MediaKind.image.maxBytes == 5 * 1024 * 1024)
        #expect(MediaKind.maxBytes == 16 * 1024 * 1024)
    }

    @Test func anUploadedFileIsNamedByItsIdAndAnythingElseIsALink() {
        let id = UUID()
        #expect(MediaHeaderSource(expression: MediaHeaderSource.expression(for: id)) == .upload(id))
        #expect(MediaHeaderSource(expression: " media:\(id.uuidString.uppercased()) ") == .upload(id))
        #expect(MediaHeaderSource(expression: "media:not-an-id") == .link("media:not-an-id"))
        #expect(MediaHeaderSource(expression: "https://example.com/a.png") == .link("https://example.com/a.png"))
        #expect(MediaHeaderSource(expression: "{attr.photo}") == .link("{attr.photo}"))
    }
}
