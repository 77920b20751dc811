/// Converts UTF-8 byte offsets of a normalized text to Unicode-scalar offsets.
///
/// Keeps the number of scalars before every 64-byte block (one `Int32` per block, not per byte) and counts the
/// rest of a block on demand, eight bytes at a time: building it is a fraction of a pass over the text, a lookup
/// reads at most 63 bytes.
public struct ScalarOffsets: Sendable {
    /// The text's bytes.
    let bytes: [UInt8]
    /// `checkpoints[k]`: the scalars in `bytes[0..<64 k]`.
    private let checkpoints: [Int32]

    private static let blockShift = 6

    /// Builds the table for `text`.
    public init(_ text: NormalizedText) {
        let bytes = text.bytes
        let blockCount = bytes.count >> ScalarOffsets.blockShift + 1
        self.bytes = bytes
        self.checkpoints = ScalarOffsets.checkpoints(of: bytes, blockCount: blockCount)
    }

    /// `checkpoints[k]`, `k < blockCount` (at least 1): the scalars in `bytes[0..<64 k]`.
    ///
    /// For a text of up to 16 KiB (256 blocks, 1 KiB of table: the standard library allocates that on the stack
    /// without asking the runtime) the table is counted in a scratch buffer and copied out
    /// (``Array/filled(count:scratch:_:)``: allocated by specialised code); a longer text's is written in place.
    private static func checkpoints(of bytes: [UInt8], blockCount: Int) -> [Int32] {
        func fill(_ checkpoints: UnsafeMutablePointer<Int32>) {
            bytes.withUnsafeBufferPointer { text in
                var count = 0
                for block in 0..<blockCount {
                    (checkpoints + block).initialize(to: Int32(truncatingIfNeeded: count))
                    let start = block << ScalarOffsets.blockShift
                    let end = start + (1 << ScalarOffsets.blockShift)
                    if end <= text.count, let base = text.baseAddress {
                        count += 64 - ScalarOffsets.continuationBytes64(UnsafeRawPointer(base + start))
                    } else if start < text.count {
                        count += ScalarOffsets.count(text, from: start, to: text.count)
                    }
                }
            }
        }
        if blockCount <= 256 {
            return withUnsafeTemporaryAllocation(of: Int32.self, capacity: blockCount) { scratch in
                [Int32].filled(count: blockCount, scratch: scratch.baseAddress.unsafelyUnwrapped, fill)
            }
        }
        return [Int32](unsafeUninitializedCapacity: blockCount) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            fill(base)
            initialized = blockCount
        }
    }

    /// Whether this is the table of `text`: built from the same bytes (the same storage, so the same contents).
    func describes(_ text: NormalizedText) -> Bool {
        let other = text.bytes
        guard other.count == bytes.count else { return false }
        return bytes.withUnsafeBufferPointer { mine in
            other.withUnsafeBufferPointer { $0.baseAddress == mine.baseAddress }
        }
    }

    /// The scalar offset of a byte offset (clamped to the text).
    public func scalar(_ byteOffset: Int) -> Int {
        let offset = max(0, min(byteOffset, bytes.count))
        let block = offset >> ScalarOffsets.blockShift
        let start = block << ScalarOffsets.blockShift
        return Int(checkpoints[block])
            + bytes.withUnsafeBufferPointer { text in
                // A whole block is read at once, the bytes at and after the offset masked off; the text's last,
                // partial block is counted word by word.
                guard start + 64 <= text.count, let base = text.baseAddress else {
                    return ScalarOffsets.count(text, from: start, to: offset)
                }
                return (offset &- start)
                    &- ScalarOffsets.continuationBytes64(UnsafeRawPointer(base + start), before: offset &- start)
            }
    }

    /// The number of scalars that start in `text[from..<to]`: bytes that are not UTF-8 continuation bytes
    /// (`10xxxxxx`), counted a word at a time.
    @inline(__always)
    static func count(_ text: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        guard from < to, let base = text.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        var index = from
        var continuation = 0
        while index &+ 8 <= to {
            continuation &+= continuationBytes(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            index &+= 8
        }
        if index < to {
            if index &+ 8 <= text.count {
                // The last one to seven bytes: the word that starts with them, its other bytes masked off (the
                // low-order bytes of a little-endian load are the first in memory).
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                continuation &+= continuationBytes(word & (UInt64.max >> (64 &- 8 &* (to &- index))))
            } else {
                while index < to {
                    if text[index] & 0xC0 == 0x80 { continuation &+= 1 }
                    index &+= 1
                }
            }
        }
        return (to &- from) &- continuation
    }

    /// The UTF-8 continuation bytes (`10xxxxxx`, as signed bytes −128…−65) of the 64 bytes at `raw`: four blocks of
    /// sixteen compared at once (SSE2's `pcmpgtb`), their marks summed lane by lane, then the lanes by a multiply.
    /// About a sixth of what the word-wise count costs (whose 64-bit multiplies SSE2 has to emulate when the loop
    /// is vectorised).
    ///
    /// The types are spelled out: with inferred ones the optimiser compared lane by lane.
    @inline(__always)
    static func continuationBytes64(_ raw: UnsafeRawPointer) -> Int {
        let limit = SIMD16<Int8>(repeating: -64)
        // A mask lane is −1 where the compare holds: subtracting counts it.
        var marks = SIMD16<Int8>()
        marks &-= unsafeBitCast(raw.loadUnaligned(as: SIMD16<Int8>.self) .< limit, to: SIMD16<Int8>.self)
        marks &-= unsafeBitCast(
            raw.loadUnaligned(fromByteOffset: 16, as: SIMD16<Int8>.self) .< limit,
            to: SIMD16<Int8>.self
        )
        marks &-= unsafeBitCast(
            raw.loadUnaligned(fromByteOffset: 32, as: SIMD16<Int8>.self) .< limit,
            to: SIMD16<Int8>.self
        )
        marks &-= unsafeBitCast(
            raw.loadUnaligned(fromByteOffset: 48, as: SIMD16<Int8>.self) .< limit,
            to: SIMD16<Int8>.self
        )
        // At most 4 per lane, 8 per byte of the two words' sum, 64 in all: no carry crosses a byte.
        let words = unsafeBitCast(marks, to: SIMD2<UInt64>.self)
        return Int(truncatingIfNeeded: ((words[0] &+ words[1]) &* 0x0101_0101_0101_0101) &>> 56)
    }

    /// The UTF-8 continuation bytes among the first `count` (0…64) of the 64 bytes at `raw`: ``continuationBytes64(_:)``
    /// with the lanes at and after `count` masked off by one more compare per block: each block's lane numbers
    /// (0…15, 16…31, 32…47, 48…63: constants) against `count` broadcast once. (A broadcast per block of
    /// `count − 16 k` cost four instructions each.)
    @inline(__always)
    static func continuationBytes64(_ raw: UnsafeRawPointer, before count: Int) -> Int {
        let limit = SIMD16<Int8>(repeating: -64)
        let kept = SIMD16<Int8>(repeating: Int8(truncatingIfNeeded: max(0, min(count, 64))))
        var marks = SIMD16<Int8>()
        marks &-= unsafeBitCast(
            (raw.loadUnaligned(as: SIMD16<Int8>.self) .< limit) .& (ScalarOffsets.lanes0 .< kept),
            to: SIMD16<Int8>.self
        )
        marks &-= unsafeBitCast(
            (raw.loadUnaligned(fromByteOffset: 16, as: SIMD16<Int8>.self) .< limit) .& (ScalarOffsets.lanes16 .< kept),
            to: SIMD16<Int8>.self
        )
        marks &-= unsafeBitCast(
            (raw.loadUnaligned(fromByteOffset: 32, as: SIMD16<Int8>.self) .< limit) .& (ScalarOffsets.lanes32 .< kept),
            to: SIMD16<Int8>.self
        )
        marks &-= unsafeBitCast(
            (raw.loadUnaligned(fromByteOffset: 48, as: SIMD16<Int8>.self) .< limit) .& (ScalarOffsets.lanes48 .< kept),
            to: SIMD16<Int8>.self
        )
        let words = unsafeBitCast(marks, to: SIMD2<UInt64>.self)
        return Int(truncatingIfNeeded: ((words[0] &+ words[1]) &* 0x0101_0101_0101_0101) &>> 56)
    }

    /// The lane numbers of the four blocks of a 64-byte window (computed properties: literals the optimiser folds
    /// into constants, where a stored `static let` would be read through a lazy global's accessor).
    @inline(__always) private static var lanes0: SIMD16<Int8> {
        SIMD16<Int8>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
    }
    @inline(__always) private static var lanes16: SIMD16<Int8> {
        SIMD16<Int8>(16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31)
    }
    @inline(__always) private static var lanes32: SIMD16<Int8> {
        SIMD16<Int8>(32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47)
    }
    @inline(__always) private static var lanes48: SIMD16<Int8> {
        SIMD16<Int8>(48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63)
    }

    /// The UTF-8 continuation bytes (`10xxxxxx`) of a word.
    ///
    /// Bit 7 of each byte set and bit 6 clear marks one; the marks, moved to each byte's low bit, are summed by one
    /// multiply into the top byte. `nonzeroBitCount` costs a dozen instructions here: the package builds for the
    /// baseline x86-64, which has no `popcnt`.
    @inline(__always)
    static func continuationBytes(_ word: UInt64) -> Int {
        let marks = (word & ~(word &<< 1) & 0x8080_8080_8080_8080) &>> 7
        return Int(truncatingIfNeeded: (marks &* 0x0101_0101_0101_0101) &>> 56)
    }
}

