/// Every configuration key, and how its text becomes a typed value in ``WorkerConfiguration``.
///
/// | key | type | default | range |
/// |---|---|---|---|
/// | `kafka.bootstrapServers` | host:port list | `localhost:9092` | non-empty |
/// | `kafka.groupId` | string | `disclosure-worker` | non-empty |
/// | `kafka.clientId` | string | `disclosure-worker` | non-empty |
/// | `kafka.sessionTimeoutMs` | integer ms | 45000 | 1000...3600000 |
/// | `kafka.autoOffsetReset` | `earliest`/`latest` | `earliest` | |
/// | `kafka.threadScheduling` | `normal`/`batch` | `normal` | |
/// | `kafka.properties.<name>` | string | none | any librdkafka property |
/// | `topics.raw` / `records` / `anomalies` / `dlq` | string | SPEC §2 names | non-empty |
/// | `concurrency.workers` | integer | 4 | 1...1024 |
/// | `concurrency.maxInFlightPerPartition` | integer | 256 | 1...100000 |
/// | `concurrency.maxUnacknowledgedPerPartition` | integer | 8 | 1...1024 |
/// | `concurrency.maxQueuedBytes` | integer bytes | 4194304 | 65536...1073741824 |
/// | `retry.maxAttempts` | integer | 5 | 1...100 |
/// | `retry.initialBackoffMs` | integer ms | 100 | 0...3600000 |
/// | `retry.maxBackoffMs` | integer ms | 10000 | 0...3600000 |
/// | `retry.multiplier` | number | 2 | 1...10 |
/// | `retry.jitter` | number | 0.2 | 0...1 |
/// | `limits.maxDocumentBytes` | integer bytes | 8388608 | 1...1073741824 |
/// | `shutdown.gracePeriodMs` | integer ms | 30000 | 0...3600000 |
/// | `metrics.enabled` | boolean | true | |
/// | `metrics.host` | string | `0.0.0.0` | non-empty |
/// | `metrics.port` | integer | 9464 | 0...65535 |
/// | `health.pollStallMs` | integer ms | 30000 | 100...3600000 |
/// | `health.processingStallMs` | integer ms | 120000 | 100...3600000 |
/// | `rules.file` | path | none | |
/// | `log.level` | swift-log level | `info` | trace...critical |
/// | `log.format` | `json`/`text` | `json` | |
public enum ConfigurationKeys {
    /// The prefix of librdkafka pass-through properties.
    public static let propertiesPrefix = "kafka.properties."

    /// Every fixed key path, in documentation order.
    public static let all: [String] = [
        "kafka.bootstrapServers", "kafka.groupId", "kafka.clientId", "kafka.sessionTimeoutMs",
        "kafka.autoOffsetReset", "kafka.threadScheduling",
        "topics.raw", "topics.records", "topics.anomalies", "topics.dlq",
        "concurrency.workers", "concurrency.maxInFlightPerPartition", "concurrency.maxUnacknowledgedPerPartition",
        "concurrency.maxQueuedBytes",
        "retry.maxAttempts", "retry.initialBackoffMs", "retry.maxBackoffMs", "retry.multiplier", "retry.jitter",
        "limits.maxDocumentBytes",
        "shutdown.gracePeriodMs",
        "metrics.enabled", "metrics.host", "metrics.port",
        "health.pollStallMs", "health.processingStallMs",
        "rules.file",
        "log.level", "log.format",
    ]

