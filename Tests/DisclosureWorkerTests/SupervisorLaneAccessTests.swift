import DisclosureTestSupport
import Testing

@testable import DisclosureWorker

/// `Supervisor.Shared.withLane(_:_:)` against the optional subscript it replaced (`lanes[partition]?.…`): the same
/// results and the same lanes afterwards, on a generated sequence of lane events over a few partitions.
@Suite struct SupervisorLaneAccessTests {
    typealias Lane = PartitionLaneStateMachine<InboundMessage>

    static func message(_ partition: Int32, _ offset: Int64) -> InboundMessage {
        InboundMessage(
            topic: "raw",
            partition: partition,
            offset: offset,
            key: nil,
            value: Array(repeating: 1, count: 3)
        )
    }

    @Test func aMissingLaneGivesNilAndIsNotMade() {
        var shared = Supervisor.Shared(queuedBytesLimit: 1024)
        let partition = TopicPartition(topic: "raw", partition: 3)
        #expect(shared.withLane(partition, { $0.inFlight }) == nil)
        #expect(shared.lanes.isEmpty)
    }

    @Test func eventsThroughWithLaneMatchTheOptionalSubscript() {
        var shared = Supervisor.Shared(queuedBytesLimit: 1 << 20)
        var reference: [TopicPartition: Lane] = [:]
        let partitions = (0..<3).map { TopicPartition(topic: "raw", partition: Int32($0)) }
        for partition in partitions {
            shared.lanes[partition] = Lane(maxInFlight: 6, maxAwaiting: 2)
            reference[partition] = Lane(maxInFlight: 6, maxAwaiting: 2)
        }
        // A deterministic walk: receive, hand out, queue and acknowledge inputs across the partitions.
        var generator = SplitMix64(seed: 7)
        var nextOffset = [Int64](repeating: 0, count: partitions.count)
        var handedOut: [(Int, Int64)] = []
        var queued: [(Int, Int64)] = []
        var finished = 0
        for _ in 0..<400 {
            let index = Int(generator.next() % UInt64(partitions.count))
            let partition = partitions[index]
            switch generator.next() % 4 {
            case 0:
                let offset = nextOffset[index]
                nextOffset[index] += 1
                let message = Self.message(Int32(index), offset)
                let got = shared.withLane(partition) { $0.received(offset: offset, message: message, size: 3) }
                let expected = reference[partition]?.received(offset: offset, message: message, size: 3)
                #expect(got == expected)
            case 1:
                let got = shared.withLane(partition) { $0.next() }
                let expected = reference[partition]?.next()
                switch (got, expected) {
                case (.process(let offset, let message)?, .process(let expectedOffset, let expectedMessage)?):
                    #expect(offset == expectedOffset && message == expectedMessage)
                    handedOut.append((index, offset))
                case (.wait?, .wait?), (nil, nil):
                    break
                default:
                    Issue.record("next() differs: \(String(describing: got)) against \(String(describing: expected))")
                }
            case 2:
                guard let position = handedOut.firstIndex(where: { $0.0 == index }) else { continue }
                let (_, offset) = handedOut.remove(at: position)
                shared.withLane(partition) { $0.enqueued(offset: offset) }
                reference[partition]?.enqueued(offset: offset)
                queued.append((index, offset))
            default:
                guard let position = queued.firstIndex(where: { $0.0 == index }) else { continue }
                let (_, offset) = queued.remove(at: position)
                let got = shared.withLane(partition) { $0.acknowledged(offset: offset) }
                let expected = reference[partition]?.acknowledged(offset: offset)
                #expect(got == expected)
                finished += got?.finishedCount ?? 0
            }
            #expect(shared.withLane(partition, { $0.inFlight }) == reference[partition]?.inFlight)
            #expect(shared.withLane(partition, { $0.hasWork }) == reference[partition]?.hasWork)
        }
        // The walk went through every kind of event.
        #expect(finished > 20)
        for partition in partitions {
            #expect(shared.lanes[partition]?.inFlight == reference[partition]?.inFlight)
            #expect(shared.lanes[partition]?.awaitingOffsets == reference[partition]?.awaitingOffsets)
            #expect(shared.lanes[partition]?.offsets == reference[partition]?.offsets)
        }
    }
}
