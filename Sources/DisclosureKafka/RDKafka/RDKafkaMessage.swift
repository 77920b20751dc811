import Crdkafka

/// Copies librdkafka messages (`rd_kafka_message_t`) into Swift values.
enum RDKafkaMessage {
    /// Copies a consumed message's topic, partition, offset, key, value, headers and timestamp.
    ///
    /// - Important: the pointer is only read here; the caller still owns (and destroys) the message.
    static func copy(_ message: UnsafePointer<rd_kafka_message_t>) -> KafkaMessage {
        let raw = message.pointee
        let topic = raw.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        let key = raw.key.map { Array(UnsafeRawBufferPointer(start: $0, count: raw.key_len)) }
        let value = raw.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: raw.len)) }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(message, &timestampType)
        return KafkaMessage(
            topic: topic,
            partition: raw.partition,
            offset: raw.offset,
            key: key,
            value: value,
            headers: headers(message),
            timestampMilliseconds: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp
        )
    }

    /// Copies a message's headers, in order.
    static func headers(_ message: UnsafePointer<rd_kafka_message_t>) -> [KafkaHeader] {
        var headers: OpaquePointer?
        // rd_kafka_message_headers parses lazily and keeps ownership of the list.
        guard rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR, let headers else {
            return []
        }
        var result: [KafkaHeader] = []
        result.reserveCapacity(rd_kafka_header_cnt(headers))
        var index = 0
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while rd_kafka_header_get_all(headers, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) }
            result.append(KafkaHeader(key: name.map { String(cString: $0) } ?? "", value: bytes))
            index += 1
        }
        return result
    }
}
