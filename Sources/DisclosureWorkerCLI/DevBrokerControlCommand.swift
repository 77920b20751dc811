import DisclosureKafka

/// One fault-injection command of the dev broker's control channel (`dev-broker --control`), one line each:
///
/// | line | effect (``KafkaMockCluster``) |
/// |---|---|
/// | `broker-down ID` | ``KafkaMockCluster/setBrokerDown(_:)`` |
/// | `broker-up ID` | ``KafkaMockCluster/setBrokerUp(_:)`` |
/// | `push-request-errors API COUNT ERR…` | the next COUNT requests of type API fail, with the ERRs in turn |
/// | `clear-request-errors API` | ``KafkaMockCluster/clearRequestErrors(_:)`` |
/// | `rtt ID MS` | every response of broker ID delayed by MS milliseconds |
/// | `partition-leader TOPIC PARTITION ID` | ``KafkaMockCluster/setPartitionLeader(topic:partition:broker:)`` |
/// | `group-coordinator GROUP ID` | ``KafkaMockCluster/setGroupCoordinator(_:broker:)`` |
///
/// API is an ApiKey name (`produce`, `fetch`, `offset-commit`, …) or number; ERR a librdkafka error name
/// (`NOT_LEADER_FOR_PARTITION`, `_TRANSPORT`) or number (the Kafka protocol's error codes are librdkafka's).
enum DevBrokerControlCommand: Equatable, Sendable {
    case brokerDown(Int32)
    case brokerUp(Int32)
    case pushRequestErrors(KafkaAPIKey, [KafkaError.Code])
    case clearRequestErrors(KafkaAPIKey)
    case roundTripTime(Int32, milliseconds: Int)
    case partitionLeader(topic: String, partition: Int32, broker: Int32)
    case groupCoordinator(group: String, broker: Int32)

    /// Request types by name (dashes, underscores and case ignored: `offset-commit`, `OffsetCommit`).
    static let apiKeys: [String: KafkaAPIKey] = [
        "produce": .produce, "fetch": .fetch, "listoffsets": .listOffsets, "metadata": .metadata,
        "offsetcommit": .offsetCommit, "offsetfetch": .offsetFetch, "findcoordinator": .findCoordinator,
        "joingroup": .joinGroup, "heartbeat": .heartbeat, "leavegroup": .leaveGroup, "syncgroup": .syncGroup,
        "initproducerid": .initProducerID,
    ]

    /// Parses one line; blank lines and `#` comments are not commands (`nil`).
    ///
    /// - Throws: ``DevBrokerControlError`` naming what is wrong with the line.
    static func parse(_ line: some StringProtocol) throws(DevBrokerControlError) -> DevBrokerControlCommand? {
        let words = String(line).split(whereSeparator: \.isWhitespace).map(String.init)
        guard let verb = words.first, !verb.hasPrefix("#") else { return nil }
        let arguments = Array(words.dropFirst())
        switch verb {
        case "broker-down", "broker-up":
            guard arguments.count == 1, let id = Int32(arguments[0]), id >= 1 else {
                throw DevBrokerControlError("usage: \(verb) BROKER-ID")
            }
            return verb == "broker-down" ? .brokerDown(id) : .brokerUp(id)
        case "push-request-errors":
            guard arguments.count >= 3, let count = Int(arguments[1]), count >= 1 else {
                throw DevBrokerControlError("usage: push-request-errors API COUNT ERROR [ERROR…]")
            }
            let api = try apiKey(arguments[0])
            let cycle = try arguments.dropFirst(2).map { (name: String) throws(DevBrokerControlError) in
                try errorCode(name)
            }
            return .pushRequestErrors(api, (0..<count).map { cycle[$0 % cycle.count] })
        case "clear-request-errors":
            guard arguments.count == 1 else { throw DevBrokerControlError("usage: clear-request-errors API") }
            return .clearRequestErrors(try apiKey(arguments[0]))
        case "rtt":
            guard arguments.count == 2, let id = Int32(arguments[0]), id >= 1, let ms = Int(arguments[1]), ms >= 0
            else { throw DevBrokerControlError("usage: rtt BROKER-ID MILLISECONDS") }
            return .roundTripTime(id, milliseconds: ms)
        case "partition-leader":
            guard arguments.count == 3, let partition = Int32(arguments[1]), partition >= 0,
                let id = Int32(arguments[2]), id >= 1
            else { throw DevBrokerControlError("usage: partition-leader TOPIC PARTITION BROKER-ID") }
            return .partitionLeader(topic: arguments[0], partition: partition, broker: id)
        case "group-coordinator":
            guard arguments.count == 2, let id = Int32(arguments[1]), id >= 1 else {
                throw DevBrokerControlError("usage: group-coordinator GROUP BROKER-ID")
            }
            return .groupCoordinator(group: arguments[0], broker: id)
        default:
            throw DevBrokerControlError(
                "unknown command \(verb) (broker-down, broker-up, push-request-errors, clear-request-errors, rtt, "
                    + "partition-leader, group-coordinator)"
            )
        }
    }

    /// Applies the command to `cluster`.
    ///
    /// - Throws: ``KafkaError`` (e.g. an unknown broker id).
    func apply(to cluster: KafkaMockCluster) throws {
        switch self {
        case .brokerDown(let id): try cluster.setBrokerDown(id)
        case .brokerUp(let id): try cluster.setBrokerUp(id)
        case .pushRequestErrors(let api, let errors): cluster.pushRequestErrors(api, errors)
        case .clearRequestErrors(let api): cluster.clearRequestErrors(api)
        case .roundTripTime(let id, let ms): try cluster.setRoundTripTime(.milliseconds(ms), broker: id)
        case .partitionLeader(let topic, let partition, let id):
            try cluster.setPartitionLeader(topic: topic, partition: partition, broker: id)
        case .groupCoordinator(let group, let id): try cluster.setGroupCoordinator(group, broker: id)
        }
    }

    private static func apiKey(_ word: String) throws(DevBrokerControlError) -> KafkaAPIKey {
        if let number = Int16(word), number >= 0 { return KafkaAPIKey(rawValue: number) }
        let folded = String(word.lowercased().filter { $0 != "-" && $0 != "_" })
        guard let key = apiKeys[folded] else {
            throw DevBrokerControlError("unknown API \(word) (\(apiKeys.keys.sorted().joined(separator: ", ")))")
        }
        return key
    }

    /// librdkafka's codes span −200…−1 (client-local) and 0…~120 (the Kafka protocol's).
    private static let errorCodesByName: [String: KafkaError.Code] = {
        var codes: [String: KafkaError.Code] = [:]
        for raw in Int32(-200)...Int32(200) {
            let code = KafkaError.Code(rawValue: raw)
            let name = code.name
            // librdkafka names an unknown code `ERR_<n>?`: keep real names only.
            if !name.isEmpty, !name.hasSuffix("?"), codes[name] == nil { codes[name] = code }
        }
        return codes
    }()

    private static func errorCode(_ word: String) throws(DevBrokerControlError) -> KafkaError.Code {
        if let number = Int32(word) { return KafkaError.Code(rawValue: number) }
        let name = word.uppercased().hasPrefix("ERR_") ? String(word.uppercased().dropFirst(4)) : word.uppercased()
        guard let code = errorCodesByName[name] else {
            throw DevBrokerControlError("unknown error \(word) (a librdkafka name such as NOT_LEADER_FOR_PARTITION)")
        }
        return code
    }
}

/// A control line that is not a valid command.
struct DevBrokerControlError: Error, CustomStringConvertible {
    /// What is wrong, one line.
    var message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}
