import DisclosureTestSupport
import Foundation
import Testing

@testable import DisclosureCore

/// The one-pass GB18030 decode-and-normalize against the two passes it replaces (the table-driven transcoder,
/// then the validating normalizer) and against the tests' own byte-at-a-time normalizer
/// (``ReferenceNormalizer``): the same original, normalized bytes and map wherever it answers, and an answer
/// wherever the two passes give one for text the tables decode.
@Suite struct GB18030NormalizerTests {
    /// The two passes; nil where the transcoder fails or the normalizer refuses (control characters).
    private func reference(_ bytes: [UInt8]) -> NormalizedText? {
        guard let utf8 = try? GB18030Transcoder.utf8(fromGB18030: bytes) else { return nil }
        return TextNormalizer.normalize(validatingUTF8: utf8)
    }

    /// Expects the fused result to be the reference; returns whether it answered.
    @discardableResult
    private func expectAgreement(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let fused = GB18030Normalizer.normalize(gb18030: bytes, maximumTextBytes: .max)
        let expected = reference(bytes)
        guard let fused else { return false }
        let hex = bytes.prefix(40).map { String($0, radix: 16) }.joined(separator: " ")
        guard let expected else {
            Issue.record("fused answered where the two passes do not: \(hex)", sourceLocation: sourceLocation)
            return true
        }
        #expect(fused.original == expected.original, "\(hex)", sourceLocation: sourceLocation)
        #expect(fused.bytes == expected.bytes, "\(hex)", sourceLocation: sourceLocation)
        #expect(fused.originalOffsets == expected.originalOffsets, "\(hex)", sourceLocation: sourceLocation)
        // The two normalizers share their rules (``NormalizerOutput``): the tests' own byte-at-a-time loop checks
        // the rules themselves.
        let independent = ReferenceNormalizer.normalize(expected.original)
        #expect(fused.bytes == independent.bytes, "\(hex)", sourceLocation: sourceLocation)
        #expect(fused.originalOffsets == independent.offsets, "\(hex)", sourceLocation: sourceLocation)
        return true
    }

    @Test func runTableHoldsExactlyTheKeptCodesAndFullWidthPunctuation() throws {
        let tables = try #require(GB18030Tables.shared)
        #expect(tables.runTwoByte.count == 1 << 16)
        var kept = 0
        var punctuation = 0
        for pair in 0..<(1 << 16) {
            let lead = pair & 0xFF
            let second = pair >> 8
            var expected: UInt32 = 0
            if lead >= 0x81, lead <= 0xFE, second >= 0x40, second <= 0xFE {
                // The rules written out again: three UTF-8 bytes, not a zero-width character or a wide space; a
                // full-width form only when it is punctuation.
                let entry = tables.twoByte[(lead - 0x81) << 8 | second]
                let scalar = (entry & 0x0F) << 12 | (entry >> 8 & 0x3F) << 6 | (entry >> 16 & 0x3F)
                let special: Set<UInt32> = [0xFEFF, 0x200B, 0x200C, 0x200D, 0x2060, 0x3000, 0x202F]
                if entry >> 24 == 3, !special.contains(scalar), !(0x2002...0x200A).contains(scalar) {
                    if (0xFF01...0xFF5E).contains(scalar) {
                        let ascii = Character(Unicode.Scalar(UInt8(scalar - 0xFEE0)))
                        if !ascii.isLetter, !ascii.isNumber {
                            expected = UInt32(ascii.asciiValue ?? 0) << 24 | entry & 0xFF_FFFF
                        }
                    } else {
                        expected = entry & 0xFF_FFFF
                    }
                }
            }
            if expected != 0, expected >> 24 == 0 {
                kept += 1
            } else if expected != 0 {
                punctuation += 1
            }
            if tables.runTwoByte[pair] != expected {
                Issue.record("pair \(String(pair, radix: 16)): \(tables.runTwoByte[pair]) vs \(expected)")
                return
            }
        }
        // GB2312's hanzi and punctuation at least; the full-width punctuation of A3A1…A3FE.
        #expect(kept > 6000)
        #expect(punctuation >= 30)
        // ，and （ become ASCII; 中 and “ are kept.
        #expect(tables.runTwoByte[0xACA3] == 0x2C8C_BCEF)
        #expect(tables.runTwoByte[0xA8A3] == 0x2888_BCEF)
        #expect(tables.runTwoByte[0xD0D6] == 0xAD_B8E4)
        #expect(tables.runTwoByte[0xB0A1] == 0x9C_80E2)
    }

