import Foundation
import Synchronization

/// Paths and subprocesses for the end-to-end tests.
enum Tools {
    /// The repository root.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    /// The shared corpus, read in place (never copied).
    static let corpus = root.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    /// The Python helper (confluent-kafka producer, jsonschema validation).
    static let kafkaTool = root.appendingPathComponent("Tests/IntegrationTests/Support/kafka_tool.py")

    /// An executable on PATH.
    static func which(_ name: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Whether kcat and Python with confluent-kafka and jsonschema are installed (scripts/setup installs them).
    static let thirdPartyClientsAvailable: Bool = {
        guard which("kcat") != nil, let python = which("python3") else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import confluent_kafka, jsonschema"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// The built `disclosure-worker` executable, beside the test bundle or in the debug build folder.
    static var workerBinary: String? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
                .appendingPathComponent("disclosure-worker").path,
            root.appendingPathComponent(".build/debug/disclosure-worker").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The outcome of a finished subprocess.
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a subprocess to its end without blocking the cooperative thread pool (the worker under test shares it).
    static func run(_ executable: String, _ arguments: [String]) async throws -> Output {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("it-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = URL(
            fileURLWithPath: executable.hasPrefix("/") ? executable : which(executable) ?? executable
        )
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = err
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { process in continuation.resume(returning: process.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        try out.close()
        try err.close()
        return Output(
            status: status,
            // Lossy: kcat copies a dead letter's raw bytes into its JSON as they are.
            stdout: String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
            stderr: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        )
    }
}

/// One message as `kcat -J` prints it.
struct KcatMessage {
    var partition: Int
    var offset: Int64
    var key: String?
    var payload: String?
    var headers: [String: String]

    /// Reads `kcat -C -J -e` output for a topic from the beginning.
    static func readAll(bootstrap: String, topic: String) async throws -> (messages: [KcatMessage], raw: String) {
        let output = try await Tools.run(
            "kcat",
            ["-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-J", "-q"]
        )
        guard output.status == 0 else {
            throw ToolFailure(message: "kcat \(topic): exit \(output.status): \(output.stderr)")
        }
        var messages: [KcatMessage] = []
        for line in output.stdout.split(separator: "\n") where !line.isEmpty {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                continue
            }
            var headers: [String: String] = [:]
            if let list = object["headers"] as? [Any] {
                var index = 0
                while index + 1 < list.count {
                    if let name = list[index] as? String { headers[name] = list[index + 1] as? String }
                    index += 2
                }
            } else if let dictionary = object["headers"] as? [String: String] {
                headers = dictionary
            }
            messages.append(
                KcatMessage(
                    partition: object["partition"] as? Int ?? -1,
                    offset: (object["offset"] as? NSNumber)?.int64Value ?? -1,
                    key: object["key"] as? String,
                    payload: object["payload"] as? String,
                    headers: headers
                )
            )
        }
        return (messages, output.stdout)
    }
}

/// A helper tool failed.
struct ToolFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
