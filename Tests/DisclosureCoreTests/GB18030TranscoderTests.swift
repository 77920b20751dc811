import DisclosureTestSupport
import Testing

@testable import DisclosureCore

/// The table-driven GB18030 decoder against iconv reading the same bytes in one call (the decoder it replaced):
/// the same UTF-8 for every code, the same error and offset for every bad or cut-off sequence.
@Suite struct GB18030TranscoderTests {
    private typealias Outcome = Result<[UInt8], GB18030Transcoder.Failure>

    private func fast(_ bytes: [UInt8]) -> Outcome {
        Result { () throws(GB18030Transcoder.Failure) in try GB18030Transcoder.utf8(fromGB18030: bytes) }
    }

    private func reference(_ bytes: [UInt8]) -> Outcome {
        Result { () throws(GB18030Transcoder.Failure) in try GB18030Transcoder.iconvUTF8(fromGB18030: bytes) }
    }

    /// The four-byte code at linear index `linear` (81 30 81 30 is 0).
    private func fourByteCode(_ linear: Int) -> [UInt8] {
        let first = UInt8(0x81 + linear / 12600)
        let second = UInt8(0x30 + linear / 1260 % 10)
        let third = UInt8(0x81 + linear / 10 % 126)
        return [first, second, third, UInt8(0x30 + linear % 10)]
    }