    @Test func randomMixturesAgree() {
        // Every branch of the normalizer: spaces between letters and digits, CR LF, thousands separators (and
        // commas that are not), full-width forms, wide and zero-width spaces, two-, three- and four-byte UTF-8,
        // supplementary characters (four-byte GB18030 codes), and control characters (no answer then).
        let pieces = [
            "收入", "合计", "1651.99", "9,101.68", "1,23", "1,2345", ",", " ", "  ", "\t", "\r\n", "\r", "\n", "\u{0C}",
            "（", "）", "１２３", "．", "，", "\u{3000}", "\u{A0}", "\u{200B}", "\u{FEFF}", "\u{2003}", "\u{AD}", "abc",
            "A", "€", "𠀀", "é", "ー", "가", "、", "。", "万元", "x", "7", "·", "\u{E5E5}", "\u{FFFD}", "“", "”", "；", "：",
            "３", "％", "中华人民共和国", "\u{0B}", "\u{7F}",
        ]
        var generator = SplitMix64(seed: 18030)
        var answered = 0
        for round in 0..<20000 {
            var text = ""
            // The last two pieces (control characters) only now and then, so most inputs get an answer.
            let choices = UInt64(round % 8 == 0 ? pieces.count : pieces.count - 2)
            for _ in 0..<Int(generator.next() % 16) { text += pieces[Int(generator.next() % choices)] }
            let bytes = TestSupport.gb18030(text)
            if expectAgreement(bytes) {
                answered += 1
            } else if !text.contains("\u{0B}") && !text.contains("\u{7F}") && !bytes.isEmpty {
                Issue.record("no answer for \(text.debugDescription)")
            }
        }
        #expect(answered > 15000)
    }

