/// A longest-match dictionary of UTF-8 patterns for the money scans (``FinanceMarks``): the matches of a
/// ``Lexicon`` of the same entries, at a cost that does not grow with a node's number of edges.
///
/// A pattern's first scalar, when it is a three-byte one (CJK), leads to its node through a direct table indexed by
/// the scalar; every other edge lives in one open-addressed hash table keyed by (node, the scalar's bytes packed into
/// a `UInt32`), a slot being one `UInt64`: node (16 bits), key (32 bits), target (16 bits), 0 when empty. A step is
/// one multiplication and, mostly, one probe, where ``Lexicon`` searches a sorted run of edges one by one and ranks
/// its root bitmap with a popcount (done in software on the baseline x86-64 target). When a pattern is listed twice,
/// its first value wins.
struct FinanceTrie<Value: Sendable>: Sendable {
    /// The hash table of edges.
    private let slots: [UInt64]
    /// How far a key's 64-bit hash is shifted right to index `slots`.
    private let shift: UInt64
    /// Per node, the index in ``values`` of the pattern ending there (-1: none).
    private let nodeValues: [Int32]
    /// Per node with one edge, that edge (key << 16 | target: a chain is followed without hashing); ``leaf`` for a
    /// node without edges; 0 for a node with several.
    private let onlyEdges: [UInt64]
    /// ``onlyEdges``' mark of a node without edges: no key (32 bits) equals it shifted right by 16.
    private static var leaf: UInt64 { .max }
    /// Pattern values, by first appearance.
    private let values: [Value]
    /// Per 16-bit code of a three-byte scalar, the node after it when some pattern starts with it (0: none).
    private let roots: [UInt16]
    /// The first-scalar filter, as a stop table (``stops(_:where:alsoAt:)``) that stops at every pattern start.
    private let starts: [UInt16]

    /// A stop table's class of a three-byte lead byte that does not stop by itself (its scalar is looked up).
    private static var wideClass: UInt16 { 3 }
    /// Where a stop table's masks of three-byte scalars start (after the 256 lead-byte classes): per pair of
    /// continuation bytes' low six bits, two masks side by side, read as one `UInt32`: in the low half, the lead bytes
    /// whose scalar may start a pattern; in the high half, those whose scalar stops by itself (a pattern alone, or
    /// followed in one by other than a three-byte scalar).
    private static var pairBase: Int { 256 }
    /// Where a stop table's bit set of hashed two-scalar openings starts (``openingHash(_:)``), 2^16 bits.
    private static var openingBase: Int { pairBase + 2 * 0x4000 }
    /// Where a stop table's bit set of the hashed two-scalar openings that stop by themselves starts (a pattern of
    /// those two scalars, or one whose third scalar is not a three-byte one), 2^16 bits, hashed as the openings.
    private static var pairStopBase: Int { openingBase + 0x1000 }
    /// Where a stop table's bit set of hashed three-scalar openings starts (``tripleHash(_:_:)``), 2^16 bits.
    private static var tripleBase: Int { pairStopBase + 0x1000 }
    /// Where a stop table's ASCII skip starts (``asciiSkip(_:from:end:table:)``): three `UInt64`s (twelve entries),
    /// 1 when the table stops at two ASCII bytes or fewer (0: no skip), then those two bytes, each repeated in the
    /// eight bytes of its word (a table that stops at one repeats it; one that stops at none, 0xFF, not ASCII).
    private static var asciiSkipBase: Int { tripleBase + 0x1000 }
    /// The size of a stop table.
    private static var stopTableCount: Int { asciiSkipBase + 12 }

