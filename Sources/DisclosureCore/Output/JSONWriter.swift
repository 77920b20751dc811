/// Writes compact JSON straight into one byte buffer: the one encoder of records and events (``RecordJSON``,
/// ``AnomalyJSON``), with no tree built first.
///
/// Strings are UTF-8 with `"`, `\` and control characters escaped, numbers at their written scale, no spaces:
/// ``JSONValue/serialized()`` writes through it too. The buffer is raw memory the writer owns (hence `~Copyable`):
/// each call reserves what it may write once, then stores bytes without the per-byte uniqueness and capacity
/// checks of `Array.append` (on a 2 KB document's record, about 300 keys and 150 nulls, those checks were most of
/// the JSON step).
struct JSONWriter: ~Copyable {
    /// The buffer: the writer's own, or an array's storage it writes into (``array(capacity:_:)``).
    private var storage: SpillingBytes
    /// Whether the next value or key is the first of its container (no comma before it).
    private var first = true

    /// The start of the buffer.
    private var base: UnsafeMutablePointer<UInt8> { storage.base }
    /// Bytes written.
    private var count: Int {
        get { storage.count }
        set { storage.count = newValue }
    }

    /// An empty writer whose buffer starts with room for `capacity` bytes.
    init(capacity: Int = 4096) {
        storage = SpillingBytes(capacity: max(capacity, 64))
    }

    /// An empty writer into `storage` (not empty), which it does not own: if it needs more room it moves to a
    /// buffer of its own.
    private init(into storage: UnsafeMutableBufferPointer<UInt8>) {
        self.storage = SpillingBytes(lent: storage)
    }

    /// Runs `body` with a writer that writes straight into a new array's storage of at least `capacity` bytes, and
    /// returns that array, holding what was written, with `body`'s result.
    ///
    /// No copy of the bytes into an array afterwards (as ``bytes`` makes), unless they outgrew `capacity`: then the
    /// writer moved to a buffer of its own and its bytes are copied into a new array (the same bytes). The array is
    /// made with `Array(unsafeUninitializedCapacity:)` (about 400 instructions more than an array made from a buffer,
    /// see ``bytes(in:)``): worth it for a whole document's output, not for each event.
    static func array<Result>(capacity: Int, _ body: (inout JSONWriter) -> Result) -> (bytes: [UInt8], result: Result) {
        var grown: [UInt8]?
        var result: Result?
        let array = [UInt8](unsafeUninitializedCapacity: max(capacity, 64)) { storage, initialized in
            var writer = JSONWriter(into: storage)
            result = body(&writer)
            if writer.storage.owned {
                grown = writer.bytes
                initialized = 0
            } else {
                initialized = writer.written
            }
        }
        return (grown ?? array, result!)
    }

    /// The JSON written so far (a copy).
    var bytes: [UInt8] { bytes(in: 0..<count) }

    /// Bytes written so far.
    var written: Int { count }

    /// A copy of the bytes written in `range`.
    func bytes(in range: Range<Int>) -> [UInt8] {
        // An array made from a buffer is allocated by specialised code. `Array(unsafeUninitializedCapacity:)` calls
        // the standard library's unspecialised allocation, which looks up the array's type metadata in the
        // runtime's cache on every call: about 400 instructions more, paid once per anomaly event.
        Array(UnsafeBufferPointer(start: base + range.lowerBound, count: range.count))
    }

    /// Starts a new top-level value (no comma before it): several JSON documents written one after the other.
    mutating func startDocument() {
        first = true
    }

    /// Writes object members rendered earlier (`"a":1,"b":2`, from ``bytes(in:)`` of another writer), with a comma
    /// before them unless they are the object's first.
    mutating func members(_ rendered: [UInt8]) {
        rendered.withUnsafeBufferPointer { rendered in
            guard let source = rendered.baseAddress, !rendered.isEmpty else { return }
            reserve(rendered.count &+ 1)
            separate()
            put(source, rendered.count)
        }
    }

    /// Writes the comma before the next member (unless it is its object's first) and returns where that member
    /// starts: the members written from there can be written again later with ``repeatMembers(_:)``.
    mutating func memberStart() -> Int {
        reserve(1)
        separate()
        first = true
        return count
    }

    /// Writes again the members this writer wrote at `range` (from ``memberStart()`` to ``written``), with a comma
    /// before them unless they are their object's first: a copy of bytes already escaped.
    mutating func repeatMembers(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        reserve(range.count &+ 1)
        separate()
        // Earlier bytes of the same buffer (after `reserve`, which may move it): the ranges do not overlap.
        put(base + range.lowerBound, range.count)
    }

    // MARK: - Raw bytes

