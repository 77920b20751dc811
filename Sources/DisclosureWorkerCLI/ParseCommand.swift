import ArgumentParser
import DisclosureCore
import DisclosurePDF
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

    @Option(
        help:
            "Content type to assume for every input (text/plain, text/html, application/pdf); detected per input when omitted."
    )
    var contentType: String?

    @Option(help: "Rules file (config/rules.yaml format); the built-in defaults when omitted.")
    var rules: String?

    @Option(help: "Largest input accepted, bytes; larger inputs fail with too-large.")
    var maxBytes: Int = InputLimits().maximumBytes

    func validate() throws {
        guard maxBytes > 0 else { throw ValidationError("--max-bytes must be positive") }
    }

    func run() throws {
        let processor = DisclosureProcessor(
            decoder: DocumentDecoder(limits: InputLimits(maximumBytes: maxBytes), pdfTextSource: PDFTextExtractor()),
            rules: RuleEngine(configuration: try loadRules())
        )
        let inputs = files.isEmpty ? ["-"] : files
        var failed = false
        for path in inputs {
            let name = path == "-" ? "<stdin>" : path
            let bytes: [UInt8]
            do {
                bytes = try ParseCommand.read(path, limit: maxBytes)
            } catch let error as DisclosureError {
                ParseCommand.printError("\(name): \(error.description)")
                failed = true
                continue
            } catch let error as ReadError {
                ParseCommand.printError("\(name): cannot read: \(error.reason)")
                failed = true
                continue
            } catch {
                ParseCommand.printError("\(name): cannot read: \(error.localizedDescription)")
                failed = true
                continue
            }
            let raw = RawDocument(bytes: bytes, contentType: contentType)
            do {
                var line = try processor.process(raw).parseLine()
                line.append(0x0A)
                FileHandle.standardOutput.write(Data(line))
            } catch {
                ParseCommand.printError("\(name): \(error.description)")
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }

    /// The rules configuration: the defaults, or `--rules FILE` (a bad file exits 1 naming its line).
    func loadRules() throws -> RulesConfiguration {
        guard let rules else { return RulesConfiguration() }
        do {
            let text = String(decoding: try ParseCommand.read(rules, limit: 16 * 1024 * 1024), as: UTF8.self)
            return try RulesConfiguration(yaml: text)
        } catch let error as RulesConfigurationError {
            ParseCommand.printError("\(rules): \(error.description)")
            throw ExitCode(1)
        } catch {
            ParseCommand.printError("\(rules): cannot read: \(error.localizedDescription)")
            throw ExitCode(1)
        }
    }

    /// Reads an input, never more than `limit + 1` bytes, so a huge file fails fast without filling memory.
    ///
    /// - Throws: ``DisclosureError`` (`too-large`) past the limit; Foundation's error when the file cannot be read.
    static func read(_ path: String, limit: Int) throws -> [UInt8] {
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ReadError("no such file")
            }
            guard !isDirectory.boolValue else { throw ReadError("is a directory") }
            guard FileManager.default.isReadableFile(atPath: path) else { throw ReadError("permission denied") }
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
            if size > limit {
                throw DisclosureError(.tooLarge, "input is \(size) bytes; the limit is \(limit)")
            }
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        }
        defer { if path != "-" { try? handle.close() } }
        let data = try handle.read(upToCount: limit + 1) ?? Data()
        guard data.count <= limit else {
            throw DisclosureError(.tooLarge, "input is more than \(limit) bytes; the limit is \(limit)")
        }
        return Array(data)
    }

    /// Writes one line to standard error (line breaks inside `message` become spaces).
    static func printError(_ message: String) {
        let line = message.replacingOccurrences(of: "\n", with: " ") + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}

/// Why an input file cannot be read, in the words of the C library (`no such file`, `is a directory`).
struct ReadError: Error {
    /// The reason, for people.
    var reason: String

    /// Creates a read error.
    init(_ reason: String) {
        self.reason = reason
    }
}
