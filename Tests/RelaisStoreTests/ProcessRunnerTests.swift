import Foundation
import Testing

@testable import RelaisStore

#if canImport(Glibc)
import Glibc
#endif

/// The helper programs we spawn (initdb, pg_ctl and the postmaster it leaves behind, pg_dump) inherit none of our
/// descriptors past standard error, and still print to the output we read back.
@Suite struct ProcessRunnerTests {
    @Test func aChildHoldsNoneOfOurSocketsOrFiles() throws {
        // Opened as NIO opens its sockets: without close-on-exec.
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        let fileDescriptor = open("/dev/null", O_RDONLY)
        defer {
            close(socketDescriptor)
            close(fileDescriptor)
        }
        try #require(socketDescriptor > 2 && fileDescriptor > 2)
        // `[` is a shell builtin, so /proc/self is the spawned shell itself.
        let script = [socketDescriptor, fileDescriptor].map { "if [ -e /proc/self/fd/\($0) ]; then echo inherited; else echo closed; fi" }
        let output = try ProcessRunner.run("/bin/sh", ["-c", script.joined(separator: "; ")])
        #expect(output == "closed\nclosed\n")
        // Ours are untouched.
        #expect(fcntl(socketDescriptor, F_GETFD) >= 0 && fcntl(fileDescriptor, F_GETFD) >= 0)
    }
}
