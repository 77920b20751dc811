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

    /// The id of the event `ruleId` reports on `subject`, as text.
    func id(ruleId: String, subject: String) -> String {
        digest(ruleId: ruleId, subject: subject).text
    }

    /// The id of the event `ruleId` reports on `subject`: the digest, kept as four words (spelled out only where it
    /// is written).
    func digest(ruleId: String, subject: String) -> AnomalyID {
        var ruleId = ruleId
        var subject = subject
        // `ruleId \0 subject` joined on the stack and hashed from the prefix's state: no array, no hasher buffer,
        // no string made.
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
                    return withUnsafeBytes(of: digest) { AnomalyID(digest: $0) }
                }
            }
        }
    }
}
