/// Liveness and readiness, as a value: the loops report progress, the HTTP endpoint asks (`/healthz`, `/readyz`).
///
/// - Live: the poll loop is waiting for the next event, or has handled its current one within
///   ``pollStall``; and no input has been in progress for longer than ``processingStall`` (an input in progress
///   that long means a processing task is stuck: a hung delivery, a runaway parse).
/// - Ready: the consumer joined its group (received an assignment) and the last publish did not fail.
public struct HealthState: Sendable {
    /// The poll loop may be busy with one event at most this long.
    public var pollStall: Duration
    /// An input may be in progress at most this long.
    public var processingStall: Duration
    /// When the poll loop started handling its current event; `nil` while it waits for one.
    private var pollBusySince: ContinuousClock.Instant?
    /// Start times of the inputs in progress, by a token the processing task keeps.
    private var inputsInProgress: [Int: ContinuousClock.Instant] = [:]
    private var nextToken = 0
    /// Whether the consumer received an assignment.
    public private(set) var consumerJoined = false
    /// Whether the last publish failed (cleared by the next success).
    public private(set) var producerFailing = false

    /// Creates the state.
    public init(pollStall: Duration, processingStall: Duration) {
        self.pollStall = pollStall
        self.processingStall = processingStall
    }

    /// The poll loop received an event and starts handling it.
    public mutating func pollBusy(at now: ContinuousClock.Instant) { pollBusySince = now }

    /// The poll loop handled its event and waits for the next.
    public mutating func pollWaiting() { pollBusySince = nil }

    /// The consumer received a partition assignment.
    public mutating func joined() { consumerJoined = true }

    /// A processing task started an input; pass the token to ``inputFinished(_:)``.
    public mutating func inputStarted(at now: ContinuousClock.Instant) -> Int {
        nextToken += 1
        inputsInProgress[nextToken] = now
        return nextToken
    }

    /// A processing task finished an input.
    public mutating func inputFinished(_ token: Int) { inputsInProgress[token] = nil }

    /// A publish succeeded or failed.
    public mutating func published(successfully: Bool) { producerFailing = !successfully }

    /// Why the worker is not live at `now`, or `nil` when it is.
    public func livenessProblem(at now: ContinuousClock.Instant) -> String? {
        if let since = pollBusySince, now - since > pollStall {
            return "the poll loop has been busy with one event for \(now - since)"
        }
        if let oldest = inputsInProgress.values.min(), now - oldest > processingStall {
            return "an input has been in progress for \(now - oldest)"
        }
        return nil
    }

    /// Why the worker is not ready, or `nil` when it is.
    public var readinessProblem: String? {
        if !consumerJoined { return "the consumer has not joined its group" }
        if producerFailing { return "the last publish failed" }
        return nil
    }
}