    private static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    /// Parses `value` as the type of `key` and stores it in `configuration`.
    ///
    /// - Throws: ``ConfigurationError`` for an unknown key or a value out of its type or range.
    public static func apply(
        key: String,
        value: ConfigurationLoader.Value,
        to configuration: inout WorkerConfiguration
    ) throws {
        let field = Field(key: key, value: value)
        switch key {
        case "kafka.bootstrapServers": configuration.kafka.bootstrapServers = try field.hostList()
        case "kafka.groupId": configuration.kafka.groupId = try field.nonEmpty()
        case "kafka.clientId": configuration.kafka.clientId = try field.nonEmpty()
        case "kafka.sessionTimeoutMs": configuration.kafka.sessionTimeoutMs = try field.integer(1000...3_600_000)
        case "kafka.autoOffsetReset": configuration.kafka.autoOffsetReset = try field.choice()
        case "kafka.threadScheduling": configuration.kafka.threadScheduling = try field.choice()
        case "topics.raw": configuration.topics.raw = try field.nonEmpty()
        case "topics.records": configuration.topics.records = try field.nonEmpty()
        case "topics.anomalies": configuration.topics.anomalies = try field.nonEmpty()
        case "topics.dlq": configuration.topics.dlq = try field.nonEmpty()
        case "concurrency.workers": configuration.concurrency.workers = try field.integer(1...1024)
        case "concurrency.maxInFlightPerPartition":
            configuration.concurrency.maxInFlightPerPartition = try field.integer(1...100_000)
        case "concurrency.maxUnacknowledgedPerPartition":
            configuration.concurrency.maxUnacknowledgedPerPartition = try field.integer(1...1024)
        case "concurrency.maxQueuedBytes":
            configuration.concurrency.maxQueuedBytes = try field.integer(65536...1_073_741_824)
        case "retry.maxAttempts": configuration.retry.maxAttempts = try field.integer(1...100)
        case "retry.initialBackoffMs": configuration.retry.initialBackoffMs = try field.integer(0...3_600_000)
        case "retry.maxBackoffMs": configuration.retry.maxBackoffMs = try field.integer(0...3_600_000)
        case "retry.multiplier": configuration.retry.multiplier = try field.number(1...10)
        case "retry.jitter": configuration.retry.jitter = try field.number(0...1)
        case "limits.maxDocumentBytes": configuration.limits.maxDocumentBytes = try field.integer(1...1_073_741_824)
        case "shutdown.gracePeriodMs": configuration.shutdown.gracePeriodMs = try field.integer(0...3_600_000)
        case "metrics.enabled": configuration.metrics.enabled = try field.boolean()
        case "metrics.host": configuration.metrics.host = try field.nonEmpty()
        case "metrics.port": configuration.metrics.port = try field.integer(0...65535)
        case "health.pollStallMs": configuration.health.pollStallMs = try field.integer(100...3_600_000)
        case "health.processingStallMs": configuration.health.processingStallMs = try field.integer(100...3_600_000)
        case "rules.file": configuration.rules.file = try field.nonEmpty()
        case "log.level":
            let level = try field.nonEmpty().lowercased()
            guard logLevels.contains(level) else {
                throw field.error("expected one of \(logLevels.joined(separator: ", "))")
            }
            configuration.log.level = level
        case "log.format": configuration.log.format = try field.choice()
        default:
            guard key.hasPrefix(propertiesPrefix), key.count > propertiesPrefix.count else {
                throw ConfigurationError(key: key, origin: value.origin, message: "unknown key")
            }
            configuration.kafka.properties[String(key.dropFirst(propertiesPrefix.count))] = value.text
        }
    }

    /// One value being parsed, for its error messages.
    private struct Field {
        var key: String
        var value: ConfigurationLoader.Value

        var text: String { value.text.trimmingWhitespace() }

        func error(_ message: String) -> ConfigurationError {
            ConfigurationError(key: key, origin: value.origin, message: "\"\(value.text)\" " + message)
        }

        func nonEmpty() throws -> String {
            guard !text.isEmpty else { throw error("is empty") }
            return text
        }

        func integer(_ range: ClosedRange<Int>) throws -> Int {
            guard let number = Int(text), range.contains(number) else {
                throw error("is not an integer in \(range.lowerBound)...\(range.upperBound)")
            }
            return number
        }

        func number(_ range: ClosedRange<Double>) throws -> Double {
            guard let number = Double(text), number.isFinite, range.contains(number) else {
                throw error("is not a number in \(range.lowerBound)...\(range.upperBound)")
            }
            return number
        }

        func boolean() throws -> Bool {
            switch text.lowercased() {
            case "true", "yes", "on", "1": return true
            case "false", "no", "off", "0": return false
            default: throw error("is not a boolean (true or false)")
            }
        }

        func choice<Choice: RawRepresentable & CaseIterable>() throws -> Choice where Choice.RawValue == String {
            guard let choice = Choice(rawValue: text.lowercased()) else {
                throw error("is not one of \(Choice.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return choice
        }

        /// A comma-separated `host:port` list, each port in 1...65535.
        func hostList() throws -> String {
            let entries = text.split(separator: ",").map { String($0).trimmingWhitespace() }
            guard !entries.isEmpty else { throw error("is empty") }
            for entry in entries {
                guard let colon = entry.lastIndex(of: ":"), colon != entry.startIndex,
                    let port = Int(entry[entry.index(after: colon)...]), (1...65535).contains(port)
                else { throw error("is not a comma-separated host:port list") }
            }
            return entries.joined(separator: ",")
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    fileprivate func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
