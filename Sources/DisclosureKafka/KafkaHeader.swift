/// One Kafka record header: a name and optional bytes. A record may carry the same name more than once.
public struct KafkaHeader: Hashable, Sendable {
    /// The header's name.
    public var key: String
    /// The header's bytes; nil for a header with a null value.
    public var value: [UInt8]?

    /// Creates a header with raw bytes.
    public init(key: String, value: [UInt8]?) {
        self.key = key
        self.value = value
    }

    /// Creates a header with a UTF-8 string value.
    public init(key: String, string: String) {
        self.init(key: key, value: Array(string.utf8))
    }
}

extension Array where Element == KafkaHeader {
    /// The value of the last header named `key` (Kafka's convention for repeated names); nil when absent.
    public func value(forKey key: String) -> [UInt8]? {
        last { $0.key == key }?.value ?? nil
    }
}
