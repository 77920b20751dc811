/// Computes the anomaly ids of one document: `anomaly:` + SHA-256 hex of `documentId \0 ruleId \0 subject`.
///
/// Every event of a document hashes the same prefix (`documentId \0`, 72 bytes for a `sha256:` id): its whole
/// blocks are compressed once per document here, and each event's hash resumes from a copy of that state.
struct AnomalyIdHasher {
    /// The hasher after the whole 64-byte blocks of `documentId` (it buffers nothing).
    private let prefix: SHA256
    /// The rest of `documentId \0`: 1 to 64 bytes, kept here rather than in the hasher's buffer (an array: one
    /// allocation per document).
    private let tail: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    /// How many bytes of ``tail`` are the prefix's.
    private let tailCount: Int

    /// Hashes the prefix of `documentId`'s events.
    init(documentId: String) {
        var documentId = documentId
        var hasher = SHA256()
        var tail: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        tailCount = documentId.withUTF8 { bytes in
            let whole = bytes.count / 64 * 64
            hasher.update(UnsafeBufferPointer(rebasing: bytes[..<whole]))
            let rest = bytes.count - whole
            withUnsafeMutableBytes(of: &tail) { tail in
                if rest > 0 {
                    tail.copyMemory(from: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[whole...])))
                }
                // The terminator: the tuple starts zeroed.
            }
            return rest + 1
        }
        prefix = hasher
        self.tail = tail
    }

    /// The id of the event `ruleId` reports on `subject`, as text.
    func id(ruleId: String, subject: String) -> String {
        digest(ruleId: ruleId, subject: subject).text
    }

    /// The id of the event `ruleId` reports on `subject`: the digest, kept as four words (spelled out only where it
    /// is written).
    func digest(ruleId: String, subject: String) -> AnomalyID {
        var ruleId = ruleId
        var subject = subject
        let tailCount = tailCount
        // The prefix's tail, `ruleId \0 subject` joined on the stack and hashed from the prefix's state: no array, no
        // hasher buffer, no string made.
        return withUnsafeBytes(of: tail) { tail in
            ruleId.withUTF8 { rule in
                subject.withUTF8 { subject in
                    let count = tailCount + rule.count + 1 + subject.count
                    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { message in
                        let raw = UnsafeMutableRawBufferPointer(message)
                        raw.copyMemory(from: UnsafeRawBufferPointer(rebasing: tail[..<tailCount]))
                        UnsafeMutableRawBufferPointer(rebasing: raw[tailCount...]).copyMemory(
                            from: UnsafeRawBufferPointer(rule)
                        )
                        raw[tailCount + rule.count] = 0
                        UnsafeMutableRawBufferPointer(rebasing: raw[(tailCount + rule.count + 1)...]).copyMemory(
                            from: UnsafeRawBufferPointer(subject)
                        )
                        var digest: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
                        withUnsafeMutableBytes(of: &digest) { digest in
                            prefix.digest(continuingWith: UnsafeBufferPointer(message), into: digest)
                        }
                        return withUnsafeBytes(of: digest) { AnomalyID(digest: $0) }
                    }
                }
            }
        }
    }
}
