import Foundation
import Yams

/// Reads a ``WorkerConfiguration`` from its sources: defaults < YAML file < environment < command-line flags.
///
/// Every source is first turned into key paths with string values (`kafka.bootstrapServers` → `"a:9092,b:9092"`),
/// each remembering its origin; the values are then applied in precedence order and parsed by the key's type, so
/// a bad value fails with one line naming the key and its origin (``ConfigurationError``). Unknown keys in the
/// file or in flags are errors too (a typo must not be silently ignored); the environment is only read for known
/// keys and for `DISCLOSURE_KAFKA_PROPERTIES_*`.
public struct ConfigurationLoader: Sendable {
    /// One value with where it came from.
    public struct Value: Sendable, Equatable {
        /// The value as text.
        public var text: String
        /// Where it came from, for error messages.
        public var origin: String

        /// Creates a value.
        public init(text: String, origin: String) {
            self.text = text
            self.origin = origin
        }
    }

    /// The environment variable prefix.
    public static let environmentPrefix = "DISCLOSURE_"

    /// Creates a loader.
    public init() {}

    /// Loads the configuration.
    ///
    /// - Parameters:
    ///   - file: a YAML file, or `nil` for none.
    ///   - environment: the process environment (pass `ProcessInfo.processInfo.environment`).
    ///   - flags: key paths set on the command line, in order (later wins), with the flag that set each.
    /// - Returns: the configuration.
    /// - Throws: ``ConfigurationError`` naming the first bad key.
    public func load(
        file: String?,
        environment: [String: String],
        flags: [(key: String, value: Value)] = []
    ) throws -> WorkerConfiguration {
        var layers: [(key: String, value: Value)] = []
        if let file {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw ConfigurationError(key: file, origin: "--config", message: "cannot read the file")
            }
            layers += try Self.values(fromYAML: text, origin: file)
        }
        layers += Self.values(fromEnvironment: environment)
        layers += flags
        var configuration = WorkerConfiguration()
        for (key, value) in layers {
            try ConfigurationKeys.apply(key: key, value: value, to: &configuration)
        }
        return configuration
    }

    /// Flattens a YAML document into key paths: nested mappings join their keys with `.`, sequences of scalars
    /// join with `,`, null values are skipped (the default stays).
    ///
    /// - Throws: ``ConfigurationError`` for text that is not YAML or a shape no key has.
    public static func values(fromYAML text: String, origin: String) throws -> [(key: String, value: Value)] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            let reason = String(describing: error).split(separator: "\n").first.map(String.init) ?? "invalid YAML"
            throw ConfigurationError(key: origin, origin: "file", message: "not YAML: \(reason)")
        }
        guard let root else { return [] }
        guard let mapping = root.mapping else {
            throw ConfigurationError(key: "(top level)", origin: origin, message: "expected a mapping of keys")
        }
        var result: [(key: String, value: Value)] = []
        try flatten(mapping, prefix: "", origin: origin, into: &result)
        return result
    }

    private static func flatten(
        _ mapping: Node.Mapping,
        prefix: String,
        origin: String,
        into result: inout [(key: String, value: Value)]
    ) throws {
        for (keyNode, valueNode) in mapping {
            guard let name = keyNode.scalar?.string else {
                throw ConfigurationError(key: prefix + "?", origin: origin, message: "keys must be plain names")
            }
            let key = prefix + name
            if let nested = valueNode.mapping {
                try flatten(nested, prefix: key + ".", origin: origin, into: &result)
            } else if let sequence = valueNode.sequence {
                let items = try sequence.map { item in
                    guard let text = item.scalar?.string else {
                        throw ConfigurationError(key: key, origin: origin, message: "expected a list of plain values")
                    }
                    return text
                }
                result.append((key, Value(text: items.joined(separator: ","), origin: origin)))
            } else if valueNode.null != nil {
                continue
            } else if let scalar = valueNode.scalar {
                result.append((key, Value(text: scalar.string, origin: origin)))
            } else {
                throw ConfigurationError(key: key, origin: origin, message: "unsupported YAML value")
            }
        }
    }

    /// The environment's values for known keys (`DISCLOSURE_` + upper snake case of the key path) and librdkafka
    /// pass-through properties (`DISCLOSURE_KAFKA_PROPERTIES_SESSION_TIMEOUT_MS` → `session.timeout.ms`).
    public static func values(fromEnvironment environment: [String: String]) -> [(key: String, value: Value)] {
        var result: [(key: String, value: Value)] = []
        for key in ConfigurationKeys.all {
            let name = environmentName(forKey: key)
            if let text = environment[name] {
                result.append((key, Value(text: text, origin: "environment \(name)")))
            }
        }
        let propertiesPrefix = environmentPrefix + "KAFKA_PROPERTIES_"
        for name in environment.keys.sorted() where name.hasPrefix(propertiesPrefix) {
            let property = name.dropFirst(propertiesPrefix.count).lowercased().replacingOccurrences(of: "_", with: ".")
            guard !property.isEmpty, let text = environment[name] else { continue }
            result.append(
                (ConfigurationKeys.propertiesPrefix + property, Value(text: text, origin: "environment \(name)"))
            )
        }
        return result
    }

    /// `DISCLOSURE_` + the key path in upper snake case: `kafka.bootstrapServers` → `DISCLOSURE_KAFKA_BOOTSTRAP_SERVERS`.
    public static func environmentName(forKey key: String) -> String {
        var name = environmentPrefix
        var previousWasLower = false
        for scalar in key.unicodeScalars {
            if scalar == "." {
                name += "_"
                previousWasLower = false
            } else if scalar.properties.isUppercase {
                if previousWasLower { name += "_" }
                name.unicodeScalars.append(scalar)
                previousWasLower = false
            } else {
                name += String(scalar).uppercased()
                previousWasLower = scalar.properties.isLowercase || ("0"..."9").contains(scalar)
            }
        }
        return name
    }
}