/// Converts a sequence of UTF-8 byte offsets to Unicode-scalar offsets by counting from the previous one, forward
/// or back: no table of the whole text, and for offsets in near document order (the record's sections) about one
/// pass over the bytes up to the last.
struct ScalarCursor {
    /// The last byte offset converted.
    private var position = 0
    /// Its scalar offset.
    private var scalars = 0

    /// A cursor at the start of the text.
    init() {}

    /// The scalar offset of `byteOffset` (clamped to `text`): the same value as ``ScalarOffsets/scalar(_:)``.
    mutating func scalar(_ byteOffset: Int, in text: UnsafeBufferPointer<UInt8>) -> Int {
        let target = max(0, min(byteOffset, text.count))
        if target >= position {
            scalars &+= ScalarOffsets.count(text, from: position, to: target)
        } else {
            scalars &-= ScalarOffsets.count(text, from: target, to: position)
        }
        position = target
        return scalars
    }

    /// The scalar offsets of the spans' bounds (each clamped to `text`).
    ///
    /// The record's sections start in document order and each ends where a later one starts or soon after, so the
    /// starts are counted in one forward pass and each end from the nearest start at or before it (binary search):
    /// about one pass over the text up to the last end. Spans in any other order get the same values, counted
    /// from one offset to the next.
    static func scalars(of spans: [TextSpan], in text: UnsafeBufferPointer<UInt8>) -> [(start: Int, end: Int)] {
        var cursor = ScalarCursor()
        var starts: [ScalarCursor] = []
        starts.reserveCapacity(spans.count)
        var ascending = true
        for span in spans {
            if span.start < cursor.position { ascending = false }
            _ = cursor.scalar(span.start, in: text)
            starts.append(cursor)
        }
        var result: [(start: Int, end: Int)] = []
        result.reserveCapacity(spans.count)
        for (index, span) in spans.enumerated() {
            let target = max(0, min(span.end, text.count))
            if ascending {
                // The last start at or before the end; the span's own start is one.
                var low = index
                var high = starts.count - 1
                while low < high {
                    let middle = (low + high + 1) / 2
                    if starts[middle].position <= target { low = middle } else { high = middle - 1 }
                }
                cursor = starts[low]
            }
            result.append((starts[index].scalars, cursor.scalar(target, in: text)))
        }
        return result
    }
}
