import Foundation
import Testing

/// `disclosure-worker parse` as the evaluation tools run it (SPEC §7): the built binary, spawned.
@Suite struct ParseCommandTests {
    /// The built `disclosure-worker`, next to the test bundle.
    static let binary: URL? = {
        let directory = Bundle.main.bundleURL.deletingLastPathComponent()
        for candidate in [directory, TestSupport.repositoryRoot.appendingPathComponent(".build/debug")] {
            let url = candidate.appendingPathComponent("disclosure-worker")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }()

    struct Run {
        var status: Int32
        var stdout: [String]
        var stderr: [String]
    }

    private func run(_ arguments: [String], stdin: [UInt8] = []) throws -> Run {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["parse"] + arguments
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(stdin))
        try input.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a full pipe cannot stall the child.
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        func lines(_ data: Data) -> [String] {
            String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        }
        return Run(status: process.terminationStatus, stdout: lines(out), stderr: lines(err))
    }

    private func temporaryFile(_ name: String, _ bytes: [UInt8]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parse-tests-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    private let disclosure = "某区财政局2024年部门预算情况说明\n一、收支预算总体情况\n2024年收入预算100.00万元，支出预算100.00万元。"

    @Test(.enabled(if: binary != nil, "the disclosure-worker binary is not built"))
    func everyGoodInputGetsALineAndExitIsZero() throws {
        let text = try temporaryFile("a.txt", Array(disclosure.utf8))
        let gb = try temporaryFile("b.txt", TestSupport.gb18030(disclosure))
        let html = try temporaryFile("c.html", Array("<html><body><p>\(disclosure)</p></body></html>".utf8))
        let result = try run([text, gb, html])
        #expect(result.status == 0)
        #expect(result.stdout.count == 3)
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.allSatisfy { $0.hasPrefix("{\"record\":{") && $0.contains("\"anomalies\":[") })
        #expect(result.stdout[1].contains("\"charset\":\"gb18030\""))
        #expect(result.stdout[2].contains("\"contentType\":\"text/html\""))
    }

    @Test(.enabled(if: binary != nil, "the disclosure-worker binary is not built"))
    func badInputsFailOneLineEachAfterTheOthersAreProcessed() throws {
        let empty = try temporaryFile("empty.txt", [])
        let news = try temporaryFile("news.txt", Array("区委召开会议，研究部署安全生产工作。".utf8))
        let good = try temporaryFile("good.txt", Array(disclosure.utf8))
        let truncated = try temporaryFile("truncated.txt", TestSupport.gb18030("预算收入") + [0xB0])
        let missing = "/nonexistent/parse-test.txt"
        let result = try run([empty, news, good, truncated, missing])
        #expect(result.status == 1)
        #expect(result.stdout.count == 1)
        #expect(result.stderr.count == 4)
        #expect(result.stderr[0] == "\(empty): decode: input is empty")
        #expect(result.stderr[1].hasPrefix("\(news): not-a-disclosure: "))
        #expect(result.stderr[2].hasPrefix("\(truncated): decode: ") && result.stderr[2].contains("truncated"))
        #expect(result.stderr[3] == "\(missing): cannot read: no such file")
        let directory = try run([FileManager.default.temporaryDirectory.path])
        #expect(directory.stderr == ["\(FileManager.default.temporaryDirectory.path): cannot read: is a directory"])
        #expect(directory.status == 1)
    }

    @Test(.enabled(if: binary != nil, "the disclosure-worker binary is not built"))
    func standardInputAndTheSizeLimit() throws {
        let piped = try run(["-"], stdin: Array(disclosure.utf8))
        #expect(piped.status == 0)
        #expect(piped.stdout.count == 1)
        let none = try run([], stdin: Array(disclosure.utf8))
        #expect(none.stdout == piped.stdout)
        let big = try temporaryFile("big.txt", Array(disclosure.utf8))
        let limited = try run(["--max-bytes", "10", big])
        #expect(limited.status == 1)
        #expect(limited.stderr.count == 1)
        #expect(limited.stderr.first?.contains("too-large") == true)
        let limitedStdin = try run(["--max-bytes", "10"], stdin: Array(disclosure.utf8))
        #expect(limitedStdin.stderr.first?.hasPrefix("<stdin>: too-large") == true)
    }
}
