import ArgumentParser
import DisclosureCore
import Foundation

/// `disclosure-worker parse [FILE…|-]`: one JSON line per input on stdout (SPEC §7).
///
/// Exit 0 when every input was processed (anomalies are not failures); exit 1 with a one-line message on stderr
/// per input that could not be read or decoded, after processing the others.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse and validate documents; print {\"record\", \"anomalies\"} per input as JSON lines."
    )

    @Argument(help: "Documents to parse (text, HTML; UTF-8 or GB18030). '-' or none reads standard input.")
    var files: [String] = []

    @Option(help: "Content type to assume (text/plain, text/html, application/pdf); detected when omitted.")
    var contentType: String?

    @Option(help: "Rules file (config/rules.yaml format); the built-in defaults when omitted.")
    var rules: String?

    func run() throws {
        let processor = DisclosureProcessor(rules: RuleEngine(configuration: try loadRules()))
        let inputs = files.isEmpty ? ["-"] : files
        var failed = false
        for path in inputs {
            let bytes: [UInt8]
            do {
                bytes = try ParseCommand.read(path)
            } catch {
                ParseCommand.printError("\(path): cannot read: \(error.localizedDescription)")
                failed = true
                continue
            }
            let raw = RawDocument(bytes: bytes, contentType: contentType, sourceURL: nil)
            do {
                var line = try processor.process(raw).parseLine()
                line.append(0x0A)
                FileHandle.standardOutput.write(Data(line))
            } catch {
                ParseCommand.printError("\(path): \(error.description)")
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }

    /// The rules configuration: the defaults, or `--rules FILE` (a bad file exits 1 naming its line).
    func loadRules() throws -> RulesConfiguration {
        guard let rules else { return RulesConfiguration() }
        do {
            let text = String(decoding: try ParseCommand.read(rules), as: UTF8.self)
            return try RulesConfiguration(yaml: text)
        } catch let error as RulesConfigurationError {
            ParseCommand.printError("\(rules): \(error.description)")
            throw ExitCode(1)
        } catch {
            ParseCommand.printError("\(rules): cannot read: \(error.localizedDescription)")
            throw ExitCode(1)
        }
    }

    static func read(_ path: String) throws -> [UInt8] {
        if path == "-" {
            return Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func printError(_ message: String) {
        let line = message.replacingOccurrences(of: "\n", with: " ") + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
