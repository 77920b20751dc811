import Crdkafka

/// Builds librdkafka configuration objects (`rd_kafka_conf_t`) from property lists.
enum RDKafkaConfig {
    /// Creates a configuration with every property set, in order.
    ///
    /// - Returns: an owned `rd_kafka_conf_t`; the caller passes it to `rd_kafka_new` (which takes it on success)
    ///   or destroys it.
    /// - Throws: ``KafkaError`` with librdkafka's message for the first invalid key or value.
    static func make(_ properties: [(key: String, value: String)]) throws -> OpaquePointer {
        let conf = rd_kafka_conf_new()!
        do {
            for (key, value) in properties {
                try set(conf, key: key, value: value)
            }
        } catch {
            rd_kafka_conf_destroy(conf)
            throw error
        }
        return conf
    }

    /// Checks properties without creating a client.
    static func validate(_ properties: [(key: String, value: String)]) throws {
        rd_kafka_conf_destroy(try make(properties))
    }

    /// Sets one property (`rd_kafka_conf_set`).
    ///
    /// - Throws: ``KafkaError`` (``KafkaError/Code/invalidArgument``) carrying librdkafka's message, with a secret
    ///   value replaced by `<redacted>` should librdkafka quote it.
    static func set(_ conf: OpaquePointer, key: String, value: String) throws {
        var buffer = [CChar](repeating: 0, count: 512)
        let result = rd_kafka_conf_set(conf, key, value, &buffer, buffer.count)
        guard result != RD_KAFKA_CONF_OK else { return }
        var message = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        if KafkaConfiguration.isSecret(key), !value.isEmpty {
            message = message.replacing(value, with: "<redacted>")
        }
        throw KafkaError(code: .invalidArgument, message: message, isRetriable: false)
    }
}
