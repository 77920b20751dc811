/// Computes the anomaly ids of one document: `anomaly:` + SHA-256 hex of `documentId \0 ruleId \0 subject`.
///
/// Every event of a document hashes the same prefix (`documentId \0`, 72 bytes for a `sha256:` id): its whole
/// blocks are compressed once per document here, and each event's hash resumes from a copy of that state.
struct AnomalyIdHasher {
    /// The hasher after `documentId \0`.
    private let prefix: SHA256

    /// Hashes the prefix of `documentId`'s events.
    init(documentId: String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(documentId.utf8.count + 1)
        bytes.append(contentsOf: documentId.utf8)
        bytes.append(0)
        var hasher = SHA256()
        hasher.update(bytes)
        prefix = hasher
    }

    /// The id of the event `ruleId` reports on `subject`.
    func id(ruleId: String, subject: String) -> String {
        var ruleId = ruleId
        var subject = subject
        // `ruleId \0 subject` joined on the stack and hashed from the prefix's state; the digest's hex written
        // straight into the id's storage: no array, no hasher buffer, no second string to join.
        return ruleId.withUTF8 { rule in
            subject.withUTF8 { subject in
                let count = rule.count + 1 + subject.count
                return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { message in
                    let raw = UnsafeMutableRawBufferPointer(message)
                    raw.copyMemory(from: UnsafeRawBufferPointer(rule))
                    raw[rule.count] = 0
                    UnsafeMutableRawBufferPointer(rebasing: raw[(rule.count + 1)...]).copyMemory(
                        from: UnsafeRawBufferPointer(subject)
                    )
                    var digest: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
                    withUnsafeMutableBytes(of: &digest) { digest in
                        prefix.digest(continuingWith: UnsafeBufferPointer(message), into: digest)
                    }
                    return withUnsafeBytes(of: digest) { AnomalyIdHasher.id(digest: $0) }
                }
            }
        }
    }

    /// `anomaly:` and the 64 hex digits of the 32-byte `digest`, written straight into the string's storage.
    private static func id(digest: UnsafeRawBufferPointer) -> String {
        let prefixBytes: StaticString = "anomaly:"
        let prefixCount = prefixBytes.utf8CodeUnitCount
        return String(unsafeUninitializedCapacity: prefixCount + 64) { out in
            let raw = UnsafeMutableRawBufferPointer(out)
            raw.copyMemory(from: UnsafeRawBufferPointer(start: prefixBytes.utf8Start, count: prefixCount))
            // Four digest bytes become eight hex digits at a time.
            for word in 0..<8 {
                let value = UInt32(bigEndian: digest.loadUnaligned(fromByteOffset: 4 * word, as: UInt32.self))
                raw.storeBytes(
                    of: AnomalyIdHasher.hexDigits(value).bigEndian,
                    toByteOffset: prefixCount + 8 * word,
                    as: UInt64.self
                )
            }
            return prefixCount + 64
        }
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
