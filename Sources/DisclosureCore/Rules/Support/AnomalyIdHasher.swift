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
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ruleId.utf8.count + subject.utf8.count + 1)
        bytes.append(contentsOf: ruleId.utf8)
        bytes.append(0)
        bytes.append(contentsOf: subject.utf8)
        var hasher = prefix
        hasher.update(bytes)
        let digest = hasher.finalize()
        // `anomaly:` and the 64 hex digits written straight into the string's storage: no second string to join.
        let prefixBytes: StaticString = "anomaly:"
        return String(unsafeUninitializedCapacity: prefixBytes.utf8CodeUnitCount + 2 * digest.count) { out in
            var index = 0
            prefixBytes.withUTF8Buffer { prefix in
                for byte in prefix {
                    out[index] = byte
                    index += 1
                }
            }
            for byte in digest {
                out[index] = AnomalyIdHasher.hexDigit(byte >> 4)
                out[index + 1] = AnomalyIdHasher.hexDigit(byte & 0x0F)
                index += 2
            }
            return index
        }
    }

    /// The lowercase hex digit of a value below 16.
    @inline(__always)
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") - 10 + value
    }
}
