/// The normalizer's output as it is written (the bytes and their map back to the original) with the state its
/// rules carry from one character to the next: ``TextNormalizer``'s rule set, kept once for the two loops that
/// apply it (``TextNormalizer`` over UTF-8, ``GB18030Normalizer`` while it transcodes).
///
/// The loops keep a value in a local variable and every method is inlined, so its fields live in registers as
/// the loops' own variables did. What differs between the loops is where a character's original offset comes
/// from (a UTF-8 offset is its index; a GB18030 loop also writes the transcoded original), which the callers say.
struct NormalizerOutput {
    /// Where the normalized bytes go.
    let bytes: UnsafeMutablePointer<UInt8>
    /// Where each normalized byte's original offset goes.
    let offsets: UnsafeMutablePointer<Int32>
    /// The bytes written so far.
    var count = 0
    /// The last byte written (0 before the first: neither a digit nor a letter).
    var last: UInt8 = 0
    /// The original offset of a pending horizontal space, emitted only if the next kept character is an ASCII
    /// letter or digit and so was the previous one; -1 when none.
    var pendingSpaceAt = -1

    /// Starts writing at `bytes` and `offsets`.
    init(bytes: UnsafeMutablePointer<UInt8>, offsets: UnsafeMutablePointer<Int32>) {
        self.bytes = bytes
        self.offsets = offsets
    }

    /// Writes `byte`, mapped to `origin`.
    @inline(__always)
    mutating func emit(_ byte: UInt8, from origin: Int) {
        bytes[count] = byte
        offsets[count] = Int32(truncatingIfNeeded: origin)
        count &+= 1
        last = byte
    }

    /// A horizontal space (ASCII or wide) at `origin`: pending until the next kept character says whether it stays.
    @inline(__always)
    mutating func space(at origin: Int) {
        if pendingSpaceAt < 0 { pendingSpaceAt = origin }
    }

    /// Writes a kept ASCII byte (or the ASCII a full-width form becomes), after the pending space when both it and
    /// the last byte are letters or digits.
    @inline(__always)
    mutating func emitASCII(_ byte: UInt8, from origin: Int) {
        if pendingSpaceAt >= 0 {
            if TextNormalizer.isAlphanumeric(byte), TextNormalizer.isAlphanumeric(last) {
                emit(0x20, from: pendingSpaceAt)
            }
            pendingSpaceAt = -1
        }
        emit(byte, from: origin)
    }

    /// Before a kept non-ASCII character, a line break or a comma: a pending space is dropped.
    @inline(__always)
    mutating func dropPendingSpace() {
        pendingSpaceAt = -1
    }

    /// Accounts for `length` bytes of kept non-ASCII characters that the caller wrote and mapped itself, the last
    /// of them `lastByte`.
    @inline(__always)
    mutating func keptNonASCII(_ length: Int, lastByte: UInt8) {
        count &+= length
        last = lastByte
        pendingSpaceAt = -1
    }

    /// What the rules do with a non-ASCII scalar.
    enum NonASCIIRule: Equatable {
        /// A full-width ASCII form (U+FF01…U+FF5E) becomes this ASCII byte.
        case ascii(UInt8)
        /// Zero-width characters and byte-order marks are dropped.
        case dropped
        /// Wide spaces (ideographic, no-break, the U+2002… spaces) are horizontal spaces.
        case space
        /// Everything else is kept as it is.
        case kept
    }

    /// The rule for the non-ASCII `scalar`.
    @inline(__always)
    static func rule(for scalar: UInt32) -> NonASCIIRule {
        if scalar >= 0xFF01 && scalar <= 0xFF5E { return .ascii(UInt8(truncatingIfNeeded: scalar &- 0xFEE0)) }
        switch scalar {
        case 0xFEFF, 0x200B, 0x200C, 0x200D, 0x2060, 0x00AD: return .dropped
        case 0x3000, 0x00A0, 0x2002...0x200A, 0x202F: return .space
        default: return .kept
        }
    }