    /// Creates the trie of `entries` (non-empty patterns of normalized text, no NUL byte).
    init(_ entries: [(String, Value)]) {
        // Nodes and edges first (node 0 is the root), then the hash table.
        var edges: [UInt64: Int] = [:]
        var nodeValues: [Int32] = [-1]
        var values: [Value] = []
        for (pattern, value) in entries where !pattern.isEmpty {
            let bytes = Array(pattern.utf8)
            var node = 0
            var index = 0
            while index < bytes.count {
                let (key, length) = Self.packedScalar(bytes, at: index)
                index += length
                let probe = UInt64(node) << 32 | UInt64(key)
                if let next = edges[probe] {
                    node = next
                } else {
                    nodeValues.append(-1)
                    edges[probe] = nodeValues.count - 1
                    node = nodeValues.count - 1
                }
            }
            if nodeValues[node] < 0 {
                nodeValues[node] = Int32(values.count)
                values.append(value)
            }
        }
        precondition(nodeValues.count <= 0x1_0000, "\(#function): more than 65536 trie nodes")
        var bits = 4
        while 1 << bits < 2 * max(edges.count, 1) { bits += 1 }
        var slots = [UInt64](repeating: 0, count: 1 << bits)
        let shift = UInt64(64 - bits)
        // In key order, so that the table's layout does not depend on the dictionary's.
        for (probe, target) in edges.sorted(by: { $0.key < $1.key }) {
            precondition(probe & 0xFFFF_FFFF != 0, "\(#function): a pattern holds a NUL byte")
            var slot = Int(truncatingIfNeeded: (probe &* Self.multiplier) >> shift)
            while slots[slot] != 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = probe << 16 | UInt64(target)
        }
        // The three-byte first scalars leave the root through the direct table, not the hash table.
        var roots = [UInt16](repeating: 0, count: 0x1_0000)
        for (probe, target) in edges where probe >> 32 == 0 && probe & 0xF0_0000 == 0xE0_0000 {
            roots[Self.wideCode(UInt32(probe & 0xFF_FFFF))] = UInt16(target)
        }
        var onlyEdges = [UInt64](repeating: Self.leaf, count: nodeValues.count)
        for (probe, target) in edges {
            let node = Int(probe >> 32)
            onlyEdges[node] = onlyEdges[node] == Self.leaf ? (probe & 0xFFFF_FFFF) << 16 | UInt64(target) : 0
        }
        self.onlyEdges = onlyEdges
        self.slots = slots
        self.shift = shift
        self.nodeValues = nodeValues
        self.values = values
        self.roots = roots
        self.starts = Self.stops(entries, where: { _ in true }, alsoAt: { _ in false })
    }

    /// The scalar value of a packed three-byte scalar.
    private static func wideCode(_ key: UInt32) -> Int {
        Int((key >> 4) & 0xF000 | (key >> 2) & 0x0FC0 | key & 0x3F)
    }

    /// Fibonacci hashing's multiplier (2^64 / golden ratio).
    private static var multiplier: UInt64 { 0x9E37_79B9_7F4A_7C15 }

    /// The scalar at `index` packed into a `UInt32` (its bytes, big-endian) and its length, as ``Lexicon`` packs it:
    /// a byte below 0xC0 (ASCII or a stray continuation byte) is a scalar of its own.
    private static func packedScalar(_ bytes: [UInt8], at index: Int) -> (UInt32, Int) {
        let lead = bytes[index]
        let length = lead < 0xC0 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var key: UInt32 = 0
        for byte in bytes[index..<min(index + length, bytes.count)] { key = key << 8 | UInt32(byte) }
        return (key, length)
    }

