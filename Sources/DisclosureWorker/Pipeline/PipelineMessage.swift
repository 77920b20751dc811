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
        value.flatMap { String(validating: $0, as: UTF8.self) }
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
        headers.first { $0.name.lowercased() == name }
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
