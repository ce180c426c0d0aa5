import Hummingbird
import Logging
import NIOCore

/// The request context of the simulator: Hummingbird's core storage plus the channel, which the fault
/// injection needs to drop a connection without answering.
struct SimulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// Bodies up to 20 MB (media uploads); sends are far smaller.
    var maxUploadSize: Int { 20 * 1024 * 1024 }
}
