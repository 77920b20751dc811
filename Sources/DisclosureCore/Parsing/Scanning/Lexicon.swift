/// A longest-match dictionary of UTF-8 patterns, for scanning normalized text without regular expressions.
///
/// The patterns form a byte trie, built once and stored flat: a 256-entry table for the first byte, then per node
/// a short sorted run of child edges (CJK patterns branch little). A lookup walks the text's bytes from the
/// offset and remembers the deepest node that ends a pattern, so `一般公共预算财政拨款收入` wins over
/// `一般公共预算`. It costs one step per matched byte: no allocation, no backtracking. ``mayStart(in:at:)`` first
/// checks a bit filter of the patterns' first characters, which rejects most text positions outright. When a
/// pattern is listed twice, its first value wins.
struct Lexicon<Value: Sendable>: Sendable {
    /// One match: how many bytes the pattern spans and what it means.
    struct Entry: Sendable {
        /// The matched pattern's length in bytes.
        var length: Int
        /// What the pattern means.
        var value: Value
    }

    /// Node of each first byte, or -1.
    private var roots: [Int32]
    /// Per node: index of its first edge in `edgeBytes`/`edgeTargets`; its edges run to the next node's first.
    private var firstEdge: [Int32]
    /// Per node: index into `values` of the pattern ending there, or -1.
    private var valueIndex: [Int32]
    /// Edge labels, each node's run sorted.
    private var edgeBytes: [UInt8]
    /// Edge targets.
    private var edgeTargets: [Int32]
    /// Pattern values, by first appearance.
    private var values: [Value]
    /// A 4096-bit filter over the patterns' first scalars (hashed): most CJK characters start no pattern, though
    /// their lead byte is shared with some that do. A clear bit means no pattern starts there.
    private var firstScalars: [UInt64]

    /// Creates a lexicon from pattern/value pairs (patterns are normalized text: ASCII punctuation).
    init(_ entries: [(String, Value)]) {
        // Build a pointer-free tree of dictionaries first, then lay it out breadth-first.
        var children: [[UInt8: Int]] = [[:]]
        var ends: [Int] = [-1]
        var values: [Value] = []
        var firstScalars = [UInt64](repeating: 0, count: 64)
        for (pattern, value) in entries where !pattern.isEmpty {
            let bytes = Array(pattern.utf8)
            let bit = Self.scalarHash(bytes, at: 0)
            firstScalars[bit >> 6] |= 1 << UInt64(bit & 63)
            var node = 0
            for byte in pattern.utf8 {
                if let next = children[node][byte] {
                    node = next
                } else {
                    children.append([:])
                    ends.append(-1)
                    children[node][byte] = children.count - 1
                    node = children.count - 1
                }
            }
            if ends[node] < 0 {
                ends[node] = values.count
                values.append(value)
            }
        }
        var roots = [Int32](repeating: -1, count: 256)
        var firstEdge: [Int32] = []
        var valueIndex: [Int32] = []
        var edgeBytes: [UInt8] = []
        var edgeTargets: [Int32] = []
        // Flat index of each tree node, assigned in breadth-first order.
        var flatIndex = [Int](repeating: -1, count: children.count)
        var queue: [Int] = []
        for (byte, child) in children[0].sorted(by: { $0.key < $1.key }) {
            flatIndex[child] = queue.count
            roots[Int(byte)] = Int32(queue.count)
            queue.append(child)
        }
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            firstEdge.append(Int32(edgeBytes.count))
            valueIndex.append(Int32(ends[node]))
            for (byte, child) in children[node].sorted(by: { $0.key < $1.key }) {
                flatIndex[child] = queue.count
                edgeBytes.append(byte)
                edgeTargets.append(Int32(queue.count))
                queue.append(child)
            }
        }
        firstEdge.append(Int32(edgeBytes.count))
        self.roots = roots
        self.firstEdge = firstEdge
        self.valueIndex = valueIndex
        self.edgeBytes = edgeBytes
        self.edgeTargets = edgeTargets
        self.values = values
        self.firstScalars = firstScalars
    }

    /// The filter bit of the scalar starting at `offset` (its bytes packed, hashed to 12 bits).
    @inline(__always)
    private static func scalarHash(_ bytes: [UInt8], at offset: Int) -> Int {
        let length = ByteScan.scalarLength(bytes, at: offset)
        var packed: UInt32 = 0
        var index = offset
        while index < offset + length {
            packed = packed << 8 | UInt32(bytes[index])
            index += 1
        }
        return Int((packed &* 0x9E37_79B1) >> 20)
    }

    /// Whether some pattern starts with `byte`: the cheapest filter, enough for a lexicon of few patterns.
    @inline(__always)
    func mayStart(with byte: UInt8) -> Bool { roots[Int(byte)] >= 0 }

    /// Whether some pattern may start at `offset` (no false negatives; a cheap filter before a lookup).
    @inline(__always)
    func mayStart(in bytes: [UInt8], at offset: Int) -> Bool {
        let bit = Self.scalarHash(bytes, at: offset)
        return firstScalars[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    /// The longest entry whose pattern starts at `offset` and ends at or before `limit`.
    @inline(__always)
    func longestMatch(in bytes: [UInt8], at offset: Int, limit: Int? = nil) -> Entry? {
        let end = min(limit ?? bytes.count, bytes.count)
        guard offset >= 0, offset < end else { return nil }
        let node = Int(roots[Int(bytes[offset])])
        guard node >= 0 else { return nil }
        return longestMatch(bytes, from: node, at: offset, end: end)
    }

    /// Whether any pattern occurs in `range` of `bytes`: one pass, whatever the number of patterns.
    func occurs(in bytes: [UInt8], range: Range<Int>) -> Bool {
        var index = range.lowerBound
        let end = min(range.upperBound, bytes.count)
        while index < end {
            let root = Int(roots[Int(bytes[index])])
            if root >= 0, mayStart(in: bytes, at: index), longestMatch(bytes, from: root, at: index, end: end) != nil {
                return true
            }
            index += 1
        }
        return false
    }

    private func longestMatch(_ bytes: [UInt8], from root: Int, at offset: Int, end: Int) -> Entry? {
        var node = root
        var index = offset + 1
        var best = -1
        var bestLength = 0
        while true {
            let value = Int(valueIndex[node])
            if value >= 0 {
                best = value
                bestLength = index - offset
            }
            guard index < end else { break }
            let byte = bytes[index]
            var edge = Int(firstEdge[node])
            let last = Int(firstEdge[node + 1])
            var next = -1
            while edge < last {
                let label = edgeBytes[edge]
                if label == byte {
                    next = Int(edgeTargets[edge])
                    break
                }
                if label > byte { break }
                edge += 1
            }
            guard next >= 0 else { break }
            node = next
            index += 1
        }
        guard best >= 0 else { return nil }
        return Entry(length: bestLength, value: values[best])
    }
}
