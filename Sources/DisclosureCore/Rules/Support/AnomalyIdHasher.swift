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
        return "anomaly:" + hasher.finalizeHex()
    }
}
