import ArgumentParser

/// `disclosure-worker`: the service and its tools (SPEC §7).
@main
struct DisclosureWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disclosure-worker",
        abstract: "Turns Chinese public-budget disclosures into checked, structured data, over Kafka.",
        subcommands: [
            ParseCommand.self, RunCommand.self, DevBrokerCommand.self, PublishCommand.self, TailCommand.self,
            ReplayDLQCommand.self,
        ]
    )
}
