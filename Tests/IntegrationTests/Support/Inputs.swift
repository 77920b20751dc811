import Foundation

/// One input to publish: a file or bytes, its key (used as the document id) and SPEC headers.
struct TestInput {
    /// What the worker must do with it.
    enum Expectation: Equatable {
        /// A record (and its anomaly events).
        case record
        /// A dead letter of this class.
        case deadLetter(String)
        /// A dead letter of this class, once the core detects it (a record until then is a known issue).
        case deadLetterOnceDetected(String)
    }

    var key: String
    var path: String?
    var bytes: [UInt8]?
    var headers: [String: String]
    var partition: Int?
    var expectation: Expectation

    /// The manifest entry for `kafka_tool.py produce`.
    var manifestEntry: [String: Any] {
        var entry: [String: Any] = ["key": key, "headers": headers]
        if let path { entry["path"] = path }
        if let bytes { entry["valueHex"] = bytes.map { String(format: "%02x", $0) }.joined() }
        if let partition { entry["partition"] = partition }
        return entry
    }
}

/// Where each input landed.
struct Published {
    var partition: Int
    var offset: Int64
}

enum Inputs {
    /// The repository's samples.
    static func samples() -> [TestInput] {
        let directory = Tools.root.appendingPathComponent("samples")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.sorted().map { name in
            TestInput(
                key: "sample-\(name)",
                path: directory.appendingPathComponent(name).path,
                headers: [
                    "content-type": name.hasSuffix(".html") ? "text/html" : "text/plain",
                    "source-url": "https://example.gov.cn/samples/\(name)",
                    "fetched-at": "2026-01-15T08:00:00Z",
                ],
                expectation: .record
            )
        }
    }

    /// The seed, the synthetic sample and the real fragments, read in place; empty when the corpus is absent.
    static func corpus() -> [TestInput] {
        var inputs: [TestInput] = []
        let seed = Tools.corpus.appendingPathComponent("seed/tongliang-2024-budget.txt")
        if FileManager.default.fileExists(atPath: seed.path) {
            inputs.append(
                TestInput(
                    key: "seed",
                    path: seed.path,
                    headers: ["content-type": "text/plain; charset=utf-8"],
                    expectation: .record
                )
            )
        }
        for folder in ["synthetic", "real"] {
            let directory = Tools.corpus.appendingPathComponent(folder)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for name in files.sorted() where name.hasSuffix(".txt") || name.hasSuffix(".html") {
                var contentType = name.hasSuffix(".html") ? "text/html" : "text/plain"
                // The synthetic annotations say how each file is encoded, as a scraper knows from HTTP headers.
                let annotation = directory.appendingPathComponent(
                    String(name[..<name.lastIndex(of: ".")!]) + ".json"
                )
                if let data = try? Data(contentsOf: annotation),
                    let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                    let encoding = object["encoding"] as? String
                {
                    contentType += "; charset=\(encoding)"
                }
                inputs.append(
                    TestInput(
                        key: "\(folder)-\(name)",
                        path: directory.appendingPathComponent(name).path,
                        headers: ["content-type": contentType],
                        expectation: .record
                    )
                )
            }
        }
        return inputs
    }

    /// Inputs the worker must dead-letter.
    static func garbage(maxDocumentBytes: Int) -> [TestInput] {
        [
            TestInput(
                key: "garbage-invalid-bytes",
                bytes: [0xFF, 0xFE, 0x00, 0x81, 0xFF, 0x30, 0xFF, 0xFF, 0x00, 0x00, 0xC3, 0x28],
                headers: ["content-type": "text/plain"],
                expectation: .deadLetter("decode")
            ),
            TestInput(key: "garbage-empty", bytes: [], headers: [:], expectation: .deadLetter("decode")),
            TestInput(
                key: "garbage-too-large",
                bytes: [UInt8](repeating: UInt8(ascii: "A"), count: maxDocumentBytes + 1024),
                headers: ["content-type": "text/plain"],
                expectation: .deadLetter("too-large")
            ),
            TestInput(
                key: "garbage-news",
                bytes: Array(
                    "本报讯 昨日，市区举行春季马拉松比赛，来自全国各地的八千余名选手参加。比赛当天天气晴朗，沿途市民热情助威。".utf8
                ),
                headers: ["content-type": "text/plain"],
                expectation: .deadLetterOnceDetected("not-a-disclosure")
            ),
        ]
    }

    /// Publishes inputs with the Python confluent-kafka client; returns where each landed, by key.
    static func publish(_ inputs: [TestInput], bootstrap: String, topic: String) async throws -> [String: Published] {
        let manifest = FileManager.default.temporaryDirectory.appendingPathComponent(
            "manifest-\(UUID().uuidString).json"
        )
        defer { try? FileManager.default.removeItem(at: manifest) }
        try JSONSerialization.data(withJSONObject: inputs.map(\.manifestEntry)).write(to: manifest)
        let output = try await Tools.run("python3", [Tools.kafkaTool.path, "produce", bootstrap, topic, manifest.path])
        guard output.status == 0 else {
            throw ToolFailure(message: "kafka_tool produce: exit \(output.status): \(output.stderr)")
        }
        var published: [String: Published] = [:]
        for line in output.stdout.split(separator: "\n") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let index = object["index"] as? Int, let partition = object["partition"] as? Int,
                let offset = (object["offset"] as? NSNumber)?.int64Value
            else { throw ToolFailure(message: "kafka_tool produce: unexpected line \(line)") }
            published[inputs[index].key] = Published(partition: partition, offset: offset)
        }
        return published
    }
}
