import ArgumentParser
import DisclosureWorker
import Foundation
import Logging

/// Options every Kafka subcommand shares: the configuration file, the two common flags, and `--set KEY=VALUE`.
///
/// Precedence (SPEC §7): flags > `DISCLOSURE_*` environment > `--config` file > defaults.
struct WorkerOptions: ParsableArguments {
    @Option(help: "YAML configuration file (see config/worker.yaml for every key).")
    var config: String?

    @Option(help: "Kafka bootstrap servers, comma-separated host:port (kafka.bootstrapServers).")
    var bootstrapServers: String?

    @Option(help: "Consumer group id (kafka.groupId).")
    var groupId: String?

    @Option(name: .customLong("set"), help: "Any configuration key, as KEY=VALUE (e.g. metrics.port=0); repeatable.")
    var settings: [String] = []

    /// The configuration, or a one-line error on stderr and exit code 2.
    func load() throws -> WorkerConfiguration {
        var flags: [(key: String, value: ConfigurationLoader.Value)] = []
        if let bootstrapServers {
            flags.append(("kafka.bootstrapServers", .init(text: bootstrapServers, origin: "flag --bootstrap-servers")))
        }
        if let groupId {
            flags.append(("kafka.groupId", .init(text: groupId, origin: "flag --group-id")))
        }
        for setting in settings {
            guard let equals = setting.firstIndex(of: "=") else {
                Console.error("configuration: --set \(setting): expected KEY=VALUE")
                throw ExitCode(2)
            }
            let key = String(setting[..<equals])
            let value = String(setting[setting.index(after: equals)...])
            flags.append((key, .init(text: value, origin: "flag --set")))
        }
        do {
            return try ConfigurationLoader().load(
                file: config,
                environment: ProcessInfo.processInfo.environment,
                flags: flags
            )
        } catch {
            Console.error("\(error)")
            throw ExitCode(2)
        }
    }
}

/// Writing to the terminal without the C globals (Swift 6 rejects `stdout`/`stderr` as shared mutable state).
enum Console {
    /// Writes one line to standard error, newlines inside flattened.
    static func error(_ message: String) {
        let line = "disclosure-worker: " + message.replacingOccurrences(of: "\n", with: " ") + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Writes bytes plus a newline to standard output.
    static func line(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes + [0x0A]))
    }

    /// Bootstraps logging for a client tool (`publish`, `tail`, `replay-dlq`): text, warnings and above only, so
    /// their standard error stays quiet unless something is wrong.
    static func bootstrapToolLogging() {
        var configuration = WorkerConfiguration.Log()
        configuration.level = "warning"
        configuration.format = .text
        bootstrapLogging(configuration)
    }

    /// Bootstraps logging from the configuration (JSON lines or text, on standard error, at the configured level).
    static func bootstrapLogging(_ configuration: WorkerConfiguration.Log) {
        let level = Logger.Level(rawValue: configuration.level) ?? .info
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                switch configuration.format {
                case .json: JSONLogHandler(label: label)
                case .text: StreamLogHandler.standardError(label: label)
                }
            handler.logLevel = level
            return handler
        }
    }
}
