import DisclosureTestSupport
import Testing

@testable import DisclosureCore

/// The word-at-a-time count of control characters against the byte-by-byte rule.
@Suite struct ControlCharactersTests {
    private func naive(_ bytes: [UInt8]) -> Int {
        bytes.filter(ControlCharacters.isControl).count
    }

    @Test func everyByteInEveryLaneCounts() {
        // Each byte value at each position of a word and of the tail, among bytes of every kind.
        let fillers: [UInt8] = [0x41, 0x0A, 0x00, 0xE4, 0x7F, 0x80, 0x20]
        var mismatches: [String] = []
        for filler in fillers {
            for position in 0..<11 {
                for byte in 0...0xFF {
                    var bytes = [UInt8](repeating: filler, count: 11)
                    bytes[position] = UInt8(byte)
                    if ControlCharacters.controlCount(in: bytes) != naive(bytes) {
                        mismatches.append("filler \(filler) byte \(byte) at \(position)")
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
        #expect(ControlCharacters.controlCount(in: [0x01, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1F, 0x7F]) == 5)
    }

    @Test func randomBytesCount() {
        var generator = SplitMix64(seed: 127)
        for length in 0..<400 {
            let bytes = (0..<length).map { _ in
                UInt8(truncatingIfNeeded: generator.next() % 3 == 0 ? generator.next() % 0x21 : generator.next())
            }
            #expect(ControlCharacters.controlCount(in: bytes) == naive(bytes), "\(bytes)")
        }
    }
}
