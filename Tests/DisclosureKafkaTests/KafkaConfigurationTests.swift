import DisclosureKafka
import Testing

/// Configuration: defaults, librdkafka's own validation messages, secrets kept out of descriptions.
/// Creates no librdkafka instance (no threads), so it also runs under ThreadSanitizer.
@Suite struct KafkaConfigurationTests {
    static func value(_ key: String, in properties: [(key: String, value: String)]) -> String? {
        properties.last { $0.key == key }?.value
    }

    @Test func consumerDefaultsFitAWorker() throws {
        let configuration = KafkaConfiguration(bootstrapServers: ["a:9092", "b:9092"], groupID: "g")
        let properties = configuration.properties(for: .consumer)
        #expect(Self.value("bootstrap.servers", in: properties) == "a:9092,b:9092")
        #expect(Self.value("group.id", in: properties) == "g")
        #expect(Self.value("enable.auto.offset.store", in: properties) == "false")
        #expect(Self.value("enable.auto.commit", in: properties) == "false")
        #expect(Self.value("partition.assignment.strategy", in: properties) == "cooperative-sticky")
        #expect(Self.value("auto.offset.reset", in: properties) == "earliest")
        #expect(Self.value("enable.idempotence", in: properties) == nil)
        #expect(Self.value("socket.nagle.disable", in: properties) == "true")
        try configuration.validate(for: .consumer)
    }

    @Test func producerDefaultsAreIdempotent() throws {
        var configuration = KafkaConfiguration(bootstrapServers: ["a:9092"])
        configuration.linger = .milliseconds(20)
        configuration.compression = .lz4
        let properties = configuration.properties(for: .producer)
        #expect(Self.value("enable.idempotence", in: properties) == "true")
        #expect(Self.value("acks", in: properties) == "all")
        #expect(Self.value("linger.ms", in: properties) == "20")
        #expect(Self.value("compression.codec", in: properties) == "lz4")
        #expect(Self.value("group.id", in: properties) == nil)
        #expect(Self.value("socket.nagle.disable", in: properties) == "true")
        try configuration.validate(for: .producer)
    }

    @Test func nagleCanBeTurnedBackOnTypedOrRaw() {
        var configuration = KafkaConfiguration(bootstrapServers: ["a:9092"])
        configuration.disableNagle = false
        #expect(Self.value("socket.nagle.disable", in: configuration.properties(for: .producer)) == "false")
        configuration.disableNagle = true
        configuration.additionalProperties = ["socket.nagle.disable": "false"]
        #expect(Self.value("socket.nagle.disable", in: configuration.properties(for: .consumer)) == "false")
    }

    @Test func passthroughOverridesTypedFieldsButNeverTheOffsetStore() {
        var configuration = KafkaConfiguration(bootstrapServers: ["a:9092"], groupID: "g")
        configuration.additionalProperties = ["auto.offset.reset": "latest", "enable.auto.offset.store": "true"]
        let properties = configuration.properties(for: .consumer)
        #expect(Self.value("auto.offset.reset", in: properties) == "latest")
        #expect(Self.value("enable.auto.offset.store", in: properties) == "false")
    }

    @Test func unknownKeyIsRejectedWithLibrdkafkasMessage() {
        var configuration = KafkaConfiguration(bootstrapServers: ["a:9092"])
        configuration.additionalProperties = ["no.such.property": "1"]
        let error = #expect(throws: KafkaError.self) { try configuration.validate(for: .producer) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("No such configuration property") == true)
        #expect(error?.message.contains("no.such.property") == true)
    }

    @Test func invalidValueIsRejectedWithLibrdkafkasMessage() {
        var configuration = KafkaConfiguration(bootstrapServers: ["a:9092"])
        configuration.additionalProperties = ["compression.codec": "brotli"]
        let error = #expect(throws: KafkaError.self) { try configuration.validate(for: .producer) }
        #expect(error?.message.contains("compression.codec") == true, "\(String(describing: error))")
        #expect(throws: KafkaError.self) {
            try KafkaProducer(configuration: configuration, logger: KafkaTestSupport.logger())
        }
    }

    @Test func secretsNeverAppearInDescriptionsOrErrors() {
        let secret = "s3cr3t-Pa55"
        var configuration = KafkaConfiguration(
            bootstrapServers: ["a:9093"],
            groupID: "g",
            security: .init(
                securityProtocol: .saslSSL,
                sasl: .init(mechanism: "SCRAM-SHA-512", username: "worker", password: secret),
                tls: .init(keyPassword: secret)
            )
        )
        configuration.additionalProperties = ["sasl.oauthbearer.client.secret": secret]
        #expect(!configuration.description.contains(secret))
        #expect(configuration.description.contains("sasl.username=worker"))
        #expect(configuration.description.contains("sasl.password=<redacted>"))
        #expect(!"\(configuration)".contains(secret))

    }

    @Test func errorCodesCarryLibrdkafkasNamesAndClassification() {
        #expect(KafkaError.Code.queueFull.name == "_QUEUE_FULL")
        #expect(KafkaError.Code.queueFull.isRetriable)
        #expect(KafkaError.Code.requestTimedOut.name == "REQUEST_TIMED_OUT")
        #expect(KafkaError.Code.requestTimedOut.isRetriable)
        #expect(!KafkaError.Code.topicAuthorizationFailed.isRetriable)
        #expect(!KafkaError.Code.messageSizeTooLarge.isRetriable)
        let fatal = KafkaError(code: .fatal)
        #expect(fatal.isFatal)
        #expect(!fatal.isRetriable)
        #expect(!fatal.txnRequiresAbort)
    }
}
