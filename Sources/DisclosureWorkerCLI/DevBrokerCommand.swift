import ArgumentParser
import DisclosureKafka
import Foundation

/// `disclosure-worker dev-broker [--port N] [--partitions N]`: librdkafka's mock cluster as a standalone
/// development broker, with the pipeline's topics created (SPEC §7).
///
/// The first line on stdout is `bootstrap=HOST:PORT`; it runs until SIGTERM or SIGINT, then exits 0. Data lives in
/// memory only and is gone when it stops. With `--control`, stdin takes fault-injection commands
/// (``DevBrokerControlCommand``): what `scripts/reliability` uses to take the broker down and inject errors.
struct DevBrokerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev-broker",
        abstract: "Run an in-memory development Kafka broker (librdkafka's mock cluster) with the pipeline's topics."
    )

    /// The pipeline's topics (SPEC §2 defaults).
    static let pipelineTopics = ["disclosures.raw", "disclosures.records", "disclosures.anomalies", "disclosures.dlq"]

    @Option(
        help: ArgumentHelp(
            "Port for the bootstrap address (default: a free port chosen by the system).",
            discussion: """
                librdkafka 2.0.2's mock cluster cannot listen on a chosen port, so this port forwards to broker 1: \
                enough to bootstrap; clients then connect to the brokers' own (random) localhost ports.
                """
        )
    )
    var port: Int?

    @Option(help: "Partitions per topic.")
    var partitions: Int = 4

    @Option(help: "Number of brokers.")
    var brokers: Int = 1

    @Option(name: .customLong("topic"), help: "An extra topic to create (repeatable).")
    var extraTopics: [String] = []

    @Flag(
        help: ArgumentHelp(
            "Read fault-injection commands from stdin, one per line; answer each on stdout.",
            discussion: """
                broker-down ID, broker-up ID, push-request-errors API COUNT ERROR…, clear-request-errors API, \
                rtt ID MS, partition-leader TOPIC PARTITION ID, group-coordinator GROUP ID. API: produce, fetch, \
                offset-commit, … or the ApiKey number; ERROR: a librdkafka name (NOT_LEADER_FOR_PARTITION, \
                MSG_SIZE_TOO_LARGE) or number. Each line gets one answer, `ok LINE` or `error: WHY`. End of input \
                ends the channel, not the broker.
                """
        )
    )
    var control = false

    func validate() throws {
        guard partitions >= 1 else { throw ValidationError("--partitions must be at least 1") }
        guard brokers >= 1 else { throw ValidationError("--brokers must be at least 1") }
        if let port, !(1...65_535 ~= port) { throw ValidationError("--port must be 1…65535") }
    }

    func run() throws {
        // Signals are handled by a dispatch source, not by the default action (which would kill us mid-write).
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        let stop = DispatchSemaphore(value: 0)
        let signalQueue = DispatchQueue(label: "dev-broker-signals")
        let sources = [SIGTERM, SIGINT].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: signalQueue)
            source.setEventHandler { stop.signal() }
            source.activate()
            return source
        }

        let cluster = try KafkaMockCluster(brokers: brokers)
        for topic in Self.pipelineTopics + extraTopics {
            try cluster.createTopic(topic, partitions: partitions, replicationFactor: 1)
        }
        var bootstrap = brokers == 1 ? cluster.address(ofBroker: 1) : cluster.bootstrapServers
        var forwarder: DevBrokerForwarder?
        if let port {
            // The mock cluster cannot listen on a chosen port (librdkafka 2.0.2): forward it to broker 1, which is
            // all a client needs to bootstrap (metadata then names the brokers' own addresses).
            let brokerPort = Int(cluster.address(ofBroker: 1).split(separator: ":").last ?? "") ?? 0
            do {
                forwarder = try DevBrokerForwarder(port: port, targetPort: brokerPort)
            } catch {
                DevBrokerCommand.printError("dev-broker: \(error)")
                throw ExitCode(1)
            }
            forwarder?.start()
            bootstrap = "127.0.0.1:\(port)"
        }
        print("bootstrap=\(bootstrap)")
        // The contract is the first stdout line: make it visible at once, even through a pipe.
        fflush(nil)
        DevBrokerCommand.printError(
            "dev-broker: \(brokers) broker(s), topics \((Self.pipelineTopics + extraTopics).joined(separator: ", ")) "
                + "with \(partitions) partition(s); stop with SIGTERM or SIGINT"
        )
        if control { Self.startControlChannel(cluster) }
        stop.wait()
        for source in sources { source.cancel() }
        withExtendedLifetime((cluster, forwarder)) {}
        DevBrokerCommand.printError("dev-broker: stopped")
    }

    /// Reads commands from stdin on a thread of its own until end of input, answering each on stdout.
    private static func startControlChannel(_ cluster: KafkaMockCluster) {
        let thread = Thread {
            while let line = readLine() {
                let answer: String
                do {
                    guard let command = try DevBrokerControlCommand.parse(line) else { continue }
                    try command.apply(to: cluster)
                    answer = "ok \(line.trimmingCharacters(in: .whitespaces))"
                } catch {
                    answer = "error: \(error)"
                }
                print(answer)
                fflush(nil)
            }
        }
        thread.name = "dev-broker-control"
        thread.start()
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
