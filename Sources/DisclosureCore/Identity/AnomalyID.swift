/// An event's id: `anomaly:` and the 64 lowercase hex digits of a SHA-256 digest (``AnomalyIdHasher``), or any text
/// an event built by hand was given.
///
/// The engine's ids are kept as the digest's 32 bytes, four words, and spelled out only where they are written:
/// into the event's JSON (``write(into:)``, straight into the output), or as a `String` when one is asked for. A
/// `String` per event cost an allocation, its free, and a scan for escapes when it was written, about 600
/// instructions of a `parse.unrecognized` event's 4 K.
enum AnomalyID: Sendable {
    /// A digest: its bytes 8k..<8k+8 as the big-endian word k (the first byte in the high byte of the first word).
    case digest(UInt64, UInt64, UInt64, UInt64)
    /// Any text, kept as given.
    case text(String)

    /// `anomaly:`.
    private static let prefix: StaticString = "anomaly:"

    /// Bytes of a digest's spelling: `anomaly:` and 64 hex digits.
    static let digestUTF8Count = 72

    /// The id of a 32-byte SHA-256 `digest`.
    init(digest: UnsafeRawBufferPointer) {
        self = .digest(
            UInt64(bigEndian: digest.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
            UInt64(bigEndian: digest.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
            UInt64(bigEndian: digest.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
            UInt64(bigEndian: digest.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        )
    }

    /// The id as text (`anomaly:` + hex for a digest).
    var text: String {
        switch self {
        case .text(let text):
            return text
        case .digest:
            return String(unsafeUninitializedCapacity: AnomalyID.digestUTF8Count) { out in
                write(into: UnsafeMutableRawPointer(out.baseAddress!))
                return AnomalyID.digestUTF8Count
            }
        }
    }

    /// Writes a digest's spelling, ``digestUTF8Count`` bytes of ASCII (nothing JSON escapes), at `target`; does
    /// nothing for a ``text(_:)`` id.
    @inline(__always)
    func write(into target: UnsafeMutableRawPointer) {
        guard case .digest(let a, let b, let c, let d) = self else { return }
        // `anomaly:` is eight bytes: one word.
        target.storeBytes(
            of: UnsafeRawPointer(AnomalyID.prefix.utf8Start).loadUnaligned(as: UInt64.self),
            as: UInt64.self
        )
        AnomalyID.writeHex(a, into: target + 8)
        AnomalyID.writeHex(b, into: target + 24)
        AnomalyID.writeHex(c, into: target + 40)
        AnomalyID.writeHex(d, into: target + 56)
    }

    /// Stores the 16 lowercase hex digits of `word`, most significant first.
    @inline(__always)
    private static func writeHex(_ word: UInt64, into target: UnsafeMutableRawPointer) {
        target.storeBytes(of: hexDigits(UInt32(truncatingIfNeeded: word >> 32)).bigEndian, as: UInt64.self)
        target.storeBytes(of: hexDigits(UInt32(truncatingIfNeeded: word)).bigEndian, toByteOffset: 8, as: UInt64.self)
    }

    /// The eight lowercase hex digits of `value`, most significant first from the high byte down.
    @inline(__always)
    static func hexDigits(_ value: UInt32) -> UInt64 {
        // One nibble per byte: the high nibble of `value` in the high byte.
        var nibbles = UInt64(value)
        nibbles = (nibbles & 0xFFFF_0000) << 16 | (nibbles & 0x0000_FFFF)
        nibbles = (nibbles & 0x0000_FF00_0000_FF00) << 8 | (nibbles & 0x0000_00FF_0000_00FF)
        nibbles = (nibbles & 0x00F0_00F0_00F0_00F0) << 4 | (nibbles & 0x000F_000F_000F_000F)
        // 1 in each byte whose nibble is 10 or more (adding 6 carries into bit 4), which then moves from `0`+n to
        // `a`+n−10: 39 more.
        let letters = ((nibbles &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101
        return nibbles &+ 0x3030_3030_3030_3030 &+ letters &* 39
    }
}

extension AnomalyID: Equatable {
    /// Equal when spelled the same: a digest and the text of its spelling are the same id.
    static func == (lhs: AnomalyID, rhs: AnomalyID) -> Bool {
        switch (lhs, rhs) {
        case (.digest(let a0, let a1, let a2, let a3), .digest(let b0, let b1, let b2, let b3)):
            a0 == b0 && a1 == b1 && a2 == b2 && a3 == b3
        default:
            lhs.text == rhs.text
        }
    }
}