    @Test func everyRunTableCodeAgreesAloneInPairsAndBesidePunctuation() throws {
        // Every code of the run table, in the loop's every position: a pair of kept codes, a kept code before one
        // that is not (punctuation, ASCII, a four-byte code, a code outside the table), an odd code before the
        // end, so that each is read both by the two-code load and by the one-code step.
        let tables = try #require(GB18030Tables.shared)
        let codes = (0..<(1 << 16)).filter { tables.runTwoByte[$0] != 0 }.map { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(codes.count > 6000)
        let followers: [[UInt8]] = [
            [0xA3, 0xAC], [0x31], [0x81, 0x30, 0x81, 0x30], [0xA1, 0xA1], [0xD6, 0xD0], [0x20, 0x61], [],
        ]
        var generator = SplitMix64(seed: 2)
        for start in stride(from: 0, to: codes.count, by: 5) {
            var pieces: [[UInt8]] = []
            for code in codes[start..<min(start + 5, codes.count)] {
                pieces.append(code)
                if generator.next() % 3 == 0 {
                    pieces.append(followers[Int(generator.next() % UInt64(followers.count))])
                }
            }
            // Odd and even numbers of codes before the end.
            #expect(expectAgreement(Array(pieces.joined())))
            #expect(expectAgreement(Array(pieces.dropLast().joined())) || pieces.count == 1)
        }
    }

    @Test func runsBrokenAtEveryCodeAgreeOrGetNoAnswer() {
        // The pair loop and the one-code step after it: runs of kept characters and full-width punctuation of every
        // length up to 24 codes, after 0 to 3 ASCII bytes, with one break at every code position (so that it falls
        // on either code of a pair, and on the last bytes a four-byte load reaches): another kind of code (ASCII,
        // a four-byte code of the BMP or a supplementary plane, a code outside the run table, a wide space, a
        // full-width digit), or a bad or cut-off sequence (0x80, 0xFF, a lone lead byte, a four-byte code's first
        // two bytes, a bad trail byte). The fused pass must agree with the two passes wherever it answers, give
        // no answer where they fail, and answer for every valid input here. A lone lead byte is cut off only at the
        // end; elsewhere it makes a code with the byte after it, which may or may not be one.
        let codes: [[UInt8]] = [
            [0xD6, 0xD0], [0xCE, 0xC4], [0xA1, 0xB0], [0xB0, 0xA1], [0xA3, 0xAC], [0xA3, 0xBA],
        ]
        let breaks: [(bytes: [UInt8], valid: Bool)] = [
            ([0x31], true), ([0x20, 0x61], true), ([0x81, 0x35, 0xF4, 0x37], true), ([0x90, 0x30, 0x81, 0x30], true),
            ([0xA8, 0xA6], true), ([0xA1, 0xA1], true), ([0xA3, 0xB1], true), ([0x80], false), ([0xFF], false),
            ([0xD6], false), ([0x81, 0x30], false), ([0xD6, 0x7F], false),
        ]
        var generator = SplitMix64(seed: 7)
        for length in 0...24 {
            for position in 0...length {
                for (breakBytes, validCode) in breaks {
                    let valid: Bool? = breakBytes == [0xD6] && position < length ? nil : validCode
                    let lead = [UInt8](repeating: 0x37, count: Int(generator.next() % 4))
                    var bytes = lead
                    for code in 0...length {
                        if code == position { bytes += breakBytes }
                        if code < length { bytes += codes[Int(generator.next() % UInt64(codes.count))] }
                    }
                    let answered = expectAgreement(bytes)
                    if valid == true, !answered {
                        Issue.record("no answer: \(bytes.map { String($0, radix: 16) }.joined(separator: " "))")
                    }
                    if valid == false, answered {
                        Issue.record("answered: \(bytes.map { String($0, radix: 16) }.joined(separator: " "))")
                    }
                }
            }
        }
    }

    @Test func randomByteStringsAgreeOrGetNoAnswer() {
        // Byte strings from pieces of every kind, valid or not: two-byte codes of the run table and outside it,
        // four-byte codes (BMP and supplementary, in range or not), lone and cut-off lead bytes, ASCII with
        // spaces, commas and control characters. The fused pass must agree wherever it answers.
        let pieces: [[UInt8]] = [
            [0xD6, 0xD0], [0xCE, 0xC4], [0xA3, 0xAC], [0xA3, 0xA8], [0xA3, 0xB1], [0xA1, 0xA1], [0xA1, 0xB0],
            [0xA8, 0xA6], [0x81, 0x40], [0xFE, 0xFE], [0xA2, 0xE3], [0x81, 0x30, 0x81, 0x30], [0x81, 0x35, 0xF4, 0x37],
            [0x84, 0x31, 0xA4, 0x39], [0x90, 0x30, 0x81, 0x30], [0xE3, 0x32, 0x9A, 0x35], [0x84, 0x31, 0xA5, 0x30],
            [0x81], [0x81, 0x30], [0x80], [0xFF], [0xD6, 0x7F], [0x41], [0x31, 0x2C, 0x32, 0x33, 0x34], [0x20],
            [0x0D, 0x0A], [0x0A], [0x09], [0x0B], [0x2C], [0x37], [0x61, 0x62, 0x63],
        ]
        var generator = SplitMix64(seed: 54936)
        var answered = 0
        for round in 0..<30000 {
            var bytes: [UInt8] = []
            // Mostly the first twelve (valid codes), so that many strings get an answer.
            let choices = UInt64(round % 4 == 0 ? pieces.count : 12)
            for _ in 0..<Int(generator.next() % 24) { bytes += pieces[Int(generator.next() % choices)] }
            if generator.next() % 2 == 0 { bytes.append(UInt8(truncatingIfNeeded: generator.next())) }
            if expectAgreement(bytes) { answered += 1 }
        }
        #expect(answered > 10000)
    }

    @Test func badAndCutOffSequencesGetNoAnswer() {
        let inputs: [[UInt8]] = [
            [0x80], [0xFF], [0xD6], [0x41, 0xD6], [0x81, 0x30], [0x81, 0x30, 0x81], [0xD6, 0x7F],
            [0x84, 0x31, 0xA5, 0x30],
            [0xE3, 0x32, 0x9A, 0x36], [0xD6, 0xD0, 0xFF, 0xD6, 0xD0],
        ]
        for input in inputs {
            #expect(GB18030Normalizer.normalize(gb18030: input, maximumTextBytes: .max) == nil, "\(input)")
        }
        #expect(GB18030Normalizer.normalize(gb18030: [], maximumTextBytes: .max) == nil)
    }

    @Test func textOverTheLimitGetsNoAnswer() {
        let bytes = TestSupport.gb18030("收入预算")
        #expect(GB18030Normalizer.normalize(gb18030: bytes, maximumTextBytes: 11) == nil)
        #expect(GB18030Normalizer.normalize(gb18030: bytes, maximumTextBytes: 12) != nil)
    }

    @Test func decoderGivesTheSameDocumentAsTheTwoPasses() throws {
        var text = "重庆市铜梁区人民政府办公室2024年单位预算情况说明\r\n一、收入预算 1,651.99 万元，其中：（一）财政拨款１２３万元。\n"
        if let seed = TestSupport.seedText { text += seed }
        let bytes = TestSupport.gb18030(text)
        for contentType in [nil, "text/plain; charset=gb18030", "text/plain"] {
            let document = try DocumentDecoder().decode(RawDocument(bytes: bytes, contentType: contentType))
            let normalized = try #require(document.normalized)
            let expected = try #require(reference(bytes))
            #expect(document.utf8 == Array(text.utf8))
            #expect(document.source.charset == "gb18030")
            #expect(normalized.bytes == expected.bytes)
            #expect(normalized.originalOffsets == expected.originalOffsets)
        }
    }

    @Test func corpusTextsAgreeInGB18030() throws {
        guard let corpus = TestSupport.corpus else {
            print("GB18030NormalizerTests: ../shared/corpus absent, corpus texts skipped")
            return
        }
        let files = try FileManager.default.subpathsOfDirectory(atPath: corpus.path).filter { $0.hasSuffix(".txt") }
        for file in files.sorted() {
            let data = try Data(contentsOf: corpus.appendingPathComponent(file))
            // UTF-8 files are re-encoded; GB18030 ones are read as they are.
            let bytes = String(data: data, encoding: .utf8).map(TestSupport.gb18030) ?? Array(data)
            expectAgreement(bytes)
        }
    }
}
