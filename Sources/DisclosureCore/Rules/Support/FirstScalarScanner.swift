/// Finds every occurrence of a fixed set of UTF-8 patterns in one pass, stepping a scalar at a time.
///
/// A pattern (valid UTF-8) can only start where a scalar starts, so the scan visits scalar starts only (a third
/// of the offsets in Chinese text) and tests each one's code point against a bitset of the patterns' first
/// scalars; only a scalar that passes compares the patterns starting with it. Bytes that are not well-formed
/// UTF-8 are stepped over one at a time, so the result is the same as a search of every byte offset.
struct FirstScalarScanner: Sendable {
    /// The patterns' bytes, back to back.
    private let patternBytes: [UInt8]
    /// The scan's tables, back to back: 1024 words of a bitset (bit `c` set when some pattern starts with the
    /// scalar `c`, below U+10000); from ``bucketBase``, for each bucket (`c & bucketMask`) where its pattern ids
    /// start in this array (one extra entry closes the last); the ids of the patterns, grouped by the bucket of their
    /// first scalar; from ``patternOffsetsBase``, where each pattern starts in ``patternBytes`` (one extra entry).
    private let table: [Int]
    /// Where the pattern offsets start in ``table``.
    private let patternOffsetsBase: Int

    private static let bucketBase = 1024
    /// Patterns whose first scalar is above U+FFFF (searched on their own; none in practice).
    private let astralPatterns: [Int]
    /// The patterns.
    let patterns: [[UInt8]]

    private static let bucketMask = 0xFFF

    /// Creates a scanner; empty patterns never match.
    init(_ patterns: [[UInt8]]) {
        self.patterns = patterns
        var patternBytes: [UInt8] = []
        var patternOffsets: [Int] = [0]
        for pattern in patterns {
            patternBytes += pattern
            patternOffsets.append(patternBytes.count)
        }
        var firstBits = [UInt64](repeating: 0, count: 1024)
        var buckets = [[Int]](repeating: [], count: FirstScalarScanner.bucketMask + 1)
        var astral: [Int] = []
        for (id, pattern) in patterns.enumerated() where !pattern.isEmpty {
            guard let scalar = String(decoding: pattern, as: UTF8.self).unicodeScalars.first,
                scalar.value < 0x1_0000, Array(String(scalar).utf8) == Array(pattern.prefix(String(scalar).utf8.count))
            else {
                astral.append(id)
                continue
            }
            let code = Int(scalar.value)
            firstBits[code >> 6] |= 1 << UInt64(code & 63)
            buckets[code & FirstScalarScanner.bucketMask].append(id)
        }
        var bucketStarts: [Int] = [0]
        var bucketPatterns: [Int] = []
        for bucket in buckets {
            bucketPatterns += bucket
            bucketStarts.append(bucketPatterns.count)
        }
        self.patternBytes = patternBytes
        // Bucket starts are positions in `table`: after the bitset and the bucket starts themselves.
        let idsBase = FirstScalarScanner.bucketBase + bucketStarts.count
        var table = firstBits.map { Int(Int64(bitPattern: $0)) }
        table += bucketStarts.map { idsBase + $0 }
        table += bucketPatterns
        self.patternOffsetsBase = table.count
        table += patternOffsets
        self.table = table
        self.astralPatterns = astral
    }

    /// Calls `body(pattern, start)` for every occurrence, in order of start offset (patterns starting with a scalar
    /// above U+FFFF come last); overlapping occurrences are all reported.
    func forEachMatch(in bytes: [UInt8], _ body: (_ pattern: Int, _ start: Int) -> Void) {
        // The tables are read through one flat array (fewer live pointers: the scan loop keeps them in registers).
        let offsetsBase = patternOffsetsBase
        bytes.withUnsafeBufferPointer { text in
            patternBytes.withUnsafeBufferPointer { patternBytes in
                table.withUnsafeBufferPointer { table in
                    let count = text.count
                    var index = 0
                    while index < count {
                        let lead = text[index]
                        var code = -1
                        var step = 1
                        if lead < 0x80 {
                            code = Int(lead)
                        } else if lead >= 0xE0 {
                            if lead < 0xF0, index &+ 2 < count, text[index &+ 1] & 0xC0 == 0x80,
                                text[index &+ 2] & 0xC0 == 0x80
                            {
                                code =
                                    Int(lead & 0x0F) &<< 12 | Int(text[index &+ 1] & 0x3F) &<< 6
                                    | Int(text[index &+ 2] & 0x3F)
                                step = 3
                            }
                        } else if lead >= 0xC0, index &+ 1 < count, text[index &+ 1] & 0xC0 == 0x80 {
                            code = Int(lead & 0x1F) &<< 6 | Int(text[index &+ 1] & 0x3F)
                            step = 2
                        }
                        if code >= 0, UInt64(bitPattern: Int64(table[code &>> 6])) & (1 &<< UInt64(code & 63)) != 0 {
                            let bucket = FirstScalarScanner.bucketBase &+ (code & FirstScalarScanner.bucketMask)
                            var position = table[bucket]
                            let end = table[bucket &+ 1]
                            while position < end {
                                let id = table[position]
                                let first = table[offsetsBase &+ id]
                                let length = table[offsetsBase &+ id &+ 1] &- first
                                if index &+ length <= count {
                                    var offset = 0
                                    while offset < length, text[index &+ offset] == patternBytes[first &+ offset] {
                                        offset &+= 1
                                    }
                                    if offset == length { body(id, index) }
                                }
                                position &+= 1
                            }
                        }
                        index &+= step
                    }
                }
            }
        }
        for id in astralPatterns {
            for start in TextSearch.occurrences(of: patterns[id], in: bytes) { body(id, start) }
        }
    }
}
