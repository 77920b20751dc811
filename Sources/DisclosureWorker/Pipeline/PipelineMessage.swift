/// One Kafka header: a name and optional bytes.
public struct MessageHeader: Sendable, Equatable {
    /// The header's name.
    public var name: String
    /// The header's value (`nil` for a header without one).
    public var value: [UInt8]?

    /// Creates a header.
    public init(name: String, value: [UInt8]?) {
        self.name = name
        self.value = value
    }

    /// Creates a header with a UTF-8 string value.
    public init(name: String, string: String) {
        self.init(name: name, value: Array(string.utf8))
    }

    /// The value as UTF-8 text, when it is that.
    public var stringValue: String? {
        value.flatMap(Self.validUTF8)
    }

    /// `bytes` as text when they are valid UTF-8, else nil: what `String(validating:as:)` returns, without its
    /// generic validation (not specialized: its metadata was looked up at run time, ~0.3 µs per header read, three
    /// reads per input). Decoding repairs each invalid sequence into U+FFFD, so the text's bytes equal the input's
    /// exactly when nothing was repaired: at the first invalid sequence the input does not hold U+FFFD's bytes
    /// (they would be valid there).
    static func validUTF8(_ bytes: [UInt8]) -> String? {
        var text = String(decoding: bytes, as: UTF8.self)
        guard text.utf8.count == bytes.count else { return nil }
        let unchanged = text.withUTF8 { decoded in
            bytes.withUnsafeBufferPointer { decoded.elementsEqual($0) }
        }
        return unchanged ? text : nil
    }
}

/// An input as the pipeline sees it: where it came from and what it holds, copied out of the client's memory.
public struct InboundMessage: Sendable, Equatable {
    /// The topic it was read from.
    public var topic: String
    /// Its partition.
    public var partition: Int32
    /// Its offset in the partition.
    public var offset: Int64
    /// Its key, if any.
    public var key: [UInt8]?
    /// Its value (empty for a null value).
    public var value: [UInt8]
    /// Its headers, in order.
    public var headers: [MessageHeader]

    /// Creates an input.
    public init(
        topic: String,
        partition: Int32,
        offset: Int64,
        key: [UInt8]?,
        value: [UInt8],
        headers: [MessageHeader] = []
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// The first header named `name` (names compare case-insensitively, as HTTP-style headers do).
    public func header(_ name: String) -> MessageHeader? {
        headers.first { Self.headerName($0.name, lowercasedEquals: name) }
    }

    /// Whether `candidate.lowercased() == name`, without making the lowercased copy when both are ASCII (every
    /// header name in practice): four look-ups of two headers per input lowercased eight names.
    ///
    /// Byte by byte while both are ASCII: there lowercasing maps A-Z to a-z and nothing else, and `==` (canonical
    /// equivalence) is byte equality. A difference between two ASCII bytes, or one string ending first, decides
    /// it whatever follows (an ASCII byte is a starter no mark can combine across, and no character lowercases to
    /// nothing). At the first non-ASCII byte of either, the general comparison decides.
    static func headerName(_ candidate: String, lowercasedEquals name: String) -> Bool {
        var candidateBytes = candidate.utf8.makeIterator()
        var nameBytes = name.utf8.makeIterator()
        while true {
            let next = (candidateBytes.next(), nameBytes.next())
            guard let byte = next.0, let expected = next.1 else { return next.0 == nil && next.1 == nil }
            guard byte < 0x80, expected < 0x80 else { return candidate.lowercased() == name }
            let lowered = byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
            if lowered != expected { return false }
        }
    }
}

/// An output to publish: topic, key, value and headers.
public struct OutboundMessage: Sendable, Equatable {
    /// The topic to publish to.
    public var topic: String
    /// The key (the document id; the input's key for a dead letter).
    public var key: [UInt8]?
    /// The value.
    public var value: [UInt8]
    /// The headers, in order.
    public var headers: [MessageHeader]

    /// Creates an output.
    public init(topic: String, key: [UInt8]?, value: [UInt8], headers: [MessageHeader] = []) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
    }
}

/// A topic and partition.
public struct TopicPartition: Sendable, Hashable, CustomStringConvertible {
    /// The topic.
    public var topic: String
    /// The partition.
    public var partition: Int32

    /// Creates a topic-partition.
    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public var description: String { "\(topic)[\(partition)]" }
}
