import DisclosureKafka
import Testing

/// A consumer whose configuration librdkafka rejects fails with a thrown ``KafkaError``, never a crash: the consumer
/// owns dispatch sources, and releasing one that was never activated traps (it did, with SIGILL).
@Suite struct KafkaConsumerInitTests {
    @Test func rejectedAtCreationThrows() {
        // SASL_SSL without credentials passes the property checks but fails in `rd_kafka_new`.
        var configuration = KafkaConfiguration(bootstrapServers: ["127.0.0.1:1"], groupID: "g")
        configuration.additionalProperties = ["security.protocol": "SASL_SSL", "sasl.mechanisms": "SCRAM-SHA-512"]
        let error = #expect(throws: KafkaError.self) {
            try KafkaConsumer(configuration: configuration, logger: KafkaTestSupport.logger())
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("sasl") == true, "\(String(describing: error))")
    }

    @Test func rejectedPropertyThrows() {
        var configuration = KafkaConfiguration(bootstrapServers: ["127.0.0.1:1"], groupID: "g")
        configuration.additionalProperties = ["no.such.property": "1"]
        #expect(throws: KafkaError.self) {
            try KafkaConsumer(configuration: configuration, logger: KafkaTestSupport.logger())
        }
    }

    @Test func rejectedRepeatedlyNeverCrashes() {
        var configuration = KafkaConfiguration(bootstrapServers: ["127.0.0.1:1"], groupID: "g")
        configuration.additionalProperties = ["security.protocol": "SASL_PLAINTEXT", "sasl.mechanisms": "PLAIN"]
        var failures = 0
        for _ in 0..<20 {
            do {
                _ = try KafkaConsumer(configuration: configuration, logger: KafkaTestSupport.logger())
            } catch {
                failures += 1
            }
        }
        #expect(failures == 20)
    }
}
