import Foundation
import Testing

@testable import DisclosureCore

/// The record's and the rules' fast paths against the straightforward code they replaced, on the benchmark's
/// generated documents (scripts/gen_bench_corpus.py, seed 7: UTF-8, GB18030 and HTML, 2 to 200 KB) and on edge
/// cases.
@Suite struct RecordFastPathTests {
    /// The generated documents, processed: each with its name. Empty when python3 cannot run the generator.
    private static let documents: [(name: String, done: ProcessedDocument)] = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("record-fast-\(getpid())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        generator.arguments = [
            "python3", TestSupport.repositoryRoot.appendingPathComponent("scripts/gen_bench_corpus.py").path,
            directory.path, "--seed", "7", "--count", "4",
        ]
        generator.standardOutput = FileHandle.nullDevice
        guard (try? generator.run()) != nil else { return [] }
        generator.waitUntilExit()
        guard generator.terminationStatus == 0 else { return [] }
        let processor = DisclosureProcessor()
        var documents: [(name: String, done: ProcessedDocument)] = []
        for size in ["2k", "10k", "50k", "200k"] {
            let folder = directory.appendingPathComponent(size)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names.sorted() {
                guard let data = try? Data(contentsOf: folder.appendingPathComponent(name)) else { continue }
                let contentType =
                    name.hasSuffix(".html")
                    ? "text/html; charset=utf-8"
                    : name.contains("gb18030") ? "text/plain; charset=gb18030" : "text/plain; charset=utf-8"
                guard let done = try? processor.process(RawDocument(bytes: Array(data), contentType: contentType))
                else { continue }
                documents.append(("\(size)/\(name)", done))
            }
        }
        return documents
    }()

    @Test func generatedDocumentsAreThere() {
        guard !Self.documents.isEmpty else {
            print("RecordFastPathTests: no python3, generated documents skipped")
            return
        }
        #expect(Self.documents.count == 48)
    }

    /// Headings read in place from the text: the same strings as the copies the segmenter used to make
    /// (``StructureScan/string(_:_:_:)`` of each heading's title), the same lengths and bytes, the same JSON.
    @Test func sectionHeadingsReadInPlaceAreTheCopies() {
        var headings = 0
        for (name, done) in Self.documents {
            let bytes = done.text.bytes
            let found = SectionSegmenter.findHeadings(bytes, lines: TextLines(bytes))
            let sections = done.record.sections
            #expect(found.count == sections.count, "\(name)")
            for (heading, section) in zip(found, sections) {
                let copy = StructureScan.string(bytes, heading.text.start, heading.text.end)
                #expect(section.heading == copy, "\(name)")
                #expect(section.headingUTF8Count == copy.utf8.count, "\(name)")
                #expect(section.withHeadingUTF8 { Array($0) } == Array(copy.utf8), "\(name)")
                headings += 1
            }
            // The record with every heading as a `String` writes the same JSON.
            var copied = done.record
            copied.sections = sections.map { Section(heading: $0.heading, level: $0.level, span: $0.span) }
            #expect(copied == done.record, "\(name)")
            #expect(RecordJSON.bytes(copied, text: done.text) == done.recordJSON(), "\(name)")
        }
        if !Self.documents.isEmpty { #expect(headings > 100) }
    }

    /// A heading cut inside a scalar or past the text is clamped and repaired, as `String(decoding:as:)` does.
    @Test func headingsCutAnywhereReadAsTheirRepairedCopies() {
        let bytes = Array("一、单位é概况".utf8)
        for start in -1...(bytes.count + 1) {
            for end in max(start, 0)...(bytes.count + 2) {
                let section = Section(
                    headingIn: bytes,
                    start: start,
                    end: end,
                    level: 1,
                    span: TextSpan(start: 0, end: 0)
                )
                let lower = min(max(0, start), bytes.count)
                let upper = max(lower, min(end, bytes.count))
                let copy = String(decoding: bytes[lower..<upper], as: UTF8.self)
                #expect(section.heading == copy)
                #expect(section.headingUTF8Count == copy.utf8.count)
                #expect(section.withHeadingUTF8 { Array($0) } == Array(copy.utf8))
                #expect(section == Section(heading: copy, level: 1, span: TextSpan(start: 0, end: 0)))
            }
        }
        var section = Section(headingIn: bytes, start: 0, end: 6, level: 1, span: TextSpan(start: 0, end: 0))
        section.heading = "二、"
        #expect(section.heading == "二、")
        #expect(section.headingUTF8Count == 6)
    }
}
