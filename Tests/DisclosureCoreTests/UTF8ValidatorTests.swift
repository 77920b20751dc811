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
}
