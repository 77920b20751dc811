/// Finds every occurrence of a fixed set of UTF-8 patterns in one pass, stepping a scalar at a time.
///
/// A pattern (valid UTF-8) can only start where a scalar starts, so the scan visits scalar starts only (a third
/// of the offsets in Chinese text) and tests each one's code point against a bitset of the patterns' first
/// scalars; only a scalar that passes compares the patterns starting with it. Bytes that are not well-formed
/// UTF-8 are stepped over one at a time, so the result is the same as a search of every byte offset.
struct FirstScalarScanner: Sendable {
    /// The patterns' bytes, back to back.
    private let patternBytes: [UInt8]
    /// Where each pattern starts in ``patternBytes`` (one extra entry closes the last).
    private let patternOffsets: [Int]
    /// Bit `c` set when some pattern starts with the scalar `c` (below U+10000).
    private let firstBits: [UInt64]
    /// For each bucket (`c & bucketMask`), where its pattern ids start in ``bucketPatterns``.
    private let bucketStarts: [Int]
    /// Ids of the patterns, grouped by the bucket of their first scalar.
    private let bucketPatterns: [Int]
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
        self.patternOffsets = patternOffsets
        self.firstBits = firstBits
        self.bucketStarts = bucketStarts
        self.bucketPatterns = bucketPatterns
        self.astralPatterns = astral
    }

    /// Calls `body(pattern, start)` for every occurrence, in order of start offset (patterns starting with a scalar
    /// above U+FFFF come last); overlapping occurrences are all reported.
    func forEachMatch(in bytes: [UInt8], _ body: (_ pattern: Int, _ start: Int) -> Void) {
        bytes.withUnsafeBufferPointer { text in
            patternBytes.withUnsafeBufferPointer { patternBytes in
                patternOffsets.withUnsafeBufferPointer { patternOffsets in
                    firstBits.withUnsafeBufferPointer { firstBits in
                        bucketStarts.withUnsafeBufferPointer { bucketStarts in
                            bucketPatterns.withUnsafeBufferPointer { bucketPatterns in
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
                                    if code >= 0, firstBits[code &>> 6] & (1 &<< UInt64(code & 63)) != 0 {
                                        let bucket = code & FirstScalarScanner.bucketMask
                                        var position = bucketStarts[bucket]
                                        let end = bucketStarts[bucket &+ 1]
                                        while position < end {
                                            let id = bucketPatterns[position]
                                            let first = patternOffsets[id]
                                            let length = patternOffsets[id &+ 1] &- first
                                            if index &+ length <= count {
                                                var offset = 0
                                                while offset < length,
                                                    text[index &+ offset] == patternBytes[first &+ offset]
                                                {
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
                }
            }
        }
        for id in astralPatterns {
            for start in TextSearch.occurrences(of: patterns[id], in: bytes) { body(id, start) }
        }
    }
}