    /// Applies ``rule(for:)`` to a non-ASCII scalar starting at `origin`; true when it is kept as it is: the caller
    /// then writes its UTF-8 bytes through ``emit(_:from:)``, any pending space dropped already.
    @inline(__always)
    mutating func nonASCII(_ scalar: UInt32, from origin: Int) -> Bool {
        switch Self.rule(for: scalar) {
        case .ascii(let byte):
            emitASCII(byte, from: origin)
            return false
        case .dropped:
            return false
        case .space:
            space(at: origin)
            return false
        case .kept:
            pendingSpaceAt = -1
            return true
        }
    }

    /// The ASCII step: applies the rules to the ASCII byte at `index` of `source` (and the ASCII after it that is
    /// kept as it is, a run at a time) and moves `index` past what it read.
    ///
    /// ASCII spaces and tabs are spaces, CR LF and CR become LF, form feeds become LF, a thousands separator
    /// (digit `,` three digits, then no digit) is dropped, everything else is kept. The look-aheads (CR LF, the
    /// digits after a comma) read `source` directly: ASCII is the same byte in UTF-8 and in GB18030, at the start
    /// of a character in both.
    ///
    /// - Parameters:
    ///   - originShift: what to add to an index of `source` to get its original offset (0 for UTF-8; for GB18030
    ///     the difference the multi-byte characters before it made, constant across ASCII).
    ///   - original: where the loop writes the original text (at the original offset), or nil when `source` is
    ///     the original.
    ///   - rejectingControls: whether a control character (``ControlCharacters``) stops the step.
    /// - Returns: false when it stopped at a control character (`index` then stays on it).
    @inline(__always)
    mutating func ascii(
        _ source: UnsafePointer<UInt8>,
        count sourceCount: Int,
        at index: inout Int,
        originShift: Int,
        original: UnsafeMutablePointer<UInt8>?,
        rejectingControls: Bool
    ) -> Bool {
        let lead = source[index]
        let origin = index &+ originShift
        original?[origin] = lead
        if TextNormalizer.isPlainASCII(lead) {
            // What ``emitASCII(_:from:)`` does before it writes; then this byte and the ASCII that follows and is
            // kept as is (letters, digits, punctuation but the comma, line feeds) are copied without going through
            // the rules: sixteen bytes at a time, then byte by byte near the end.
            if pendingSpaceAt >= 0 {
                if TextNormalizer.isAlphanumeric(lead), TextNormalizer.isAlphanumeric(last) {
                    emit(0x20, from: pendingSpaceAt)
                }
                pendingSpaceAt = -1
            }
            while index &+ 16 <= sourceCount {
                let length = plainBlock(source, at: index, originShift: originShift, original: original)
                index &+= length
                guard length == 16 else { return true }
            }
            while index < sourceCount {
                let byte = source[index]
                guard TextNormalizer.isPlainASCII(byte) else { break }
                original?[index &+ originShift] = byte
                emit(byte, from: index &+ originShift)
                index &+= 1
            }
            return true
        }
        if lead == 0x20 || lead == 0x09 {
            space(at: origin)
            // The rest of a run of spaces and tabs changes nothing but the original (tables align with runs).
            index &+= 1
            while index < sourceCount, source[index] == 0x20 || source[index] == 0x09 {
                original?[index &+ originShift] = source[index]
                index &+= 1
            }
            return true
        }
        guard
            unusualASCII(
                lead,
                source,
                count: sourceCount,
                at: index,
                origin: origin,
                rejectingControls: rejectingControls
            )
        else { return false }
        index &+= 1
        return true
    }