    /// A stop table for ``nextCandidate(in:from:end:stops:)``: 256 lead-byte classes; then, per pair of
    /// continuation bytes' low six bits, one bit per lead byte's low four bits: whether the three-byte scalar they
    /// make may start a pattern, and next to it, in the same layout, whether it stops by itself (a pattern of that one
    /// scalar, or one whose second scalar is not a three-byte one); then a bit set of the hashed first two scalars of the other
    /// patterns (``openingHash(_:)``). A lead byte's class is 0 (stop), 3 (a three-byte lead: look its scalar up), or
    /// the length of the scalar to step over (1, 2 or 4). It stops where a pattern of `entries` whose value satisfies
    /// `include` may start, at every byte for which `stop` holds, and at each three-byte scalar of `scalars`.
    static func stops(
        _ entries: [(String, Value)],
        where include: (Value) -> Bool,
        alsoAt stop: (UInt8) -> Bool,
        alsoAtScalars scalars: [String] = []
    ) -> [UInt16] {
        var table = [UInt16](repeating: 0, count: stopTableCount)
        var startBytes = Set<UInt8>()
        // A scalar to stop at is a one-scalar pattern: it stops by itself.
        for scalar in scalars {
            let bytes = Array(scalar.utf8)
            precondition(bytes.count == 3 && bytes[0] & 0xF0 == 0xE0, "\(#function): not one three-byte scalar")
            let code = Int(bytes[1] & 0x3F) | Int(bytes[2] & 0x3F) << 8
            table[pairBase + 2 * code] |= 1 << UInt16(bytes[0] & 0x0F)
            table[pairBase + 2 * code + 1] |= 1 << UInt16(bytes[0] & 0x0F)
        }
        for (pattern, value) in entries where !pattern.isEmpty && include(value) {
            let bytes = Array(pattern.utf8)
            let lead = bytes[0]
            if lead & 0xF0 == 0xE0 && bytes.count >= 3 {
                let code = Int(bytes[1] & 0x3F) | Int(bytes[2] & 0x3F) << 8
                let bit: UInt16 = 1 << UInt16(lead & 0x0F)
                table[pairBase + 2 * code] |= bit
                // Patterns are valid UTF-8: a three-byte lead at 3 (or 6) is followed by two continuation bytes.
                if bytes.count >= 6 && bytes[3] & 0xF0 == 0xE0 {
                    let hash = openingHash(bytes.prefix(6).reversed().reduce(0) { $0 << 8 | UInt64($1) })
                    table[openingBase + hash >> 4] |= 1 << UInt16(hash & 15)
                    if bytes.count >= 9 && bytes[6] & 0xF0 == 0xE0 {
                        let triple = tripleHash(bytes.prefix(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }, bytes[8])
                        table[tripleBase + triple >> 4] |= 1 << UInt16(triple & 15)
                    } else {
                        table[pairStopBase + hash >> 4] |= 1 << UInt16(hash & 15)
                    }
                } else {
                    table[pairBase + 2 * code + 1] |= bit
                }
            } else {
                startBytes.insert(lead)
            }
        }
        for byte in 0...255 {
            let lead = UInt8(byte)
            // The loop over three-byte scalars reads a lead byte's class only to see whether it is another three-byte
            // lead: such a lead never stops by itself.
            precondition(lead & 0xF0 != 0xE0 || !stop(lead), "\(#function): a stop at a three-byte lead byte")
            table[byte] =
                if stop(lead) || startBytes.contains(lead) {
                    0
                } else if lead & 0xF0 == 0xE0 {
                    wideClass
                } else {
                    lead < 0xC0 ? 1 : lead >= 0xF0 ? 4 : 2
                }
        }
        let asciiStops = (0..<0x80).filter { table[$0] == 0 }.map(UInt64.init)
        if asciiStops.count <= 2 {
            let words: [UInt64] = [1, asciiStops.first ?? 0xFF, asciiStops.last ?? 0xFF].map {
                $0 &* 0x0101_0101_0101_0101
            }
            for (slot, word) in words.enumerated() {
                for part in 0..<4 {
                    table[asciiSkipBase + 4 * slot + part] = UInt16(truncatingIfNeeded: word >> (16 * UInt64(part)))
                }
            }
        }
        return table
    }

    /// The first offset from `offset` (an ASCII byte that does not stop) on where a run of ASCII bytes that do not
    /// stop ends, eight bytes at a time, for a table that stops at two ASCII bytes or fewer (`%`, a quote: the flag
    /// and title tables); `offset` itself for another table, or with fewer than eight bytes left before `end`.
    ///
    /// Per word: a byte of 0x80 or above, or equal to one of the two stops, sets its high bit in `found` (exactly:
    /// `(x & 0x7F) + 0x7F` carries into no other byte), and the first such byte is the word's lowest
    /// (little-endian): its trailing zero bits count it.
    @inline(__always)
    private static func asciiSkip(_ raw: UnsafeRawPointer, from offset: Int, end: Int, table: UnsafeRawPointer) -> Int {
        var index = offset
        let skip = table.loadUnaligned(fromByteOffset: asciiSkipBase &* 2, as: UInt64.self)
        guard skip != 0 else { return index }
        let first = table.loadUnaligned(fromByteOffset: asciiSkipBase &* 2 &+ 8, as: UInt64.self)
        let second = table.loadUnaligned(fromByteOffset: asciiSkipBase &* 2 &+ 16, as: UInt64.self)
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        while index &+ 8 <= end {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let a = word ^ first
            let b = word ^ second
            // A zero byte of `a` or `b` (a stop) is one whose low seven bits and high bit are all clear.
            let found = (word | ~(((a & lows) &+ lows) | a) | ~(((b & lows) &+ lows) | b)) & ~lows
            if found != 0 { return index &+ found.trailingZeroBitCount &>> 3 }
            index &+= 8
        }
        return index
    }

