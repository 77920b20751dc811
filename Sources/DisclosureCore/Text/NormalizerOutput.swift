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
        switch lead {
        case 0x20, 0x09:
            space(at: origin)
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
            index &+= 1
            // The ASCII that follows and is kept as is (letters, digits, punctuation but the comma, line feeds),
            // copied without going through the cases above.
            while index < sourceCount {
                let byte = source[index]
                guard TextNormalizer.isPlainASCII(byte) else { break }
                original?[index &+ originShift] = byte
                emit(byte, from: index &+ originShift)
                index &+= 1
            }
            return true
        }
        index &+= 1
        return true
    }
}
