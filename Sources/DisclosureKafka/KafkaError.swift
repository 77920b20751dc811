/// An error from librdkafka or from our use of it.
///
/// - Note: placeholder; the wrapper arrives in its own change.
public struct KafkaError: Error, Sendable, CustomStringConvertible {
    /// One line, for people.
    public var message: String

    /// Creates an error.
    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
