/// A longest-match dictionary of UTF-8 patterns, for scanning normalized text without regular expressions.
///
/// The patterns form a trie over UTF-8 scalars (each edge one scalar's bytes packed into a `UInt32`), built once
/// and stored flat. A lookup first rejects the position by its lead byte (a 256-entry table: continuation bytes and
/// most ASCII start nothing) and, for a three-byte scalar (CJK), by an exact bitmap of the patterns' first scalars,
/// which also gives the node after that scalar without walking (a rank into the bitmap). It then walks the text
/// scalar by scalar and remembers the deepest node that ends a pattern, so `一般公共预算财政拨款收入` wins over
/// `一般公共预算`: no allocation, no backtracking. When a pattern is listed twice, its first value wins.
struct Lexicon<Value: Sendable>: Sendable {
    /// One match: how many bytes the pattern spans and what it means.
    struct Entry: Sendable {
        /// The matched pattern's length in bytes.
        var length: Int
        /// What the pattern means.
        var value: Value
    }

    /// A trie node: its edges are `edges[firstEdge..<endEdge]`, sorted by key.
    private struct Node: Sendable {
        var firstEdge: Int32
        var endEdge: Int32
        /// Index into `values` of the pattern ending here, or -1.
        var value: Int32
    }

    /// A trie edge: one scalar's UTF-8 bytes packed big-endian, and the node it leads to.
    private struct Edge: Sendable {
        var key: UInt32
        var target: Int32
    }

    /// The trie; node 0 is the root (its edges are every first scalar, used for those not three bytes long).
    private var nodes: [Node]
    private var edges: [Edge]
    /// Pattern values, by first appearance.
    private var values: [Value]
    /// Per byte: whether some pattern's first byte is this byte.
    private var leadBytes: [Bool]
    /// One bit per 16-bit code of a three-byte scalar (lead bytes E0–EF): whether some pattern starts with it.
    private var wideBits: [UInt64]
    /// Per word of `wideBits`: the set bits before it, so that a bit's rank indexes `wideRoots`.
    private var wideRank: [Int32]
    /// For each set bit of `wideBits`, in code order: the scalar's packed key and the node after it.
    private var wideRoots: [Edge]