    /// Makes room for `extra` more bytes.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        storage.reserve(extra)
    }

    /// Stores one byte; room was reserved.
    @inline(__always)
    private mutating func put(_ byte: UInt8) {
        base[count] = byte
        count &+= 1
    }

    /// Stores four ASCII bytes at once (`null`, `true`, `":nu`…); room was reserved.
    @inline(__always)
    private mutating func put4(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        let word = UInt32(a) | UInt32(b) << 8 | UInt32(c) << 16 | UInt32(d) << 24
        UnsafeMutableRawPointer(base + count).storeBytes(of: UInt32(littleEndian: word), as: UInt32.self)
        count &+= 4
    }

    /// Stores `length` bytes from `source`; room was reserved.
    @inline(__always)
    private mutating func put(_ source: UnsafePointer<UInt8>, _ length: Int) {
        (base + count).update(from: source, count: length)
        count &+= length
    }

    /// Stores `length` bytes from `source` in words, overlapping at the end, without a call to `memcpy` (keys are
    /// a few bytes; reads stay inside `source`); room was reserved.
    @inline(__always)
    private mutating func putShort(_ source: UnsafePointer<UInt8>, _ length: Int) {
        let from = UnsafeRawPointer(source)
        let to = UnsafeMutableRawPointer(base + count)
        if length >= 8 {
            var index = 0
            while index &+ 8 < length {
                to.storeBytes(
                    of: from.loadUnaligned(fromByteOffset: index, as: UInt64.self),
                    toByteOffset: index,
                    as: UInt64.self
                )
                index &+= 8
            }
            let last = length &- 8
            to.storeBytes(
                of: from.loadUnaligned(fromByteOffset: last, as: UInt64.self),
                toByteOffset: last,
                as: UInt64.self
            )
        } else if length >= 4 {
            let low = from.loadUnaligned(as: UInt32.self)
            let high = from.loadUnaligned(fromByteOffset: length &- 4, as: UInt32.self)
            to.storeBytes(of: low, as: UInt32.self)
            to.storeBytes(of: high, toByteOffset: length &- 4, as: UInt32.self)
        } else {
            for index in 0..<length { to.storeBytes(of: source[index], toByteOffset: index, as: UInt8.self) }
        }
        count &+= length
    }

    /// A comma unless this is the first member or element; room was reserved.
    @inline(__always)
    private mutating func separate() {
        if !first { put(UInt8(ascii: ",")) }
        first = false
    }

    // MARK: - Structure

    /// Opens an object (`{`).
    mutating func openObject() {
        reserve(2)
        separate()
        put(UInt8(ascii: "{"))
        first = true
    }

    /// Closes the innermost object (`}`).
    mutating func closeObject() {
        reserve(1)
        put(UInt8(ascii: "}"))
        first = false
    }

    /// Opens an array (`[`).
    mutating func openArray() {
        reserve(2)
        separate()
        put(UInt8(ascii: "["))
        first = true
    }

    /// Closes the innermost array (`]`).
    mutating func closeArray() {
        reserve(1)
        put(UInt8(ascii: "]"))
        first = false
    }

    /// Writes an object key and its colon; the next call writes its value. Keys are ASCII names (no escaping).
    ///
    /// A literal argument picks this overload only because the one for any string is labelled (``key(text:)``):
    /// the type checker prefers `String` for a literal, and the escaping path cost about five times as much on
    /// the record's 250-odd keys. Inlined: a call cost as much as the few stores it makes.
    @inline(__always)
    mutating func key(_ key: StaticString) {
        let length = key.utf8CodeUnitCount
        reserve(length &+ 4)
        separate()
        put(UInt8(ascii: "\""))
        putShort(key.utf8Start, length)
        put(UInt8(ascii: "\""))
        put(UInt8(ascii: ":"))
        first = true
    }

    /// Writes an object key that is any string (escaped as a string literal) and its colon.
    mutating func key(text key: String) {
        string(key)
        reserve(1)
        put(UInt8(ascii: ":"))
        first = true
    }

    // MARK: - Values

    /// Writes `null`.
    mutating func null() {
        reserve(5)
        separate()
        put4(UInt8(ascii: "n"), UInt8(ascii: "u"), UInt8(ascii: "l"), UInt8(ascii: "l"))
    }

    /// Writes `true` or `false`.
    mutating func bool(_ value: Bool) {
        reserve(6)
        separate()
        if value {
            put4(UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "u"), UInt8(ascii: "e"))
        } else {
            put4(UInt8(ascii: "f"), UInt8(ascii: "a"), UInt8(ascii: "l"), UInt8(ascii: "s"))
            put(UInt8(ascii: "e"))
        }
    }

    /// Writes a string literal.
    mutating func string(_ value: String) {
        // A native string's bytes (small strings' too) are contiguous; others go through a copy.
        let written: Void? = value.utf8.withContiguousStorageIfAvailable { string(utf8: $0) }
        if written == nil { Array(value.utf8).withUnsafeBufferPointer { string(utf8: $0) } }
    }

    /// Writes a string literal whose text is a `StaticString` of ASCII that needs no escape (a name, an enum
    /// value): copied as it is.
    mutating func plainString(_ value: StaticString) {
        let length = value.utf8CodeUnitCount
        reserve(length &+ 3)
        separate()
        put(UInt8(ascii: "\""))
        putShort(value.utf8Start, length)
        put(UInt8(ascii: "\""))
    }

    /// Writes an anomaly id as a string literal: a digest spelled straight into the buffer (72 bytes of ASCII, no
    /// escape to look for), any other id as a string.
    mutating func anomalyId(_ id: AnomalyID) {
        guard case .digest = id else {
            if case .text(let text) = id { string(text) }
            return
        }
        reserve(AnomalyID.digestUTF8Count &+ 3)
        separate()
        put(UInt8(ascii: "\""))
        id.write(into: UnsafeMutableRawPointer(base + count))
        count &+= AnomalyID.digestUTF8Count
        put(UInt8(ascii: "\""))
    }

    /// Writes a string literal, or `null`.
    mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    /// Writes an integer (as `String(value)` spells it).
    mutating func int(_ value: Int) {
        reserve(22)
        separate()
        if value < 0 { put(UInt8(ascii: "-")) }
        digits(UInt64(value.magnitude), fraction: 0)
    }

    /// Writes an integer, or `null`.
    mutating func int(_ value: Int?) {
        if let value { int(value) } else { null() }
    }

    /// Writes an amount at its written scale (as ``Amount/description`` spells it).
    mutating func number(_ value: Amount) {
        // Sign, at most 20 digits (a zero before the point when all are fraction), the point.
        reserve(24 &+ value.scale)
        separate()
        if value.units < 0 { put(UInt8(ascii: "-")) }
        digits(value.units.magnitude, fraction: value.scale)
    }

    /// Writes an amount, or `null`.
    mutating func number(_ value: Amount?) {
        if let value { number(value) } else { null() }
    }

    /// Writes a figure's amount, or `null`.
    mutating func amount(_ figure: Figure?) {
        if let figure { number(figure.value) } else { null() }
    }

    /// Writes a count, or `null`.
    mutating func count(_ count: Count?) {
        if let count { int(count.value) } else { null() }
    }

    /// Stores the decimal digits of `magnitude` with a point before the last `fraction` of them (zeros padded on
    /// the left so that one digit precedes the point), straight into the buffer from the right; room was reserved.
    /// The integer part is written two digits at a time (half the divisions of one at a time).
    @inline(__always)
    private mutating func digits(_ magnitude: UInt64, fraction: Int) {
        var length = 1
        var rest = magnitude
        while rest >= 100 {
            length &+= 2
            rest /= 100
        }
        if rest >= 10 { length &+= 1 }
        if fraction > 0 { length = max(length, fraction &+ 1) &+ 1 }
        var value = magnitude
        var index = count &+ length
        if fraction > 0 {
            for _ in 0..<fraction {
                index &-= 1
                base[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
                value /= 10
            }
            index &-= 1
            base[index] = UInt8(ascii: ".")
        }
        // What is left has exactly the digits before the point (`0` when the fraction took them all).
        while value >= 100 {
            let rest = value / 100
            index &-= 2
            UnsafeMutableRawPointer(base + index).storeBytes(
                of: JSONWriter.digitPair(value &- rest &* 100).littleEndian,
                as: UInt16.self
            )
            value = rest
        }
        if value >= 10 {
            index &-= 2
            UnsafeMutableRawPointer(base + index).storeBytes(
                of: JSONWriter.digitPair(value).littleEndian,
                as: UInt16.self
            )
        } else {
            index &-= 1
            base[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value)
        }
        count &+= length
    }

    /// The two ASCII digits of `pair` (0…99) as a little-endian word: tens in the low byte.
    @inline(__always)
    private static func digitPair(_ pair: UInt64) -> UInt16 {
        let tens = pair / 10
        return UInt16(truncatingIfNeeded: 0x3030 | tens | (pair &- tens &* 10) << 8)
    }

    // MARK: - Strings

    private static let hexDigits: StaticString = "0123456789abcdef"

    /// Writes the JSON string literal of UTF-8 bytes: copied sixteen bytes at a time (one SSE2 compare and mask per
    /// block) while no byte needs an escape, the last partial block as an overlapping load (most strings are table
    /// cells of a few bytes, event quotes a few hundred).
    mutating func string(utf8 source: UnsafeBufferPointer<UInt8>) {
        let length = source.count
        reserve(length &+ 3)
        separate()
        put(UInt8(ascii: "\""))
        guard let start = source.baseAddress else {
            put(UInt8(ascii: "\""))
            return
        }
        let from = UnsafeRawPointer(start)
        let to = UnsafeMutableRawPointer(base + count)
        var index = 0
        if length >= 16 {
            while index &+ 16 <= length {
                let block = from.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
                if JSONWriter.needsEscape(block) { break }
                to.storeBytes(of: block, toByteOffset: index, as: SIMD16<UInt8>.self)
                index &+= 16
            }
            if index < length, index &+ 16 > length {
                // The last sixteen bytes, overlapping the ones already copied (rewritten with the same bytes).
                let block = from.loadUnaligned(fromByteOffset: length &- 16, as: SIMD16<UInt8>.self)
                if !JSONWriter.needsEscape(block) {
                    to.storeBytes(of: block, toByteOffset: length &- 16, as: SIMD16<UInt8>.self)
                    index = length
                }
            }
        } else if length >= 8 {
            // Two overlapping eight-byte halves, checked as one block.
            let low = from.loadUnaligned(as: UInt64.self)
            let high = from.loadUnaligned(fromByteOffset: length &- 8, as: UInt64.self)
            if !JSONWriter.needsEscape(unsafeBitCast(SIMD2<UInt64>(low, high), to: SIMD16<UInt8>.self)) {
                to.storeBytes(of: low, as: UInt64.self)
                to.storeBytes(of: high, toByteOffset: length &- 8, as: UInt64.self)
                index = length
            }
        } else if length >= 4 {
            // Two overlapping four-byte halves.
            let low = from.loadUnaligned(as: UInt32.self)
            let high = from.loadUnaligned(fromByteOffset: length &- 4, as: UInt32.self)
            if !JSONWriter.needsEscape(UInt64(low) | UInt64(high) << 32) {
                to.storeBytes(of: low, as: UInt32.self)
                to.storeBytes(of: high, toByteOffset: length &- 4, as: UInt32.self)
                index = length
            }
        }
        count &+= index
        if index < length {
            // Short strings, or the rest after a block with a byte that needs an escape: byte by byte, six bytes
            // at most each.
            reserve(6 &* (length &- index) &+ 1)
            while index < length {
                escape(start[index])
                index &+= 1
            }
        }
        put(UInt8(ascii: "\""))
    }

    /// Stores one byte of a string, escaped where JSON needs it; room was reserved.
    @inline(__always)
    private mutating func escape(_ byte: UInt8) {
        guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
            put(byte)
            return
        }
        put(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): put(byte)
        case 0x0A: put(UInt8(ascii: "n"))
        case 0x0D: put(UInt8(ascii: "r"))
        case 0x09: put(UInt8(ascii: "t"))
        default:
            put4(
                UInt8(ascii: "u"),
                UInt8(ascii: "0"),
                UInt8(ascii: "0"),
                JSONWriter.hexDigits.utf8Start[Int(byte >> 4)]
            )
            put(JSONWriter.hexDigits.utf8Start[Int(byte & 0x0F)])
        }
    }

    /// Whether some byte of `word` is a control character, `"` or `\` (exact: the bit tricks below have no false
    /// positives for "some byte of the word").
    ///
    /// A byte below 0x20 borrows in `word − 0x20…`, a byte equal to `"` or `\` in `(word ^ 0x22…) − 0x01…` or
    /// `(word ^ 0x5C…) − 0x01…`; each test keeps the high bits of bytes whose own high bit was clear, and `x ^ c`
    /// has the high bit of `x` for these ASCII `c`, so the three share one mask and one branch (three branches
    /// made the copy loop twice as long).
    @inline(__always)
    private static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let borrows = (word &- ones &* 0x20) | ((word ^ (ones &* 0x22)) &- ones) | ((word ^ (ones &* 0x5C)) &- ones)
        return borrows & ~word & highs != 0
    }

    /// Whether some byte of `block` is a control character, `"` or `\`: three byte-wise compares (SSE2's `pminub`,
    /// `pcmpeqb`), sixteen bytes in about twelve instructions.
    ///
    /// The constants are spelled `SIMD16<UInt8>` and the mask read through its two words: with inferred types or
    /// `any(_:)` the optimiser compared lane by lane and called an unspecialised reduction, ten times slower.
    @inline(__always)
    static func needsEscape(_ block: SIMD16<UInt8>) -> Bool {
        let controls = block .< SIMD16<UInt8>(repeating: 0x20)
        let quotes = block .== SIMD16<UInt8>(repeating: UInt8(ascii: "\""))
        let backslashes = block .== SIMD16<UInt8>(repeating: UInt8(ascii: "\\"))
        let lanes = unsafeBitCast(controls .| quotes .| backslashes, to: SIMD2<UInt64>.self)
        return lanes[0] | lanes[1] != 0
    }
}
