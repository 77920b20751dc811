/// An `OpaquePointer` to a librdkafka object that may cross threads.
///
/// - Important: `@unchecked Sendable` is safe because it is used only for objects librdkafka documents as
///   thread-safe (`rd_kafka_t`, `rd_kafka_queue_t`, `rd_kafka_mock_cluster_t`), and its owner keeps the object alive
///   while any copy is in use.
struct SendableOpaquePointer: @unchecked Sendable {
    /// The pointer.
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }
}
