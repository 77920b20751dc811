import DisclosureWorker
import Foundation
import Logging
import Synchronization
import Testing

@Suite struct JSONLogHandlerTests {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func append(_ bytes: [UInt8]) { lines.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) } }
    }

    @Test func eachEventIsOneJSONObjectPerLineWithItsMetadata() throws {
        let sink = Lines()
        var logger = Logger(label: "worker") { label in JSONLogHandler(label: label, write: sink.append) }
        logger[metadataKey: "kafka.topic"] = "disclosures.raw"
        logger.info("input \"dead-lettered\"\nsecond line", metadata: ["kafka.offset": "41", "list": ["a", "b"]])
        let line = try #require(sink.lines.withLock { $0.first })
        #expect(line.hasSuffix("}\n"))
        #expect(line.filter { $0 == "\n" }.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "info")
        #expect(object["label"] as? String == "worker")
        #expect(object["message"] as? String == "input \"dead-lettered\"\nsecond line")
        let metadata = try #require(object["metadata"] as? [String: Any])
        #expect(metadata["kafka.topic"] as? String == "disclosures.raw")
        #expect(metadata["kafka.offset"] as? String == "41")
        #expect(metadata["list"] as? [String] == ["a", "b"])
        #expect(object["timestamp"] is String)
    }

    @Test func controlCharactersAreEscaped() {
        var line = ""
        JSONLogHandler.appendString("a\u{01}b\tc", to: &line)
        #expect(line == "\"a\\u0001b\\tc\"")
    }
}
