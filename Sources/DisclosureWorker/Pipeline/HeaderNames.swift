/// Kafka header names of the contract (SPEC §2), spelled once.
public enum HeaderNames {
    /// The input's media type (`text/plain; charset=gb18030`, `application/vnd.disclosure.raw+json`, …).
    public static let contentType = "content-type"
    /// The URL the scraper fetched the document from.
    public static let sourceURL = "source-url"
    /// When the scraper fetched it (RFC 3339).
    public static let fetchedAt = "fetched-at"
    /// The document id the scraper assigned.
    public static let documentId = "document-id"
    /// W3C trace context, carried from an input to all of its outputs.
    public static let traceparent = "traceparent"
    /// W3C trace state, carried with `traceparent`.
    public static let tracestate = "tracestate"
    /// DLQ: the error class (`decode`, `too-large`, `not-a-disclosure`, `internal`).
    public static let errorClass = "error-class"
    /// DLQ: one line saying what went wrong.
    public static let errorMessage = "error-message"
    /// DLQ: the topic the input was read from.
    public static let sourceTopic = "source-topic"
    /// DLQ: its partition, in decimal.
    public static let sourcePartition = "source-partition"
    /// DLQ: its offset, in decimal.
    public static let sourceOffset = "source-offset"
    /// DLQ: how many attempts were made, in decimal.
    public static let attempts = "attempts"
    /// On a dead letter whose value the broker refused as too large: the size of the omitted value, in bytes.
    public static let valueOmitted = "dlq-value-omitted"
}

/// Media types the worker writes on its outputs.
public enum MediaTypes {
    /// The JSON envelope input form (SPEC §2).
    public static let rawEnvelope = "application/vnd.disclosure.raw+json"
    /// A normalized record (SPEC §4).
    public static let record = "application/json"
    /// An anomaly event (SPEC §5).
    public static let anomaly = "application/json"
}
