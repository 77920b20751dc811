import DisclosureCore

/// What kind of failure happened to one input, as far as retrying goes.
///
/// The pipeline classifies an error once (``classify(_:)``); ``FailureRouting`` decides from that.
public enum FailureKind: Sendable, Equatable {
    /// Bad input: the core could not read it (decode, too large, not a disclosure). Permanent.
    case input(WorkerError)
    /// A fault that may pass: broker unavailable, produce timeout, a retriable Kafka error.
    case transient(String)
    /// A fault the worker cannot continue after (a fatal librdkafka error).
    case fatal(String)
    /// Anything else: a fault of ours that may or may not repeat.
    case unexpected(String)

    /// Classifies an error: core and worker errors are input faults, errors that describe themselves through
    /// ``RetryClassifiable`` are transient or fatal as they say, anything else is unexpected.
    public static func classify(_ error: any Error) -> FailureKind {
        switch error {
        case let error as WorkerError: .input(error)
        case let error as DisclosureError: .input(WorkerError(error))
        case let error as any RetryClassifiable:
            if error.isFatal {
                .fatal(String(describing: error))
            } else if error.isRetriable {
                .transient(String(describing: error))
            } else {
                .unexpected(String(describing: error))
            }
        default: .unexpected(String(describing: error))
        }
    }
}

/// An error that says whether trying again may help (Kafka errors do: librdkafka's `retriable` and `fatal` flags).
public protocol RetryClassifiable: Error {
    /// Whether the same operation may succeed if tried again.
    var isRetriable: Bool { get }
    /// Whether the client is unusable after it.
    var isFatal: Bool { get }
    /// Whether the broker or client refused the message for its size (trying the same bytes again cannot help).
    var isPayloadTooLarge: Bool { get }
}

extension RetryClassifiable {
    /// Most errors say nothing about size.
    public var isPayloadTooLarge: Bool { false }
}

/// What the worker does next about a failed input.
public enum FailureDecision: Sendable, Equatable {
    /// Try the same input again after this delay.
    case retry(after: Duration)
    /// Send the input to the DLQ with this error (its code is the `error-class` header).
    case deadLetter(WorkerError)
    /// Stop the worker without committing the input: continuing could lose it.
    case stop(reason: String)
}

/// The one function that decides between retry, DLQ and stop (STYLE "Errors").
///
/// | failure | while processing | while writing the DLQ copy |
/// |---|---|---|
/// | input (core error) | DLQ at once, its class | — (never happens) |
/// | transient | retry with backoff; `internal` DLQ when attempts run out | retry with backoff; stop when attempts run out |
/// | unexpected | retry with backoff; `internal` DLQ when attempts run out | retry with backoff; stop when attempts run out |
/// | fatal | stop | stop |
///
/// A partition is never blocked for long by one input: after ``RetryPolicy/maximumAttempts`` the input goes to the
/// DLQ. Only when even the DLQ cannot be written does the worker stop, uncommitted, so nothing is lost.
public struct FailureRouting: Sendable, Equatable {
    /// Where in an input's handling a failure happened.
    public enum Phase: Sendable, Equatable {
        /// Processing the input and publishing its record and anomaly events.
        case processing
        /// Publishing the input's DLQ copy.
        case deadLettering
    }

    /// The retry policy.
    public var policy: RetryPolicy

    /// Creates the routing.
    public init(policy: RetryPolicy) {
        self.policy = policy
    }

    /// Decides what to do after a failure.
    ///
    /// - Parameters:
    ///   - kind: the classified failure.
    ///   - phase: whether the failure happened processing the input or writing its DLQ copy.
    ///   - failedAttempts: attempts made so far in this phase, the failed one included (≥ 1).
    ///   - random: the jitter draw in `0..<1`.
    /// - Returns: the decision.
    public func decide(_ kind: FailureKind, phase: Phase, failedAttempts: Int, random: Double) -> FailureDecision {
        switch kind {
        case .input(let error):
            return .deadLetter(error)
        case .fatal(let reason):
            return .stop(reason: reason)
        case .transient(let reason), .unexpected(let reason):
            if policy.allowsRetry(afterFailedAttempts: failedAttempts) {
                return .retry(after: policy.backoff(afterFailedAttempts: failedAttempts, random: random))
            }
            switch phase {
            case .processing:
                return .deadLetter(WorkerError(.internal, "gave up after \(failedAttempts) attempts: \(reason)"))
            case .deadLettering:
                return .stop(reason: "cannot write the dead letter after \(failedAttempts) attempts: \(reason)")
            }
        }
    }
}
