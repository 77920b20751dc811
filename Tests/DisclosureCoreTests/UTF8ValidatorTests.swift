import Testing

@testable import DisclosureCore

/// The decoder lets the standard library's validation (made while making a `String`) decide whether input is
/// UTF-8, and asks ``UTF8Validator`` only where it is not: the two must agree on every input.
@Suite struct UTF8ValidatorTests {
    private func expectAgreement(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let standard = String(validating: bytes, as: UTF8.self) != nil
        let ours = UTF8Validator.firstFailure(bytes) == nil
        #expect(standard == ours, "\(bytes.map { String($0, radix: 16) })", sourceLocation: sourceLocation)
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

    @Test func randomTextAgrees() {
        var generator = SplitMix64(seed: 42)
        let pieces: [[UInt8]] = [
            Array("收入1651.99万元".utf8), Array("a".utf8), [0xF0, 0x9F, 0x98, 0x80], [0xED, 0xA0, 0x80], [0xC0, 0xAF],
            [0xF4, 0x90, 0x80, 0x80], [0xEF, 0xBF, 0xBF], [0xE4, 0xB8], [0x80], [0xFF],
        ]
        for _ in 0..<5000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(generator.next() % 12) { bytes += pieces[Int(generator.next() % UInt64(pieces.count))] }
            expectAgreement(bytes)
        }
    }
}
