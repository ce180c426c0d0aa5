/// What one `relais serve` process does (`RELAIS_ROLE`), so that one image runs as a web node, a dispatcher node
/// or both. The role gives the defaults of `RELAIS_DISPATCHER` and `RELAIS_IMPORT_WORKER`; an explicit flag may
/// turn a worker off, never on against the role (that would be a web node sending, which the operator did not ask).
enum NodeRole: String, Sendable, CaseIterable {
    /// HTTP, the dispatcher, the scheduler and the import worker: a single machine, or identical nodes.
    case all
    /// HTTP only (pages, API, WebSocket, webhooks); no send loop, no scheduler, no import worker.
    case web
    /// The background workers; HTTP answers only `/healthz`, `/readyz` and `/metrics` (for health checks and
    /// Prometheus), every other path 404.
    case dispatcher

    /// Whether the node serves pages, the API, the WebSocket and the webhooks.
    var servesApplication: Bool { self != .dispatcher }

    /// Whether the node runs background work (send loops, scheduler, import worker) unless a flag turns it off.
    var runsWorkers: Bool { self != .web }

    /// The value of a worker flag under this role: the flag when given (refused when it contradicts the role),
    /// else what the role implies.
    func worker(_ key: String, explicit: Bool?) throws(ConfigurationError) -> Bool {
        guard let explicit else { return runsWorkers }
        if explicit && !runsWorkers { throw .contradicts(key, role: rawValue) }
        return explicit
    }
}
