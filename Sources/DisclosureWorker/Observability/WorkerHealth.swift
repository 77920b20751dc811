import Synchronization

/// The shared ``HealthState`` of a running worker: the loops report into it, the HTTP endpoint reads it.
public final class WorkerHealth: Sendable {
    private let state: Mutex<HealthState>
    private let clock = ContinuousClock()

    /// Creates the health record with the configured thresholds.
    public init(configuration: WorkerConfiguration.Health) {
        state = Mutex(
            HealthState(
                pollStall: .milliseconds(configuration.pollStallMs),
                processingStall: .milliseconds(configuration.processingStallMs)
            )
        )
    }

    /// Applies `update` to the state.
    public func update<Result>(_ update: (inout HealthState, ContinuousClock.Instant) -> Result) -> Result {
        let now = clock.now
        return state.withLock { update(&$0, now) }
    }

    /// Applies `update`, which needs no time: without the clock read that ``update(_:)`` makes (the supervisor
    /// reports five times per input, three of them untimed).
    public func updateUntimed<Result>(_ update: (inout HealthState) -> Result) -> Result {
        state.withLock { update(&$0) }
    }

    /// Why the worker is not live now, or `nil`.
    public var livenessProblem: String? {
        let now = clock.now
        return state.withLock { $0.livenessProblem(at: now) }
    }

    /// Why the worker is not ready now, or `nil`.
    public var readinessProblem: String? { state.withLock { $0.readinessProblem } }
}