    /// The bit of a stop table's opening set for the first two scalars of a pattern, both three-byte ones: their six
    /// bytes, the first in the low byte.
    @inline(__always)
    private static func openingHash(_ bytes: UInt64) -> Int {
        Int(truncatingIfNeeded: (bytes &* multiplier) &>> 48)
    }

    /// The bit of a stop table's triple set for the first three scalars of a pattern, all three-byte ones: their
    /// first eight bytes, the first in the low byte, and the ninth.
    @inline(__always)
    private static func tripleHash(_ bytes: UInt64, _ ninth: UInt8) -> Int {
        Int(truncatingIfNeeded: tripleProduct(bytes, ninth) &>> 48)
    }

    /// The product whose high 16 bits are ``tripleHash(_:_:)``.
    @inline(__always)
    private static func tripleProduct(_ bytes: UInt64, _ ninth: UInt8) -> UInt64 {
        (bytes ^ UInt64(ninth) &* 0x9E37_79B9) &* multiplier
    }

    /// Whether the bit of a stop table's bit set at `offset` (bytes from the table's start) that the hash
    /// `product &>> 48` names is set (``openingHash(_:)``, ``tripleHash(_:_:)``): the set's 16-bit words read 64 bits
    /// at a time, little-endian, so that its bit `hash` is bit `hash & 63` of word `hash >> 6`, which one shift by
    /// the hash tests (a shift counts modulo 64): no mask of the hash's low bits, no shifted one.
    @inline(__always)
    private static func hashBit(_ table: UnsafeRawPointer, _ offset: Int, _ product: UInt64) -> Bool {
        let word = UInt64(
            littleEndian: table.loadUnaligned(
                fromByteOffset: offset &+ Int(truncatingIfNeeded: product &>> 54) &<< 3,
                as: UInt64.self
            )
        )
        return word &>> (product &>> 48) & 1 != 0
    }

