import DisclosureTestSupport
import Testing

@testable import DisclosureWorker

@Suite struct HeadIndexedQueueTests {
    typealias Queue = HeadIndexedQueue<Int>

    static func queue(_ elements: some Sequence<Int>) -> Queue {
        var queue = Queue()
        for element in elements { queue.append(element) }
        return queue
    }

    @Test func anEmptyQueueHasNothingToPop() {
        var queue = Queue()
        #expect(queue.isEmpty)
        #expect(queue.first == nil)
        #expect(queue.last == nil)
        #expect(queue.popFirst() == nil)
        #expect(queue.head == 0)
    }

    @Test func elementsComeOutInTheOrderTheyWentIn() {
        var queue = Self.queue([1, 2])
        #expect(queue.popFirst() == 1)
        queue.append(3)
        #expect(Array(queue) == [2, 3])
        #expect(queue.first == 2)
        #expect(queue.last == 3)
        #expect(queue.count == 2)
        #expect(queue.removeFirst() == 2)
        #expect(queue.popFirst() == 3)
        #expect(queue.popFirst() == nil)
    }

    @Test func positionsCountFromTheHead() {
        var queue = Self.queue(10..<15)
        queue.removeFirst()
        #expect(queue.head == 1)
        #expect(queue.indices == 0..<4)
        #expect(queue[0] == 11)
        #expect(queue.firstIndex(where: { $0 == 13 }) == 2)
        queue[2] = 30
        #expect(Array(queue) == [11, 12, 30, 14])
        #expect(queue.remove(at: 1) == 12)
        #expect(Array(queue) == [11, 30, 14])
        #expect(queue.map { $0 + 1 } == [12, 31, 15])
    }

    @Test func emptyingTheQueueDropsItsRemovedSlots() {
        var queue = Self.queue(0..<3)
        queue.removeFirst()
        queue.removeFirst()
        #expect(queue.head == 2)
        #expect(queue.slotCount == 3)
        queue.removeFirst()
        #expect(queue.head == 0)
        #expect(queue.slotCount == 0)
        queue.append(7)
        #expect(queue.popFirst() == 7)

        // Removing the last element from the middle of the storage empties it as well.
        queue = Self.queue(0..<3)
        queue.removeFirst()
        queue.removeFirst()
        queue.remove(at: 0)
        #expect(queue.isEmpty)
        #expect(queue.head == 0)
        #expect(queue.slotCount == 0)
    }

    @Test func removedSlotsAreDroppedOnceMoreThan64AndMoreThanHalf() {
        // More than half but not more than 64: kept.
        var queue = Self.queue(0..<100)
        for _ in 0..<64 { queue.removeFirst() }
        #expect(queue.head == 64)
        #expect(queue.slotCount == 100)
        queue.removeFirst()
        #expect(queue.head == 0)
        #expect(queue.slotCount == 35)
        #expect(Array(queue) == Array(65..<100))

        // More than 64 but not more than half: kept.
        queue = Self.queue(0..<200)
        for _ in 0..<100 { queue.removeFirst() }
        #expect(queue.head == 100)
        #expect(queue.slotCount == 200)
        queue.removeFirst()
        #expect(queue.head == 0)
        #expect(queue.slotCount == 99)
        #expect(Array(queue) == Array(101..<200))

        // A removal from the middle counts too.
        queue = Self.queue(0..<200)
        for _ in 0..<100 { queue.removeFirst() }
        queue.remove(at: 50)
        #expect(queue.head == 0)
        #expect(queue.slotCount == 99)
        #expect(Array(queue) == Array(100..<150) + Array(151..<200))
    }

    @Test func aRemovedElementIsReleasedAtOnce() {
        final class Box: Sendable {}
        var queue = HeadIndexedQueue<Box>()
        weak var removed: Box?
        do {
            let box = Box()
            removed = box
            queue.append(box)
            queue.append(Box())
        }
        queue.removeFirst()
        // Its slot is still stored (not compacted), but no longer holds it.
        #expect(queue.head == 1)
        #expect(removed == nil)
    }

    @Test func equalQueuesHoldTheSameElementsWhateverTheirStorage() {
        var popped = Self.queue(0..<4)
        popped.removeFirst()
        #expect(popped == Self.queue(1..<4))
        #expect(popped != Self.queue(0..<4))
    }

    @Test func generatedOperationsMatchAnArray() {
        var generator = SplitMix64(seed: 64)
        var queue = Queue()
        var reference: [Int] = []
        var nextValue = 0
        var compactions = 0
        for step in 0..<20_000 {
            let headBefore = queue.head
            // Appends slightly more likely than removals, and clearing rare, so the queue grows past the compaction
            // threshold and drains again.
            switch generator.next() % 1000 {
            case 0..<480:
                queue.append(nextValue)
                reference.append(nextValue)
                nextValue += 1
            case 480..<900:
                #expect(queue.popFirst() == (reference.isEmpty ? nil : reference.removeFirst()))
            case 900..<950 where !reference.isEmpty:
                let position = Int(generator.next() % UInt64(reference.count))
                #expect(queue.remove(at: position) == reference.remove(at: position))
            case 950..<999 where !reference.isEmpty:
                let position = Int(generator.next() % UInt64(reference.count))
                queue[position] = -step
                reference[position] = -step
            case 999:
                queue.removeAll(keepingCapacity: step % 2 == 0)
                reference.removeAll()
            default:
                break
            }
            #expect(Array(queue) == reference)
            // The storage stays bounded: the removed slots in front are at most 64 or at most the queued ones.
            #expect(queue.slotCount - queue.count == queue.head)
            #expect(queue.head <= max(64, queue.count))
            if headBefore > 64, queue.head == 0, !queue.isEmpty { compactions += 1 }
        }
        // The sequence went through the partial compaction, not only through emptying.
        #expect(compactions > 0, "\(compactions) compactions")
    }
}
