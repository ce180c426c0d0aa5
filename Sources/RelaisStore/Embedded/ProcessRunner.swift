import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs short-lived helper programs (initdb, pg_ctl) and returns what they printed.
///
/// Uses `posix_spawn` and `waitpid` with output sent to a temporary file rather than
/// Foundation's `Process` and a pipe: `pg_ctl start` leaves a daemon behind that
/// inherits the pipe, and waiting for the pipe's end (or on Foundation's run loop)
/// would then never return.
///
/// The child gets standard input, output and error and no other descriptor of ours. NIO opens its sockets without
/// close-on-exec, so a child would otherwise hold copies of the server's listening socket and of every connection
/// open at that moment: a connection the server closes stays open for the client as long as the child lives, and
/// the postmaster of `pg_ctl start` lives as long as its cluster (seen: a slow-loris client cut off by the server
/// kept its connection because a test cluster started meanwhile held it).
enum ProcessRunner {
    /// Runs `executable` with `arguments`, optionally as another system user (through `runuser`).
    /// `environment` is added to this process's own (e.g. `PGPASSWORD` for `pg_dump`, so no password is on a command line).
    /// Throws with the program's output when it exits non-zero.
    @discardableResult
    static func run(
        _ executable: String, _ arguments: [String], asUser user: String? = nil, environment: [String: String] = [:]
    ) throws(EmbeddedClusterError) -> String {
        let argv = user.map { [runuserPath, "-u", $0, "--", executable] } ?? [executable]
        let command = argv + arguments
        let outputPath = NSTemporaryDirectory() + "relais-run-\(UUID().uuidString).log"
        defer { unlink(outputPath) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        closeInheritedDescriptors(&actions)

        var cArguments = command.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { $1 }
        var cEnvironment = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cEnvironment.forEach { free($0) } }
        let spawned = posix_spawn(&pid, command[0], &actions, nil, &cArguments, &cEnvironment)
        guard spawned == 0 else { throw .commandFailed(command: command[0], output: String(cString: strerror(spawned))) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exitedCleanly = (status & 0x7f) == 0 && ((status >> 8) & 0xff) == 0
        guard exitedCleanly else { throw .commandFailed(command: command.joined(separator: " "), output: output) }
        return output
    }

    /// `posix_spawn_file_actions_addclosefrom_np(3)` (glibc 2.34 and later, looked up at run time: Swift's Glibc
    /// module does not declare it) closes everything past standard error in the child, atomically. Older C libraries
    /// get every descriptor of ours past standard error marked close-on-exec instead, which misses only those
    /// opened by another thread between the marking and the spawn.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        if let closeFrom = addCloseFrom, closeFrom(&actions, 3) == 0 { return }
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in descriptors.compactMap({ Int32($0) }) where descriptor > 2 {
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    private static let addCloseFrom: AddCloseFrom? = {
        // RTLD_DEFAULT is the null handle in glibc.
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np").map { unsafeBitCast($0, to: AddCloseFrom.self) }
    }()

    static var runuserPath: String {
        ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"].first(where: FileManager.default.isExecutableFile(atPath:))
            ?? "/usr/sbin/runuser"
    }
}
