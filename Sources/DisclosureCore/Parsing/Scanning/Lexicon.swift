/// A longest-match dictionary of UTF-8 patterns, for scanning normalized text without regular expressions.
///
/// The patterns form a trie over UTF-8 scalars (each edge one scalar's bytes packed into a `UInt32`), built once
/// and stored flat in one `[UInt32]`. A lookup first rejects the position by its lead byte (continuation bytes and
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

    /// The flat tables, in this order:
    /// - 8 words: one bit per byte, set when some pattern's first byte is that byte;
    /// - 2048 words: one bit per 16-bit code of a three-byte scalar, set when some pattern starts with it;
    /// - 2048 words: per word of that bitmap, the set bits before it (the rank of its first bit);
    /// - 2 words per set bit of the bitmap, in code order: the scalar's packed key and the node after it;
    /// - 3 words per trie node (node 0 is the root): first edge, end edge, value index (`UInt32.max`: none);
    /// - 2 words per edge, each node's run sorted by key: the scalar's packed key and the target node.
    private let table: [UInt32]
    /// Where the wide roots, the nodes and the edges start in `table`.
    private struct Bases: Sendable {
        var wideRoots: Int
        var nodes: Int
        var edges: Int
    }

    private let bases: Bases
    /// Pattern values, by first appearance.
    private let values: [Value]

    private static var leadBitsBase: Int { 0 }
    private static var wideBitsBase: Int { 8 }
    private static var wideRankBase: Int { 8 + 2048 }
    private static var noValue: UInt32 { .max }

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
                var key: UInt32 = 0
                for byte in bytes[index..<(index + length)] { key = key << 8 | UInt32(byte) }
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
        // Breadth-first layout: nodes (first edge, end edge, value) and edges (key, target).
        var nodes: [(first: Int, end: Int, value: Int)] = []
        var edges: [(key: UInt32, target: Int)] = []
        var queue = [0]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            let first = edges.count
            for (key, child) in children[node].sorted(by: { $0.key < $1.key }) {
                edges.append((key, queue.count))
                queue.append(child)
            }
            nodes.append((first, edges.count, ends[node]))
        }
        var leadBits = [UInt32](repeating: 0, count: 8)
        var wideBits = [UInt32](repeating: 0, count: 2048)
        var wideRoots: [(code: Int, key: UInt32, target: Int)] = []
        for edge in edges[nodes[0].first..<nodes[0].end] {
            let lead = Self.leadByte(edge.key)
            leadBits[Int(lead >> 5)] |= 1 << UInt32(lead & 31)
            if lead >= 0xE0 && lead < 0xF0 {
                let code = Self.wideCode(edge.key)
                wideBits[code >> 5] |= 1 << UInt32(code & 31)
                wideRoots.append((code, edge.key, edge.target))
            }
        }
        wideRoots.sort { $0.code < $1.code }
        var wideRank = [UInt32](repeating: 0, count: 2048)
        var rank: UInt32 = 0
        for word in 0..<2048 {
            wideRank[word] = rank
            rank += UInt32(wideBits[word].nonzeroBitCount)
        }
        var table = leadBits + wideBits + wideRank
        let wideRootsBase = table.count
        for root in wideRoots { table += [root.key, UInt32(root.target)] }
        let nodesBase = table.count
        for node in nodes {
            table += [UInt32(node.first), UInt32(node.end), node.value < 0 ? Self.noValue : UInt32(node.value)]
        }
        let edgesBase = table.count
        for edge in edges { table += [edge.key, UInt32(edge.target)] }
        self.table = table
        self.bases = Bases(wideRoots: wideRootsBase, nodes: nodesBase, edges: edgesBase)
        self.values = values
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
    func mayStart(with byte: UInt8) -> Bool {
        table[Self.leadBitsBase + Int(byte >> 5)] & (1 << UInt32(byte & 31)) != 0
    }

    /// Whether some pattern may start at `offset` (no false negatives; a cheap filter before a lookup).
    func mayStart(in bytes: [UInt8], at offset: Int) -> Bool {
        bytes.withUnsafeBufferPointer { bytes in
            table.withUnsafeBufferPointer { Self.root($0, bases, bytes, at: offset, end: bytes.count) != nil }
        }
    }

    /// The longest entry whose pattern starts at `offset` and ends at or before `limit`.
    func longestMatch(in bytes: [UInt8], at offset: Int, limit: Int? = nil) -> Entry? {
        let end = min(limit ?? bytes.count, bytes.count)
        guard offset >= 0, offset < end else { return nil }
        return bytes.withUnsafeBufferPointer { longestMatch(in: $0, at: offset, end: end) }
    }

    /// The longest entry whose pattern starts at `offset` and ends at or before `end` (`offset < end ≤ count`).
    @inline(__always)
    func longestMatch(in bytes: UnsafeBufferPointer<UInt8>, at offset: Int, end: Int) -> Entry? {
        let found = table.withUnsafeBufferPointer { table -> (Int, Int)? in
            guard let (node, next) = Self.root(table, bases, bytes, at: offset, end: end) else { return nil }
            return Self.walk(table, bases, bytes, from: node, at: next, start: offset, end: end)
        }
        guard let (value, length) = found else { return nil }
        return Entry(length: length, value: values[value])
    }

    /// A table for ``nextCandidate(in:from:end:classes:)``: for each lead byte, whether a search stops at it (1),
    /// looks its three-byte scalar up in the first-scalar bitmap (2), or steps over its scalar of 1 (0), 2 (3) or 4
    /// (4) bytes. It stops where a pattern may start with the byte, and where `stop` holds.
    func leadClasses(stoppingAt stop: (UInt8) -> Bool) -> [UInt8] {
        (0...255).map { (byte: UInt8) -> UInt8 in
            if stop(byte) { return 1 }
            if byte & 0xF0 == 0xE0 { return 2 }
            if mayStart(with: byte) { return 1 }
            return byte < 0xC0 ? 0 : byte >= 0xF0 ? 4 : 3
        }
    }

    /// The first offset from `offset` on (stepping by scalar) where a pattern may start or the lead byte's class
    /// (``leadClasses(stoppingAt:)``) says to stop; `end` when there is none. It reads only the first-scalar bitmaps:
    /// no false negatives, and a run of text no pattern starts in is crossed at a few instructions per character.
    @inline(__always)
    func nextCandidate(
        in bytes: UnsafeBufferPointer<UInt8>,
        from offset: Int,
        end: Int,
        classes: UnsafePointer<UInt8>
    ) -> Int {
        table.withUnsafeBufferPointer { table in
            guard let base = table.baseAddress else { return offset }
            let wide = base + Self.wideBitsBase
            var index = offset
            while index < end {
                let lead = bytes[index]
                switch classes[Int(lead)] {
                case 0:
                    index &+= 1
                case 2:
                    // As ``root(_:_:_:at:end:)``: the scalar's code and its bit.
                    guard index &+ 3 <= end else { return index }
                    let code =
                        Int(lead & 0x0F) &<< 12 | Int(bytes[index &+ 1] & 0x3F) &<< 6 | Int(bytes[index &+ 2] & 0x3F)
                    if wide[code &>> 5] & (1 &<< UInt32(code & 31)) != 0 { return index }
                    index &+= 3
                case 3:
                    index &+= min(2, end &- index)
                case 4:
                    index &+= min(4, end &- index)
                default:
                    return index
                }
            }
            return end
        }
    }

    /// Whether any pattern occurs in `range` of `bytes`: one pass, whatever the number of patterns.
    func occurs(in bytes: [UInt8], range: Range<Int>) -> Bool {
        let end = min(range.upperBound, bytes.count)
        return bytes.withUnsafeBufferPointer { bytes in
            table.withUnsafeBufferPointer { table in
                var index = max(range.lowerBound, 0)
                while index < end {
                    if let (node, next) = Self.root(table, bases, bytes, at: index, end: end),
                        Self.walk(table, bases, bytes, from: node, at: next, start: index, end: end)
                            != nil
                    {
                        return true
                    }
                    // No pattern starts on a continuation byte: past a three-byte lead, skip its continuation bytes.
                    if bytes[index] & 0xF0 == 0xE0 && index + 2 < end && bytes[index + 1] & 0xC0 == 0x80
                        && bytes[index + 2] & 0xC0 == 0x80
                    {
                        index += 3
                    } else {
                        index += 1
                    }
                }
                return false
            }
        }
    }

    /// The node after the pattern scalar that starts at `offset`, and the offset past it; nil when no pattern
    /// starts with that scalar (or it does not fit before `end`).
    @inline(__always)
    private static func root(
        _ table: UnsafeBufferPointer<UInt32>,
        _ bases: Bases,
        _ bytes: UnsafeBufferPointer<UInt8>,
        at offset: Int,
        end: Int
    ) -> (Int, Int)? {
        let lead = bytes[offset]
        if lead & 0xF0 == 0xE0 {
            guard offset + 3 <= end else { return nil }
            let second = UInt32(bytes[offset + 1])
            let third = UInt32(bytes[offset + 2])
            let code = Int((UInt32(lead) & 0x0F) << 12 | (second & 0x3F) << 6 | third & 0x3F)
            let word = table[wideBitsBase + code >> 5]
            let bit: UInt32 = 1 << UInt32(code & 31)
            guard word & bit != 0 else { return nil }
            let rank = Int(table[wideRankBase + code >> 5]) + (word & (bit &- 1)).nonzeroBitCount
            // The code drops the bytes' marker bits: invalid UTF-8 can share a valid scalar's code.
            guard table[bases.wideRoots + 2 * rank] == UInt32(lead) << 16 | second << 8 | third else { return nil }
            return (Int(table[bases.wideRoots + 2 * rank + 1]), offset + 3)
        }
        guard table[leadBitsBase + Int(lead >> 5)] & (1 << UInt32(lead & 31)) != 0 else { return nil }
        // Lead bytes other than three-byte ones are rare in patterns (ASCII quotes): search the root's edges.
        guard let (target, length) = step(table, bases, bytes, from: 0, at: offset, end: end) else { return nil }
        return (target, offset + length)
    }

    /// Follows the edge of `node` for the text's scalar at `offset`: the node it leads to and the scalar's length.
    @inline(__always)
    private static func step(
        _ table: UnsafeBufferPointer<UInt32>,
        _ bases: Bases,
        _ bytes: UnsafeBufferPointer<UInt8>,
        from node: Int,
        at offset: Int,
        end: Int
    ) -> (Int, Int)? {
        let lead = bytes[offset]
        var key = UInt32(lead)
        var length = 1
        if lead >= 0xC0 {
            length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            guard offset + length <= end else { return nil }
            key = key << 8 | UInt32(bytes[offset + 1])
            if length > 2 { key = key << 8 | UInt32(bytes[offset + 2]) }
            if length > 3 { key = key << 8 | UInt32(bytes[offset + 3]) }
        }
        var edge = Int(table[bases.nodes + 3 * node])
        let last = Int(table[bases.nodes + 3 * node + 1])
        while edge < last {
            let candidate = table[bases.edges + 2 * edge]
            if candidate >= key {
                guard candidate == key else { return nil }
                return (Int(table[bases.edges + 2 * edge + 1]), length)
            }
            edge += 1
        }
        return nil
    }

    /// The value index and length of the deepest pattern end on the walk from `node` (reached at `offset`) through
    /// the text, for a match that started at `start`.
    @inline(__always)
    private static func walk(
        _ table: UnsafeBufferPointer<UInt32>,
        _ bases: Bases,
        _ bytes: UnsafeBufferPointer<UInt8>,
        from node: Int,
        at offset: Int,
        start: Int,
        end: Int
    ) -> (Int, Int)? {
        var node = node
        var index = offset
        var best = table[bases.nodes + 3 * node + 2]
        var bestLength = index - start
        while index < end, let (target, length) = step(table, bases, bytes, from: node, at: index, end: end) {
            node = target
            index += length
            let value = table[bases.nodes + 3 * node + 2]
            if value != noValue {
                best = value
                bestLength = index - start
            }
        }
        guard best != noValue else { return nil }
        return (Int(best), bestLength)
    }
}
