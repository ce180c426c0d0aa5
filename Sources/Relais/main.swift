import ArgumentParser
import NIOCore
import NIOPosix

// Swift concurrency's jobs run on NIO's event loops instead of a second pool of threads. Every request, query and
// send crosses between the two otherwise (a socket's bytes arrive on an event loop, the handler's task runs on the
// pool, its query goes back to the connection's event loop...), and on a machine of two cores those hops cost more
// than the work. Installed before any task runs, from the main thread, as NIO requires.
NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

/// `AsyncParsableCommand.main()`, inside an async function: top-level code resolves `RelaisCommand.main()` and a
/// command's `run()` to their synchronous overloads, which only print an asynchronous subcommand's help.
func start() async {
    await RelaisCommand.main()
}
await start()
