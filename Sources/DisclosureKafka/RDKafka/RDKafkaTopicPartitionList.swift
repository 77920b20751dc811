import Crdkafka

/// Conversions between Swift topic-partitions and `rd_kafka_topic_partition_list_t`.
enum RDKafkaTopicPartitionList {
    /// Builds a list, lends it to `body`, destroys it.
    ///
    /// - Important: the pointer must not escape `body`.
    static func with<T>(
        _ partitions: [KafkaTopicPartitionOffset],
        _ body: (UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) throws -> T
    ) rethrows -> T {
        let list = rd_kafka_topic_partition_list_new(Int32(clamping: partitions.count))!
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for entry in partitions {
            let element = rd_kafka_topic_partition_list_add(list, entry.topic, entry.partition)!
            element.pointee.offset = entry.offset
        }
        return try body(list)
    }

    /// Builds a list of partitions with an invalid offset, lends it to `body`, destroys it.
    static func with<T>(
        _ partitions: [KafkaTopicPartition],
        _ body: (UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) throws -> T
    ) rethrows -> T {
        try with(partitions.map { KafkaTopicPartitionOffset($0, offset: crdkafka_offset_invalid) }, body)
    }

    /// Copies a list's entries out, with each entry's error (`.err`).
    static func entries(
        _ list: UnsafePointer<rd_kafka_topic_partition_list_t>
    ) -> [(position: KafkaTopicPartitionOffset, error: KafkaError?)] {
        var result: [(position: KafkaTopicPartitionOffset, error: KafkaError?)] = []
        result.reserveCapacity(Int(list.pointee.cnt))
        for index in 0..<Int(list.pointee.cnt) {
            let element = list.pointee.elems[index]
            let position = KafkaTopicPartitionOffset(
                topic: String(cString: element.topic),
                partition: element.partition,
                offset: element.offset
            )
            let error = element.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError.rdKafka(element.err)
            result.append((position, error))
        }
        return result
    }

    /// The first per-partition error in a list, if any.
    ///
    /// Reads the `.err` fields in place: the worker stores an offset for every input it finishes, and copying every
    /// entry out (a `String` per topic name) only to find no error cost an allocation per input.
    static func firstError(_ list: UnsafePointer<rd_kafka_topic_partition_list_t>) -> KafkaError? {
        for index in 0..<Int(list.pointee.cnt) {
            let code = list.pointee.elems[index].err
            if code != RD_KAFKA_RESP_ERR_NO_ERROR { return KafkaError.rdKafka(code) }
        }
        return nil
    }
}
