/// libxml2's name stack (`nameTab`) as ``FastHTMLReader`` keeps it: element ids in storage of a fixed capacity
/// that the caller provides (the reader gives up before its stack is deeper than
/// ``FastHTMLReader/maximumStackDepth``). A push or pop is then a store or load and a count: an array checks that
/// its buffer is unique and has room at each, twice per element of the page.
struct NameStack {
    /// The storage; the stack does not own it.
    private let storage: UnsafeMutableBufferPointer<Int>
    /// The ids on the stack, outermost first.
    private(set) var count = 0

    /// An empty stack in `storage`, which must outlive it.
    init(storage: UnsafeMutableBufferPointer<Int>) {
        self.storage = storage
    }

    /// How many ids the stack holds at most.
    var capacity: Int { storage.count }

    var isEmpty: Bool { count == 0 }

    /// The innermost id.
    var last: Int? { count > 0 ? storage[count &- 1] : nil }

    /// The id at depth `index` (0 is the outermost).
    subscript(index: Int) -> Int {
        precondition(index >= 0 && index < count)
        return storage[index]
    }

    /// Pushes `id`; the stack must have room.
    @inline(__always)
    mutating func append(_ id: Int) {
        precondition(count < storage.count, "name stack full")
        storage[count] = id
        count &+= 1
    }

    /// Pops the innermost id; the stack must not be empty.
    @inline(__always)
    mutating func removeLast() -> Int {
        precondition(count > 0, "name stack empty")
        count &-= 1
        return storage[count]
    }

    /// Whether `id` is on the stack.
    func contains(_ id: Int) -> Bool {
        lastIndex(of: id) != nil
    }

    /// The depth of the innermost `id` on the stack.
    func lastIndex(of id: Int) -> Int? {
        var index = count
        while index > 0 {
            index &-= 1
            if storage[index] == id { return index }
        }
        return nil
    }
}
