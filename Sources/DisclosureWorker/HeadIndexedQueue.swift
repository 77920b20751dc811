/// A first-in, first-out array that removes from its front by moving a head index.
///
/// Why: `Array.removeFirst()` moves every element behind the first, so a queue drained one element at a time costs
/// O(n) per removal. Here a removal only clears its slot and moves the head; the removed slots in front are dropped
/// in one move once they are more than 64 and more than half of the storage, or at once (keeping the capacity) when
/// nothing is left. Each element is then moved a bounded number of times on average: amortised O(1) per removal, and
/// the storage stays at most about twice the elements queued. The slot is cleared at the removal, not at the next
/// compaction, so a queue of large values (a lane's fetched documents) does not keep them alive.
///
/// Positions are `0..<count` from the head, the first element at 0; they shift by one at every removal from the
/// front, so keep a position only while nothing is removed.
struct HeadIndexedQueue<Element> {
    /// The elements from ``head`` on; the slots before it were removed (cleared, waiting to be dropped).
    private var slots: [Element?] = []
    /// The slot of the first element (the removed slots still in front of it).
    private(set) var head = 0

    /// The slots stored, removed ones included (what the compaction bounds).
    var slotCount: Int { slots.count }

    /// Creates an empty queue.
    init() {}

    /// Adds `element` at the back.
    mutating func append(_ element: Element) {
        slots.append(element)
    }

    /// Removes and returns the first element, or returns nil when the queue is empty.
    mutating func popFirst() -> Element? {
        guard head < slots.count else { return nil }
        return removeFirst()
    }

    /// Removes and returns the first element.
    ///
    /// - Precondition: the queue is not empty.
    @discardableResult
    mutating func removeFirst() -> Element {
        precondition(head < slots.count, "\(#function): the queue is empty")
        guard let element = slots[head].take() else { preconditionFailure("\(#function): slot \(head) was cleared") }
        head += 1
        compact()
        return element
    }

    /// Removes and returns the element at `position` (from the head), keeping the order of the others.
    @discardableResult
    mutating func remove(at position: Int) -> Element {
        checkPosition(position)
        guard let element = slots.remove(at: head + position) else {
            preconditionFailure("\(#function): slot \(head + position) was cleared")
        }
        compact()
        return element
    }

    /// Removes every element.
    mutating func removeAll(keepingCapacity: Bool = false) {
        slots.removeAll(keepingCapacity: keepingCapacity)
        head = 0
    }

    /// Drops the removed slots in front: all of them (keeping the capacity) when nothing is left, else once they are
    /// more than 64 and more than half of the storage.
    private mutating func compact() {
        if head == slots.count {
            slots.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 64, head * 2 > slots.count {
            slots.removeFirst(head)
            head = 0
        }
    }

    private func checkPosition(_ position: Int) {
        precondition(position >= 0 && position < slots.count - head, "position \(position) of \(slots.count - head)")
    }
}

extension HeadIndexedQueue: RandomAccessCollection, MutableCollection {
    var startIndex: Int { 0 }

    var endIndex: Int { slots.count - head }

    subscript(position: Int) -> Element {
        get {
            checkPosition(position)
            guard let element = slots[head + position] else {
                preconditionFailure("slot \(head + position) was cleared")
            }
            return element
        }
        set {
            checkPosition(position)
            slots[head + position] = newValue
        }
    }
}

extension HeadIndexedQueue: Sendable where Element: Sendable {}

extension HeadIndexedQueue: Equatable where Element: Equatable {
    /// Equal when they hold the same elements in the same order, however much of their storage was removed.
    static func == (lhs: Self, rhs: Self) -> Bool { lhs.elementsEqual(rhs) }
}