    /// Decodes every input both ways and expects no difference (naming the first few that differ).
    private func expectAgreement(
        _ inputs: some Sequence<[UInt8]>,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Int {
        var compared = 0
        var differences: [String] = []
        for input in inputs {
            compared += 1
            let ours = fast(input)
            let theirs = reference(input)
            if ours != theirs, differences.count < 10 {
                let hex = input.prefix(16).map { String($0, radix: 16, uppercase: true) }.joined(separator: " ")
                differences.append("\(hex): \(ours) vs iconv \(theirs)")
            }
        }
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))", sourceLocation: sourceLocation)
        return compared
    }

    @Test func tablesAreBuilt() throws {
        let tables = try #require(GB18030Tables.shared)
        #expect(tables.twoByte.count == 126 * 256)
        #expect(tables.fourByte.count == 39420)
        // 中 (D6 D0), € (A2 E3), U+0080 (81 30 81 30) and U+FFFF (84 31 A4 39).
        #expect(try GB18030Transcoder.utf8(fromGB18030: [0xD6, 0xD0, 0xA2, 0xE3]) == Array("中€".utf8))
        let fourByte: [UInt8] = [0x81, 0x30, 0x81, 0x30, 0x84, 0x31, 0xA4, 0x39]
        #expect(try GB18030Transcoder.utf8(fromGB18030: fourByte) == Array("\u{80}\u{FFFF}".utf8))
    }

    @Test func everySingleByteAndEveryTwoByteCodeAgrees() {
        let singles = (0...0xFF).map { [UInt8($0)] }
        #expect(expectAgreement(singles) == 256)
        // Every lead with every second byte, alone, followed by ASCII, and followed by a two-byte code.
        for suffix: [UInt8] in [[], [0x41], [0xD6, 0xD0]] {
            var pairs: [[UInt8]] = []
            for lead in 0x80...0xFF {
                for second in 0...0xFF { pairs.append([UInt8(lead), UInt8(second)] + suffix) }
            }
            #expect(expectAgreement(pairs) == 128 * 256)
        }
    }

    @Test func everyFourByteCodeOfTheBMPRangeAgrees() {
        // 81 30 81 30 … 84 39 FE 39: the BMP's 39,420 codes and the unassigned rest of the 0x84 lead.
        let codes: [[UInt8]] = (0..<50400).map(fourByteCode)
        #expect(expectAgreement(codes) == 50400)
        #expect(expectAgreement(codes.map { $0 + [0x41] }) == 50400)
    }

    @Test func everySupplementaryCodeAgreesInOneDocument() throws {
        // 90 30 81 30 (U+10000) … E3 32 9A 35 (U+10FFFF), all in one input: iconv reads every one of them.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4 * 0x10_0000)
        for offset in 0..<0x10_0000 {
            bytes += fourByteCode(189_000 + offset)
        }
        let ours = try GB18030Transcoder.utf8(fromGB18030: bytes)
        #expect(ours == (try GB18030Transcoder.iconvUTF8(fromGB18030: bytes)))
        #expect(ours.count == 4 * 0x10_0000)
        // The first and last codes of the range and the ones just outside it, alone.
        let edges: [[UInt8]] = [
            [0x90, 0x30, 0x81, 0x30], [0x8F, 0x39, 0xFE, 0x39], [0xE3, 0x32, 0x9A, 0x35], [0xE3, 0x32, 0x9A, 0x36],
            [0xFE, 0x39, 0xFE, 0x39],
        ]
        #expect(expectAgreement(edges) == 5)
    }

    @Test func aSampleOfEveryOtherFourByteCodeAgrees() {
        // Every lead and second byte, third bytes at the edges and in between, every fourth byte: the unassigned
        // ranges (85…8F, E4…FE leads) and the boundaries of the assigned ones.
        let thirds: [UInt8] = [0x81, 0x82, 0x95, 0x9A, 0x9B, 0xA4, 0xA5, 0xD2, 0xFD, 0xFE]
        var codes: [[UInt8]] = []
        for first in 0x81...0xFE {
            for second in 0x30...0x39 {
                for third in thirds {
                    for fourth in 0x30...0x39 { codes.append([UInt8(first), UInt8(second), third, UInt8(fourth)]) }
                }
            }
        }
        #expect(expectAgreement(codes) == 126 * 10 * 10 * 10)
    }

    @Test func cutOffAndMalformedFourByteSequencesAgree() {
        // A lead and a digit followed by every third byte, alone (cut off) and with a fourth byte of every kind.
        let leads: [UInt8] = [0x81, 0x84, 0x85, 0x90, 0xE3, 0xFE]
        var thirdOnly: [[UInt8]] = []
        var fourth: [[UInt8]] = []
        for lead in leads {
            for byte in 0...0xFF {
                thirdOnly.append([lead, 0x31, UInt8(byte)])
                fourth.append([lead, 0x31, 0x82, UInt8(byte)])
            }
        }
        #expect(expectAgreement(thirdOnly) == leads.count * 256)
        #expect(expectAgreement(fourth) == leads.count * 256)
        let text = TestSupport.gb18030("预算€")
        let cutAfterText: [[UInt8]] = (1...3).map { text + [0x81, 0x30, 0x81].prefix($0) }
        #expect(expectAgreement(cutAfterText) == 3)
    }

    @Test func randomDocumentsAgree() {
        var generator = SplitMix64(seed: 18030)
        let pieces: [[UInt8]] = [
            TestSupport.gb18030("2024年部门预算收入合计1651.99万元，"), TestSupport.gb18030("（一）"), Array("abcdefgh".utf8),
            [0xA2, 0xE3], [0xFE, 0x51], [0x82, 0x35, 0x90, 0x37], [0x81, 0x30, 0x81, 0x30], [0x90, 0x30, 0x81, 0x30],
            [0x84, 0x31, 0xA5, 0x30], [0x81], [0x81, 0x30], [0x80], [0xFF], [0x81, 0x7F], [0x0A],
        ]
        var inputs: [[UInt8]] = []
        for _ in 0..<20000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(generator.next() % 10) { bytes += pieces[Int(generator.next() % UInt64(pieces.count))] }
            if generator.next() % 4 == 0, !bytes.isEmpty {
                bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
            }
            inputs.append(bytes)
        }
        #expect(expectAgreement(inputs) == 20000)
    }

    @Test func aLongDocumentAgrees() throws {
        let text = String(repeating: "一、部门职责：负责全区财政预算编制（含“三公”经费）；收入合计1,651.99万元。€𠀀\n", count: 500)
        let bytes = TestSupport.gb18030(text)
        #expect(try GB18030Transcoder.utf8(fromGB18030: bytes) == Array(text.utf8))
        #expect(expectAgreement([bytes, bytes + [0xD6], bytes + [0x80] + bytes]) == 3)
    }
}
