import DisclosureCore
import DisclosureKafka
import DisclosureWorker
import Testing

@Suite struct FailureRoutingTests {
    let routing = FailureRouting(policy: RetryPolicy(maximumAttempts: 3))

    struct FakeKafkaError: RetryClassifiable, CustomStringConvertible {
        var isRetriable: Bool
        var isFatal: Bool
        var description: String { "broker down" }
    }

    struct SomethingElse: Error {}

    @Test func coreErrorsAreDeadLetteredAtOnceWithTheirClass() {
        let kind = FailureKind.classify(DisclosureError(.notADisclosure, "a news article"))
        #expect(kind == .input(WorkerError(.notADisclosure, "a news article")))
        #expect(
            routing.decide(kind, phase: .processing, failedAttempts: 1, random: 0)
                == .deadLetter(WorkerError(.notADisclosure, "a news article"))
        )
    }

    @Test func coreCodesMapOntoTheDeadLetterClasses() {
        #expect(WorkerError(DisclosureError(.decode, "x")).code == .decode)
        #expect(WorkerError(DisclosureError(.tooLarge, "x")).code == .tooLarge)
        #expect(WorkerError(DisclosureError(.pdfEncrypted, "x")).code == .pdfEncrypted)
        #expect(WorkerError(DisclosureError(.pdfNoTextLayer, "x")).code == .pdfNoTextLayer)
        #expect(WorkerError(DisclosureError(.pdfCorrupt, "x")).code == .pdfCorrupt)
        #expect(WorkerError(DisclosureError(.pdfTooLarge, "x")) == WorkerError(.pdfTooLarge, "x"))
        #expect(WorkerError(DisclosureError(.internal, "x")).code == .internal)
        #expect(
            WorkerError.Code.allCases.map(\.rawValue) == [
                "decode", "too-large", "not-a-disclosure", "pdf-encrypted", "pdf-no-text-layer", "pdf-corrupt",
                "pdf-too-large", "internal",
            ]
        )
    }

    @Test func retriableKafkaErrorsBackOffThenDeadLetterAsInternal() {
        let kind = FailureKind.classify(FakeKafkaError(isRetriable: true, isFatal: false))
        #expect(kind == .transient("broker down"))
        #expect(
            routing.decide(kind, phase: .processing, failedAttempts: 1, random: 0) == .retry(after: .milliseconds(100))
        )
        #expect(
            routing.decide(kind, phase: .processing, failedAttempts: 2, random: 0) == .retry(after: .milliseconds(200))
        )
        guard case .deadLetter(let error) = routing.decide(kind, phase: .processing, failedAttempts: 3, random: 0)
        else {
            Issue.record("expected a dead letter")
            return
        }
        #expect(error.code == .internal)
        #expect(error.message.contains("3 attempts"))
    }

    @Test func failingToWriteTheDeadLetterStopsTheWorkerUncommitted() {
        let kind = FailureKind.classify(FakeKafkaError(isRetriable: true, isFatal: false))
        #expect(
            routing.decide(kind, phase: .deadLettering, failedAttempts: 1, random: 0)
                == .retry(after: .milliseconds(100))
        )
        guard case .stop = routing.decide(kind, phase: .deadLettering, failedAttempts: 3, random: 0) else {
            Issue.record("expected stop")
            return
        }
    }

    @Test func fatalErrorsStopAtOnce() {
        let kind = FailureKind.classify(FakeKafkaError(isRetriable: true, isFatal: true))
        #expect(routing.decide(kind, phase: .processing, failedAttempts: 1, random: 0) == .stop(reason: "broker down"))
    }

    @Test func otherErrorsRetryThenDeadLetterAsInternal() {
        let kind = FailureKind.classify(SomethingElse())
        guard case .unexpected = kind else {
            Issue.record("expected unexpected, got \(kind)")
            return
        }
        guard case .retry = routing.decide(kind, phase: .processing, failedAttempts: 2, random: 0.5) else {
            Issue.record("expected a retry")
            return
        }
        guard case .deadLetter(let error) = routing.decide(kind, phase: .processing, failedAttempts: 3, random: 0)
        else {
            Issue.record("expected a dead letter")
            return
        }
        #expect(error.code == .internal)
    }

    @Test func kafkaErrorsAreClassifiedByLibrdkafkasOwnFlags() {
        let timedOut = FailureKind.classify(KafkaError(code: .messageTimedOut, isRetriable: true))
        guard case .transient = timedOut else {
            Issue.record("a retriable produce timeout is transient, got \(timedOut)")
            return
        }
        let fatal = FailureKind.classify(KafkaError(code: .fatal, isFatal: true))
        guard case .fatal = fatal else {
            Issue.record("a fatal error stops the worker, got \(fatal)")
            return
        }
        let tooLarge = FailureKind.classify(KafkaError(code: .messageSizeTooLarge, isRetriable: false))
        guard case .unexpected = tooLarge else {
            Issue.record("a permanent produce error is unexpected (retried, then internal), got \(tooLarge)")
            return
        }
    }
}
