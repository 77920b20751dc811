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
///
/// The value is a range of a buffer that the outputs of one input share (``OutputPlanner`` writes the record and the
/// anomaly events into one buffer, ``DisclosureCore/OutputJSON``): no array per event is made, and the sink hands the
/// producer the buffer and the ranges. Equality compares the values' bytes, not where they are kept.
public struct OutboundMessage: Sendable, Equatable {
    /// The topic to publish to.
    public var topic: String
    /// The key (the document id; the input's key for a dead letter).
    public var key: [UInt8]?
    /// The headers, in order.
    public var headers: [MessageHeader]
    /// The buffer the value is a range of (the whole of it for a message made from its own value).
    public private(set) var valueBuffer: [UInt8]
    /// Where the value is in ``valueBuffer``.
    public private(set) var valueRange: Range<Int>

    /// Creates an output.
    public init(topic: String, key: [UInt8]?, value: [UInt8], headers: [MessageHeader] = []) {
        self.init(topic: topic, key: key, valueIn: value, range: value.indices, headers: headers)
    }

    /// Creates an output whose value is the bytes of `buffer` at `range` (inside it).
    public init(topic: String, key: [UInt8]?, valueIn buffer: [UInt8], range: Range<Int>, headers: [MessageHeader] = [])
    {
        precondition(range.lowerBound >= 0 && range.upperBound <= buffer.count, "the value is out of its buffer")
        self.topic = topic
        self.key = key
        self.headers = headers
        self.valueBuffer = buffer
        self.valueRange = range
    }

    /// The value (a copy when it is part of a larger buffer); setting it gives the message a buffer of its own.
    public var value: [UInt8] {
        get { valueRange == valueBuffer.indices ? valueBuffer : Array(valueBuffer[valueRange]) }
        set {
            valueBuffer = newValue
            valueRange = newValue.indices
        }
    }

    /// The value's size in bytes (without a copy).
    public var valueCount: Int { valueRange.count }

    /// Same topic, key, headers and value bytes.
    public static func == (lhs: OutboundMessage, rhs: OutboundMessage) -> Bool {
        lhs.topic == rhs.topic && lhs.key == rhs.key && lhs.headers == rhs.headers
            && lhs.valueBuffer[lhs.valueRange] == rhs.valueBuffer[rhs.valueRange]
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

    /// Hashes the partition number only; equality still compares the topic too.
    ///
    /// The supervisor and the metrics look a partition up about 15 times per input (lanes, ready set, acknowledged
    /// positions, turn waiters, backlog gauges), and hashing the topic name made each look-up hash its bytes. A
    /// worker reads one topic, so its partitions differ by number; partitions of several topics only share buckets.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(partition)
    }
}