    /// Creates a lexicon from pattern/value pairs (patterns are normalized text: ASCII punctuation).
    init(_ entries: [(String, Value)]) {
        // Build a pointer-free tree of dictionaries first, then lay it out breadth-first.
        var children: [[UInt32: Int]] = [[:]]
        var ends: [Int] = [-1]
        var values: [Value] = []
        for (pattern, value) in entries where !pattern.isEmpty {
            let bytes = Array(pattern.utf8)
            var node = 0
            var index = 0
            while index < bytes.count {
                let length = ByteScan.scalarLength(bytes, at: index)
                let key = Self.key(bytes, at: index, length: length)
                index += length
                if let next = children[node][key] {
                    node = next
                } else {
                    children.append([:])
                    ends.append(-1)
                    children[node][key] = children.count - 1
                    node = children.count - 1
                }
            }
            if ends[node] < 0 {
                ends[node] = values.count
                values.append(value)
            }
        }
        var nodes: [Node] = []
        var edges: [Edge] = []
        // Flat index of each tree node, assigned in breadth-first order.
        var flatIndex = [Int](repeating: -1, count: children.count)
        flatIndex[0] = 0
        var queue = [0]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            let first = Int32(edges.count)
            for (key, child) in children[node].sorted(by: { $0.key < $1.key }) {
                flatIndex[child] = queue.count
                edges.append(Edge(key: key, target: Int32(queue.count)))
                queue.append(child)
            }
            nodes.append(Node(firstEdge: first, endEdge: Int32(edges.count), value: Int32(ends[node])))
        }
        var leadBytes = [Bool](repeating: false, count: 256)
        var wideBits = [UInt64](repeating: 0, count: 1024)
        let rootEdges = edges[Int(nodes[0].firstEdge)..<Int(nodes[0].endEdge)]
        for edge in rootEdges {
            let lead = Self.leadByte(edge.key)
            leadBytes[Int(lead)] = true
            if lead >= 0xE0 && lead < 0xF0 {
                let code = Self.wideCode(edge.key)
                wideBits[code >> 6] |= 1 << UInt64(code & 63)
            }
        }
        var wideRank = [Int32](repeating: 0, count: 1024)
        var rank: Int32 = 0
        for word in 0..<1024 {
            wideRank[word] = rank
            rank += Int32(wideBits[word].nonzeroBitCount)
        }
        // Root edges sorted by packed key are sorted by code among three-byte scalars of valid UTF-8.
        let wideRoots = rootEdges.filter { Self.leadByte($0.key) >= 0xE0 && Self.leadByte($0.key) < 0xF0 }
            .sorted { Self.wideCode($0.key) < Self.wideCode($1.key) }
        self.nodes = nodes
        self.edges = edges
        self.values = values
        self.leadBytes = leadBytes
        self.wideBits = wideBits
        self.wideRank = wideRank
        self.wideRoots = wideRoots
    }

    /// The bytes of the scalar at `offset` packed big-endian.
    @inline(__always)
    private static func key(_ bytes: [UInt8], at offset: Int, length: Int) -> UInt32 {
        var packed: UInt32 = 0
        var index = offset
        while index < offset + length {
            packed = packed << 8 | UInt32(bytes[index])
            index += 1
        }
        return packed
    }

    /// The first byte of a packed key.
    private static func leadByte(_ key: UInt32) -> UInt8 {
        if key < 0x100 { return UInt8(key) }
        if key < 0x1_0000 { return UInt8(key >> 8) }
        if key < 0x100_0000 { return UInt8(key >> 16) }
        return UInt8(key >> 24)
    }

    /// The 16-bit code of a packed three-byte scalar (its payload bits).
    @inline(__always)
    private static func wideCode(_ key: UInt32) -> Int {
        Int((key >> 4) & 0xF000 | (key >> 2) & 0x0FC0 | key & 0x3F)
    }

    /// Whether some pattern starts with `byte`: the cheapest filter.
    @inline(__always)
    func mayStart(with byte: UInt8) -> Bool { leadBytes[Int(byte)] }

    /// Whether some pattern may start at `offset` (no false negatives; a cheap filter before a lookup).
    @inline(__always)
    func mayStart(in bytes: [UInt8], at offset: Int) -> Bool {
        bytes.withUnsafeBufferPointer { root(in: $0, at: offset, end: $0.count) != nil }
    }

    /// The longest entry whose pattern starts at `offset` and ends at or before `limit`.
    @inline(__always)
    func longestMatch(in bytes: [UInt8], at offset: Int, limit: Int? = nil) -> Entry? {
        let end = min(limit ?? bytes.count, bytes.count)
        guard offset >= 0, offset < end else { return nil }
        return bytes.withUnsafeBufferPointer { longestMatch(in: $0, at: offset, end: end) }
    }

    /// The longest entry whose pattern starts at `offset` and ends at or before `end` (`offset < end ≤ count`).
    @inline(__always)
    func longestMatch(in bytes: UnsafeBufferPointer<UInt8>, at offset: Int, end: Int) -> Entry? {
        guard let (node, next) = root(in: bytes, at: offset, end: end) else { return nil }
        return walk(bytes, from: node, at: next, start: offset, end: end)
    }

    /// Whether any pattern occurs in `range` of `bytes`: one pass, whatever the number of patterns.
    func occurs(in bytes: [UInt8], range: Range<Int>) -> Bool {
        let end = min(range.upperBound, bytes.count)
        return bytes.withUnsafeBufferPointer { buffer in
            var index = range.lowerBound
            while index < end {
                if leadBytes[Int(buffer[index])], let (node, next) = root(in: buffer, at: index, end: end),
                    walk(buffer, from: node, at: next, start: index, end: end) != nil
                {
                    return true
                }
                index += 1
            }
            return false
        }
    }

    /// The node after the pattern scalar that starts at `offset`, and the offset past it; nil when no pattern
    /// starts with that scalar (or it does not fit before `end`).
    @inline(__always)
    private func root(in bytes: UnsafeBufferPointer<UInt8>, at offset: Int, end: Int) -> (Int, Int)? {
        let lead = bytes[offset]
        guard leadBytes[Int(lead)] else { return nil }
        if lead >= 0xE0 && lead < 0xF0 {
            guard offset + 3 <= end else { return nil }
            let key = UInt32(lead) << 16 | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2])
            let code = Self.wideCode(key)
            let word = wideBits[code >> 6]
            let bit: UInt64 = 1 << UInt64(code & 63)
            guard word & bit != 0 else { return nil }
            let root = wideRoots[Int(wideRank[code >> 6]) + (word & (bit &- 1)).nonzeroBitCount]
            // The code drops the bytes' marker bits: invalid UTF-8 can share a valid scalar's code.
            guard root.key == key else { return nil }
            return (Int(root.target), offset + 3)
        }
        guard let (node, next) = step(bytes, from: 0, at: offset, end: end) else { return nil }
        return (node, next)
    }

    /// Follows the edge for the scalar at `offset`: the node it leads to and the offset past the scalar.
    @inline(__always)
    private func step(_ bytes: UnsafeBufferPointer<UInt8>, from node: Int, at offset: Int, end: Int) -> (Int, Int)? {
        let lead = bytes[offset]
        var length = 1
        if lead >= 0xC0 { length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2 }
        guard offset + length <= end else { return nil }
        var key = UInt32(lead)
        var index = offset + 1
        while index < offset + length {
            key = key << 8 | UInt32(bytes[index])
            index += 1
        }
        let node = nodes[node]
        var edge = Int(node.firstEdge)
        let last = Int(node.endEdge)
        while edge < last {
            let candidate = edges[edge]
            if candidate.key == key { return (Int(candidate.target), offset + length) }
            if candidate.key > key { return nil }
            edge += 1
        }
        return nil
    }

    /// The deepest pattern end on the walk from `node` (reached at `offset`) through the text, for a match that
    /// started at `start`.
    @inline(__always)
    private func walk(
        _ bytes: UnsafeBufferPointer<UInt8>,
        from node: Int,
        at offset: Int,
        start: Int,
        end: Int
    ) -> Entry? {
        var node = node
        var index = offset
        var best = Int(nodes[node].value)
        var bestLength = index - start
        while index < end, let (next, after) = step(bytes, from: node, at: index, end: end) {
            node = next
            index = after
            let value = Int(nodes[node].value)
            if value >= 0 {
                best = value
                bestLength = index - start
            }
        }
        guard best >= 0 else { return nil }
        return Entry(length: bestLength, value: values[best])
    }
}