    /// The ASCII step for a carriage return, a form feed, a comma or a control character (rare: apart from the
    /// loop, so that the step inlines small): false when `rejectingControls` and `lead` is a control character.
    @inline(never)
    mutating func unusualASCII(
        _ lead: UInt8,
        _ source: UnsafePointer<UInt8>,
        count sourceCount: Int,
        at index: Int,
        origin: Int,
        rejectingControls: Bool
    ) -> Bool {
        switch lead {
        case 0x0D:
            // CR LF → LF (the CR is dropped, the LF read next); a lone CR → LF.
            if index &+ 1 < sourceCount && source[index &+ 1] == 0x0A { break }
            pendingSpaceAt = -1
            emit(0x0A, from: origin)
        case 0x0C:
            pendingSpaceAt = -1
            emit(0x0A, from: origin)
        case 0x2C:
            pendingSpaceAt = -1
            if TextNormalizer.isDigit(last), index &+ 3 < sourceCount, TextNormalizer.isDigit(source[index &+ 1]),
                TextNormalizer.isDigit(source[index &+ 2]), TextNormalizer.isDigit(source[index &+ 3]),
                index &+ 4 >= sourceCount || !TextNormalizer.isDigit(source[index &+ 4])
            {
                break
            }
            emit(lead, from: origin)
        default:
            if rejectingControls, ControlCharacters.isControl(lead) { return false }
            emitASCII(lead, from: origin)
        }
        return true
    }

    /// Copies the plain ASCII (``TextNormalizer/isPlainASCII(_:)``) at the start of the sixteen bytes at `index`
    /// of `source` and maps it; returns its length (0…16).
    ///
    /// The block is classified in one go (SSE2 compares on signed bytes, so that bytes ≥ 0x80 are below the
    /// space) and stored whole, with sixteen map entries, whatever its length: the bytes and entries past the
    /// plain ones are overwritten by what follows or lie past the end of the output. The output never runs ahead
    /// of the input (UTF-8), or of twice the input that the GB18030 loop's buffers hold, so sixteen bytes from
    /// here stay inside every buffer.
    @inline(__always)
    mutating func plainBlock(
        _ source: UnsafePointer<UInt8>,
        at index: Int,
        originShift: Int,
        original: UnsafeMutablePointer<UInt8>?
    ) -> Int {
        let block = UnsafeRawPointer(source).loadUnaligned(fromByteOffset: index, as: SIMD16<Int8>.self)
        let printable: SIMDMask<SIMD16<Int8>> =
            (block .> SIMD16<Int8>(repeating: 0x20)) .& (block .< SIMD16<Int8>(repeating: 0x7F))
            .& (block .!= SIMD16<Int8>(repeating: 0x2C))
        let plain: SIMDMask<SIMD16<Int8>> = printable .| (block .== SIMD16<Int8>(repeating: 0x0A))
        let lanes = unsafeBitCast(plain, to: SIMD2<UInt64>.self)
        let origin = index &+ originShift
        UnsafeMutableRawPointer(bytes).storeBytes(of: block, toByteOffset: count, as: SIMD16<Int8>.self)
        if let original {
            UnsafeMutableRawPointer(original).storeBytes(of: block, toByteOffset: origin, as: SIMD16<Int8>.self)
        }
        let map = UnsafeMutableRawPointer(offsets)
        let base = SIMD4<Int32>(repeating: Int32(truncatingIfNeeded: origin))
        map.storeBytes(of: base &+ SIMD4<Int32>(0, 1, 2, 3), toByteOffset: count &* 4, as: SIMD4<Int32>.self)
        map.storeBytes(of: base &+ SIMD4<Int32>(4, 5, 6, 7), toByteOffset: count &* 4 &+ 16, as: SIMD4<Int32>.self)
        map.storeBytes(of: base &+ SIMD4<Int32>(8, 9, 10, 11), toByteOffset: count &* 4 &+ 32, as: SIMD4<Int32>.self)
        map.storeBytes(
            of: base &+ SIMD4<Int32>(12, 13, 14, 15),
            toByteOffset: count &* 4 &+ 48,
            as: SIMD4<Int32>.self
        )
        // A lane is all ones where the byte is plain: the first zero bit's byte is the first other byte.
        let low = lanes[0]
        let length =
            low != .max ? (~low).trailingZeroBitCount &>> 3 : 8 &+ (~lanes[1]).trailingZeroBitCount &>> 3
        if length > 0 {
            count &+= length
            last = source[index &+ length &- 1]
        }
        return length
    }
}
