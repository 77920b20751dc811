import DisclosureTestSupport
import Testing

@testable import DisclosureCore

/// ``UTF8Validator`` is the only UTF-8 validation the decoder runs: it must agree with the standard library on
/// what is valid, put the failure where the byte-by-byte rule puts it, and count control characters as
/// ``ControlCharacters`` does.
@Suite struct UTF8ValidatorTests {
    private func expectAgreement(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let standard = String(validating: bytes, as: UTF8.self) != nil
        let scan = UTF8Validator.scan(bytes)
        let reference = Self.referenceFailure(bytes)
        #expect(standard == (scan.failure == nil), "\(hex(bytes))", sourceLocation: sourceLocation)
        #expect(scan.failure == reference, "\(hex(bytes))", sourceLocation: sourceLocation)
        let valid = bytes[..<(reference?.offset ?? bytes.count)]
        #expect(
            scan.controlCount == valid.filter(ControlCharacters.isControl).count,
            "\(hex(bytes))",
            sourceLocation: sourceLocation
        )
        if reference == nil {
            #expect(scan.hasNonASCII == bytes.contains { $0 >= 0x80 }, "\(hex(bytes))", sourceLocation: sourceLocation)
            let noncharacter = String(decoding: bytes, as: UTF8.self).unicodeScalars.contains {
                $0.value == 0xFFFE || $0.value == 0xFFFF
            }
            #expect(scan.hasNoncharacter == noncharacter, "\(hex(bytes))", sourceLocation: sourceLocation)
        }
    }

    private func hex(_ bytes: [UInt8]) -> [String] { bytes.map { String($0, radix: 16) } }

    /// The rule byte by byte (RFC 3629's table), the way the validator read input before it took words and
    /// three-byte sequences at a time.
    private static func referenceFailure(_ bytes: [UInt8]) -> UTF8Validator.Failure? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: (length, lower) = (3, 0xA0)
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: (length, upper) = (3, 0x9F)
            case 0xF0: (length, lower) = (4, 0x90)
            case 0xF1...0xF3: length = 4
            case 0xF4: (length, upper) = (4, 0x8F)
            default: return UTF8Validator.Failure(offset: index, truncated: false)
            }
            for position in 1..<length {
                guard index + position < bytes.count else {
                    return UTF8Validator.Failure(offset: index, truncated: true)
                }
                let byte = bytes[index + position]
                let (low, high) = position == 1 ? (lower, upper) : (UInt8(0x80), UInt8(0xBF))
                guard byte >= low, byte <= high else { return UTF8Validator.Failure(offset: index, truncated: false) }
            }
            index += length
        }
        return nil
    }

    @Test func everyOneAndTwoByteSequenceAgrees() {
        for first in 0...0xFF {
            expectAgreement([UInt8(first)])
            for second in 0...0xFF { expectAgreement([UInt8(first), UInt8(second)]) }
        }
    }

    @Test func everyThreeAndFourByteLeadAtItsBoundariesAgrees() {
        // Each lead byte with second bytes across the whole range, then continuation bytes that are valid or not.
        let tails: [[UInt8]] = [
            [0x80], [0xBF], [0x7F], [0xC0], [0x80, 0x80], [0xBF, 0xBF], [0x80, 0x7F], [0x80, 0xC0],
        ]
        for lead in 0xE0...0xFF {
            for second in 0...0xFF {
                for tail in tails { expectAgreement([UInt8(lead), UInt8(second)] + tail) }
            }
        }
    }

    @Test func everyByteAtEveryPositionOfAWordAgrees() {
        // ASCII words (with control characters), a sequence straddling a word's end, and the tail after the last
        // whole word: each byte value at each position.
        let fillers: [[UInt8]] = [
            Array("ab\u{1}cdefghijk".utf8), Array("中文abc预算\u{7F}".utf8), Array("1234\t\r\n\u{0}x".utf8),
        ]
        for filler in fillers {
            for position in filler.indices {
                for byte in 0...0xFF {
                    var bytes = filler
                    bytes[position] = UInt8(byte)
                    expectAgreement(bytes)
                }
            }
        }
    }

    @Test func everyByteAtEveryPositionOfABlockAgrees() {
        // Inputs long enough for the sixteen-byte ASCII blocks: every byte value at every position of two blocks
        // and a tail, among plain ASCII, line breaks and tabs, and CJK text after ASCII at every offset.
        let fillers: [[UInt8]] = [
            Array("<p>abcdefghijklmnopqrstuvwxyz</p>\n<td>1,234.56\t".utf8),
            Array("<p>1.负责全市公共卫生工作的统筹</p>\r\n<br>".utf8),
        ]
        for filler in fillers {
            for position in filler.indices {
                for byte in 0...0xFF {
                    var bytes = filler
                    bytes[position] = UInt8(byte)
                    expectAgreement(bytes)
                }
            }
        }
        var controls = Array(repeating: UInt8(0x61), count: 40)
        for position in stride(from: 0, to: 40, by: 3) { controls[position] = UInt8(position % 32) }
        expectAgreement(controls)
        expectAgreement(controls + Array("中".utf8) + controls)
    }

    @Test func randomTextAgrees() {
        var generator = SplitMix64(seed: 42)
        let pieces: [[UInt8]] = [
            Array("收入1651.99万元".utf8), Array("a".utf8), [0xF0, 0x9F, 0x98, 0x80], [0xED, 0xA0, 0x80], [0xC0, 0xAF],
            [0xF4, 0x90, 0x80, 0x80], [0xEF, 0xBF, 0xBF], [0xE4, 0xB8], [0x80], [0xFF],
            Array("abcdefgh\u{1}\u{7F}".utf8),
            [0xED, 0x9F, 0xBF], [0xE0, 0xA0, 0x80], [0xE0, 0x9F, 0x80], Array("，（一）".utf8), [0x0B, 0x09],
            [0xEF, 0xBF, 0xBE], [0xEF, 0xBF, 0xBD], [0xEF, 0xBE, 0xBF], Array("一般公共预算财政拨款收入“三公”经费".utf8),
            [0xEE, 0x80, 0x80], [0xEC, 0xBF, 0xBF], [0xE4, 0x41, 0x80],
        ]
        for round in 0..<8000 {
            var bytes: [UInt8] = []
            // Now and then long enough for many sixteen-byte blocks.
            for _ in 0..<Int(generator.next() % (round % 4 == 0 ? 40 : 12)) {
                bytes += pieces[Int(generator.next() % UInt64(pieces.count))]
            }
            expectAgreement(bytes)
        }
    }

    /// The sequences the four-character blocks of CJK text meet, valid and not: every lead's edges, overlongs,
    /// surrogates, four-byte sequences at and past U+10FFFF, noncharacters, stray continuation bytes.
    private static let blockPieces: [[UInt8]] = [
        [0xE1, 0x80, 0x80], [0xEC, 0xBF, 0xBF], [0xE3, 0x80, 0x80], [0xE3, 0x80, 0x81], [0xE0, 0xA0, 0x80],
        [0xE0, 0x9F, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],
        [0xEE, 0x80, 0x80], [0xEF, 0xBC, 0x8C], [0xEF, 0xBF, 0xBE], [0xEF, 0xBF, 0xBF], [0xEF, 0xBF, 0xBD],
        [0xF0, 0x90, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF], [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80],
        [0xF5, 0x80, 0x80, 0x80], [0xC2, 0x80], [0xDF, 0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0x80], [0xBF],
        [0xE4, 0xB8], [0xE4], [0xF0, 0x9F, 0x98], [0xE4, 0x41, 0x80], [0xE4, 0xB8, 0x41], [0xE4, 0xC0, 0x80],
        [0xE4, 0xB8, 0xC0], [0xFE], [0xFF], Array("a".utf8), Array("\u{1}".utf8), Array("\u{7F}".utf8),
    ]

    @Test func everySequenceAtEveryPlaceOfACJKRunAgrees() {
        // A run long enough for several sixteen-byte blocks, with each piece at each character position (so at
        // every lane of a block, and at the end, where the run is cut off inside its last characters).
        let run = Array("一般公共预算财政拨款收入“三公”经费、本年支出。".utf8)
        for piece in Self.blockPieces {
            for characters in 0...(run.count / 3) {
                let prefix = Array(run[..<(characters * 3)])
                expectAgreement(prefix + piece + run)
                expectAgreement(prefix + piece)
                expectAgreement(Array("ab".utf8) + prefix + piece + run.prefix(13))
            }
        }
        // Cut off at every byte: a truncated sequence at the buffer's end in every lane.
        for end in 0...run.count { expectAgreement(Array(run[..<end])) }
    }

    @Test func everyByteInEveryLaneOfACJKBlockAgrees() {
        // Four characters and the four bytes after them, with every byte value in every one of the sixteen lanes,
        // at two alignments.
        let block = Array("预算支出".utf8) + Array("收入".utf8)
        for shift in 0..<2 {
            for lane in 0..<16 {
                for byte in 0...0xFF {
                    var bytes = (shift == 1 ? [UInt8(ascii: "x")] : []) + block
                    bytes[shift + lane] = UInt8(byte)
                    expectAgreement(bytes)
                }
            }
        }
    }

    @Test func randomCJKRunsWithFaultsAgree() {
        var generator = SplitMix64(seed: 0xC7F8)
        let ideographs = Array("一般公共预算财政拨款收入经费决算说明".utf8)
        for _ in 0..<6000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(generator.next() % 8) {
                // Mostly runs of ideographs (up to 20 characters), now and then a piece from the list.
                if generator.next() % 3 == 0 {
                    bytes += Self.blockPieces[Int(generator.next() % UInt64(Self.blockPieces.count))]
                } else {
                    let start = Int(generator.next() % UInt64(ideographs.count / 3)) * 3
                    let length = Int(generator.next() % 20) * 3
                    for offset in stride(from: 0, to: length, by: 3) {
                        let at = (start + offset) % ideographs.count
                        bytes += ideographs[at..<(at + 3)]
                    }
                }
            }
            // Now and then cut off inside the last character.
            if generator.next() % 4 == 0 { bytes.removeLast(min(bytes.count, Int(generator.next() % 3) + 1)) }
            expectAgreement(bytes)
        }
    }
}