    /// The first offset from `offset` on (stepping by scalar) where a pattern may start or the stop table says to
    /// stop; `end` when there is none. A run of text no pattern starts in is crossed at a few instructions per
    /// character: a three-byte scalar is looked up by its two continuation bytes, read as one 16-bit word, and, when
    /// the patterns it starts go on with a three-byte scalar, the two scalars' hash is looked up in the opening set,
    /// so that a common character (`和`, `为`, `公`) stops the search only where a pattern's second scalar follows it;
    /// and when the two scalars open only patterns of three scalars or more, the three scalars' hash is looked up in
    /// the triple set, so that `运行` stops the search before `运行经费`, not before `运行保障`. A position closer than
    /// six (nine) bytes to `end` where the first (two) scalar(s) may start a pattern is returned as is.
    @inline(__always)
    static func nextCandidate(
        in bytes: UnsafeBufferPointer<UInt8>,
        from offset: Int,
        end: Int,
        stops: UnsafePointer<UInt16>,
        skipsASCII: Bool = false
    ) -> Int {
        guard let base = bytes.baseAddress else { return end }
        let raw = UnsafeRawPointer(base)
        let table = UnsafeRawPointer(stops)
        // Byte offsets of the table's parts.
        let pairs = pairBase &* 2
        let openings = openingBase &* 2
        let pairStops = pairStopBase &* 2
        let triples = tripleBase &* 2
        var index = offset
        // While a three-byte scalar fits before `end`, none is checked for room; the last two bytes are crossed below.
        let wideEnd = end &- 3
        outer: while index <= wideEnd {
            var lead = base[index]
            let step = stops[Int(lead)]
            // A run of three-byte scalars (CJK text) is crossed by a loop of its own: it reads the next lead byte's
            // class only to see whether the run goes on (a three-byte lead never stops by itself), and keeps no step.
            if step == wideClass {
                while true {
                    // Continuation bytes 1 and 2: low six bits of each, byte 1 in the low half. Their masks: may
                    // start a pattern (low half), stops by itself (high half), one bit per lead byte's low four bits.
                    // A shift of a `UInt32` counts modulo 32, and a three-byte lead (E0-EF) is its low four bits
                    // modulo 32: shifting by the lead byte itself needs no mask.
                    let pair = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: index &+ 1, as: UInt16.self))
                    let masks = UInt32(
                        littleEndian: table.loadUnaligned(
                            fromByteOffset: pairs &+ Int(pair & 0x3F3F) &<< 2,
                            as: UInt32.self
                        )
                    )
                    let shift = UInt32(lead)
                    if masks &>> shift & 1 != 0 {
                        // The scalar starts a pattern: the next one must be a three-byte scalar that opens it too,
                        // unless the scalar stops by itself.
                        guard index &+ 6 <= end else { return index }
                        let head = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt32.self))
                        if head &>> 24 & 0xF0 == 0xE0 {
                            let tail = UInt16(
                                littleEndian: raw.loadUnaligned(fromByteOffset: index &+ 4, as: UInt16.self)
                            )
                            let product = (UInt64(head) | UInt64(tail) &<< 32) &* multiplier
                            if hashBit(table, openings, product) {
                                // Patterns of these two scalars that end, or go on but not with a three-byte scalar.
                                if hashBit(table, pairStops, product) { return index }
                                guard index &+ 9 <= end else { return index }
                                let word = UInt64(
                                    littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                                )
                                if word &>> 48 & 0xF0 == 0xE0
                                    && hashBit(table, triples, tripleProduct(word, base[index &+ 8]))
                                {
                                    return index
                                }
                            }
                        }
                        if masks &>> (shift &+ 16) & 1 != 0 { return index }
                    }
                    index &+= 3
                    guard index <= wideEnd else { break outer }
                    lead = base[index]
                    guard stops[Int(lead)] == wideClass else { continue outer }
                }
            }
            if step == 0 { return index }
            index &+= Int(step)
            // After an ASCII byte, the rest of its run at once where the caller asks and the table allows.
            if skipsASCII && lead < 0x80 { index = asciiSkip(raw, from: index, end: end, table: table) }
        }
        while index < end {
            let step = stops[Int(base[index])]
            // A three-byte lead with no room for its scalar is returned as is.
            if step == wideClass || step == 0 { return index }
            index &+= Int(step)
        }
        return end
    }

    /// ``nextCandidate(in:from:end:stops:skipsASCII:)`` one scalar per step, every scalar through the same test and
    /// no skip: the reference its loops are tested against.
    static func referenceCandidate(
        in bytes: UnsafeBufferPointer<UInt8>,
        from offset: Int,
        end: Int,
        stops: UnsafePointer<UInt16>
    ) -> Int {
        guard let base = bytes.baseAddress else { return end }
        let raw = UnsafeRawPointer(base)
        let table = UnsafeRawPointer(stops)
        var index = offset
        while index < end {
            let lead = base[index]
            let step = stops[Int(lead)]
            if step == 0 { return index }
            guard step == wideClass else {
                index += Int(step)
                continue
            }
            guard index + 3 <= end else { return index }
            let code = Int(base[index + 1] & 0x3F) | Int(base[index + 2] & 0x3F) << 8
            let masks = UInt32(stops[pairBase + 2 * code]) | UInt32(stops[pairBase + 2 * code + 1]) << 16
            let bit = UInt32(lead & 0x0F)
            if masks >> bit & 1 != 0 {
                guard index + 6 <= end else { return index }
                if base[index + 3] & 0xF0 == 0xE0 {
                    let six = (0..<6).reduce(UInt64(0)) { $0 | UInt64(base[index + $1]) << (8 * UInt64($1)) }
                    let product = six &* multiplier
                    if hashBit(table, openingBase * 2, product) {
                        if hashBit(table, pairStopBase * 2, product) { return index }
                        guard index + 9 <= end else { return index }
                        let eight = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                        if base[index + 6] & 0xF0 == 0xE0
                            && hashBit(
                                table,
                                tripleBase * 2,
                                tripleProduct(UInt64(littleEndian: eight), base[index + 8])
                            )
                        {
                            return index
                        }
                    }
                }
                if masks >> (bit + 16) & 1 != 0 { return index }
            }
            index += 3
        }
        return end
    }

    /// The value and length in bytes of the longest pattern that starts at `offset` and ends at or before `limit`.
    func longestMatch(in bytes: [UInt8], at offset: Int, limit: Int? = nil) -> (value: Value, length: Int)? {
        let end = min(limit ?? bytes.count, bytes.count)
        guard offset >= 0, offset < end else { return nil }
        return bytes.withUnsafeBufferPointer { longestMatch(in: $0, at: offset, end: end) }
    }

    /// The value and length in bytes of the longest pattern that starts at `offset` and ends at or before `end`
    /// (`offset < end ≤ count`).
    @inline(__always)
    func longestMatch(in bytes: UnsafeBufferPointer<UInt8>, at offset: Int, end: Int) -> (value: Value, length: Int)? {
        let found = slots.withUnsafeBufferPointer { slots -> (Int, Int)? in
            nodeValues.withUnsafeBufferPointer { nodeValues -> (Int, Int)? in
                onlyEdges.withUnsafeBufferPointer { onlyEdges -> (Int, Int)? in
                    let lead = bytes[offset]
                    if lead & 0xF0 == 0xE0 {
                        // A three-byte first scalar: its node by the direct table. Patterns are valid UTF-8: a scalar
                        // whose continuation bytes are not starts none.
                        guard offset &+ 3 <= end else { return nil }
                        let second = bytes[offset &+ 1]
                        let third = bytes[offset &+ 2]
                        guard second & 0xC0 == 0x80 && third & 0xC0 == 0x80 else { return nil }
                        let code = Int(lead & 0x0F) &<< 12 | Int(second & 0x3F) &<< 6 | Int(third & 0x3F)
                        let node = roots.withUnsafeBufferPointer { $0[code] }
                        guard node != 0 else { return nil }
                        return Self.walk(
                            slots,
                            shift,
                            nodeValues,
                            onlyEdges,
                            bytes,
                            from: UInt64(node),
                            at: offset &+ 3,
                            start: offset,
                            end: end
                        )
                    }
                    guard starts.withUnsafeBufferPointer({ $0[Int(lead)] }) == 0 else { return nil }
                    return Self.walk(
                        slots,
                        shift,
                        nodeValues,
                        onlyEdges,
                        bytes,
                        from: 0,
                        at: offset,
                        start: offset,
                        end: end
                    )
                }
            }
        }
        guard let (value, length) = found else { return nil }
        return (values[value], length)
    }

    /// The value index and length of the deepest pattern end on the walk from `node`, reached at `offset`, through
    /// the text, for a match that started at `start`.
    @inline(__always)
    private static func walk(
        _ slots: UnsafeBufferPointer<UInt64>,
        _ shift: UInt64,
        _ nodeValues: UnsafeBufferPointer<Int32>,
        _ onlyEdges: UnsafeBufferPointer<UInt64>,
        _ bytes: UnsafeBufferPointer<UInt8>,
        from node: UInt64,
        at offset: Int,
        start: Int,
        end: Int
    ) -> (Int, Int)? {
        let mask = slots.count &- 1
        var node = node
        var index = offset
        var best = nodeValues[Int(truncatingIfNeeded: node)]
        var bestLength = index &- start
        while index < end {
            let lead = bytes[index]
            var key = UInt32(lead)
            var length = 1
            if lead & 0xF0 == 0xE0 {
                // A three-byte scalar (most steps): its two continuation bytes in one 16-bit load.
                length = 3
                guard index &+ 3 <= end, let base = bytes.baseAddress else { break }
                let pair = UnsafeRawPointer(base).loadUnaligned(fromByteOffset: index &+ 1, as: UInt16.self)
                key = key &<< 16 | UInt32(UInt16(bigEndian: pair))
            } else if lead >= 0xC0 {
                length = lead >= 0xF0 ? 4 : 2
                guard index &+ length <= end else { break }
                key = key &<< 8 | UInt32(bytes[index &+ 1])
                if length > 2 {
                    key = key &<< 8 | UInt32(bytes[index &+ 2])
                    key = key &<< 8 | UInt32(bytes[index &+ 3])
                }
            }
            var target: UInt64?
            let only = onlyEdges[Int(truncatingIfNeeded: node)]
            if only != 0 {
                // One edge or none: no hashing.
                guard only &>> 16 == UInt64(key) else { break }
                target = only & 0xFFFF
            } else {
                let probe = node &<< 32 | UInt64(key)
                var slot = Int(truncatingIfNeeded: (probe &* multiplier) &>> shift)
                while true {
                    let entry = slots[slot]
                    if entry &>> 16 == probe {
                        target = entry & 0xFFFF
                        break
                    }
                    if entry == 0 { break }
                    slot = (slot &+ 1) & mask
                }
            }
            guard let target else { break }
            node = target
            index &+= length
            let value = nodeValues[Int(truncatingIfNeeded: target)]
            if value >= 0 {
                best = value
                bestLength = index &- start
            }
        }
        guard best >= 0 else { return nil }
        return (Int(best), bestLength)
    }
}
