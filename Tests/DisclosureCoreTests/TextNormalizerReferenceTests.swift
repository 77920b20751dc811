import DisclosureTestSupport
import Foundation
import Testing

@testable import DisclosureCore

/// The normalizer against the plain byte-at-a-time loop it was before its run-at-a-time fast paths (kept here as
/// the reference): the same bytes and the same map back to the original, on every input tried.
@Suite struct TextNormalizerReferenceTests {
    private func expectSame(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        var source = Array(text.utf8)
        let ours = TextNormalizer.normalize(utf8: &source)
        let reference = ReferenceNormalizer.normalize(Array(text.utf8))
        #expect(ours.bytes == reference.bytes, "\(text.debugDescription)", sourceLocation: sourceLocation)
        #expect(
            ours.originalOffsets == reference.offsets,
            "\(text.debugDescription)",
            sourceLocation: sourceLocation
        )
    }

    /// The decoder's one-pass path: the same result as validating, then normalizing, and nil exactly where the
    /// bytes are not valid UTF-8 or hold a control character.
    private func expectValidatingAgrees(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let fused = TextNormalizer.normalize(validatingUTF8: bytes)
        let scan = UTF8Validator.scan(bytes)
        let clean = scan.failure == nil && scan.controlCount == 0
        #expect((fused != nil) == clean, "\(bytes)", sourceLocation: sourceLocation)
        guard let fused, clean else { return }
        let reference = ReferenceNormalizer.normalize(bytes)
        #expect(fused.bytes == reference.bytes, "\(bytes)", sourceLocation: sourceLocation)
        #expect(fused.originalOffsets == reference.offsets, "\(bytes)", sourceLocation: sourceLocation)
        #expect(fused.original == bytes, sourceLocation: sourceLocation)
    }

    @Test func validatingNormalizationAgreesWithValidatingThenNormalizing() {
        let pieces: [[UInt8]] =
            [
                "收入", "合计", "1651.99", "9,101.68", ",", " ", "\t", "\r\n", "\n", "\u{0C}", "（", "）", "１２３", "\u{3000}",
                "\u{A0}", "\u{200B}", "\u{FEFF}", "abc", "€", "𠀀", "é", "、", "。", "《", "〇", "가", "ꀀ", "\u{E000}", "万元",
                "\u{0B}", "\u{7F}", "\u{0}",
            ].map { Array($0.utf8) } + [
                [0xE4, 0xB8], [0x80], [0xFF], [0xED, 0xA0, 0x80], [0xE0, 0x9F, 0x80], [0xE3, 0x80], [0xC0, 0xAF],
                [0xF4, 0x90, 0x80, 0x80], [0xE4, 0x41, 0x80], [0xE4, 0xB8, 0x41],
            ]
        var generator = SplitMix64(seed: 77)
        for _ in 0..<20000 {
            var bytes: [UInt8] = []
            // Mostly valid pieces, so that failures come late as well as early.
            for _ in 0..<Int(generator.next() % 20) {
                let piece = Int(generator.next() % UInt64(generator.next() % 4 == 0 ? pieces.count : 29))
                bytes += pieces[piece]
            }
            expectValidatingAgrees(bytes)
        }
    }

    @Test func randomMixturesNormalizeAsBefore() {
        let pieces = [
            "收入", "合计", "1651.99", "9,101.68", "1,23", ",", " ", "  ", "\t", "\r\n", "\r", "\n", "\u{0C}", "\u{0B}",
            "\u{7F}", "（", "）", "１２３", "．", "\u{3000}", "\u{A0}", "\u{200B}", "\u{FEFF}", "\u{2003}", "abc", "A",
            "€", "𠀀", "é", "ー", "가", "、", "。", "万元", "x", "7", "\u{AD}",
        ]
        var generator = SplitMix64(seed: 2024)
        for _ in 0..<20000 {
            var text = ""
            for _ in 0..<Int(generator.next() % 16) { text += pieces[Int(generator.next() % UInt64(pieces.count))] }
            expectSame(text)
        }
    }

    @Test func corpusTextsNormalizeAsBefore() throws {
        guard let corpus = TestSupport.corpus else {
            print("TextNormalizerReferenceTests: ../shared/corpus absent, corpus texts skipped")
            return
        }
        let files = try FileManager.default.subpathsOfDirectory(atPath: corpus.path).filter { $0.hasSuffix(".txt") }
        for file in files.sorted() {
            let data = try Data(contentsOf: corpus.appendingPathComponent(file))
            expectValidatingAgrees(Array(data))
            guard let text = String(data: data, encoding: .utf8) else { continue }
            expectSame(text)
        }
    }
}

/// The normalizing loop as it was, one byte at a time. It shares no code with the normalizers (whose ASCII rules
/// live in ``NormalizerOutput``), so that the tests of both normalizers can catch a mistake in what they share.
enum ReferenceNormalizer {
    static func normalize(_ source: [UInt8]) -> (bytes: [UInt8], offsets: [Int32]) {
        var out = [UInt8](repeating: 0, count: source.count)
        var map = [Int32](repeating: 0, count: source.count + 1)
        let written = source.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                map.withUnsafeMutableBufferPointer { run(src, out: dst, map: $0) }
            }
        }
        map[written] = Int32(source.count)
        return (Array(out[..<written]), Array(map[...written]))
    }

    static func run(
        _ source: UnsafeBufferPointer<UInt8>,
        out: UnsafeMutableBufferPointer<UInt8>,
        map: UnsafeMutableBufferPointer<Int32>
    ) -> Int {
        guard let src = source.baseAddress, let dst = out.baseAddress, let offsets = map.baseAddress else { return 0 }
        let count = source.count
        var written = 0
        // The last byte written (0 before the first: neither a digit nor a letter).
        var last: UInt8 = 0
        // A pending horizontal space: emitted only if the next kept character is ASCII alphanumeric and so was
        // the previous one; -1 when none.
        var pendingSpaceAt = -1
        var index = 0

        @inline(__always) func emit(_ byte: UInt8, from origin: Int) {
            dst[written] = byte
            offsets[written] = Int32(truncatingIfNeeded: origin)
            written &+= 1
            last = byte
        }

        while index < count {
            let lead = src[index]
            if lead < 0x80 {
                // ASCII: kept as is but for spaces, CR, form feed and the thousands separator.
                switch lead {
                case 0x20, 0x09:
                    if pendingSpaceAt < 0 { pendingSpaceAt = index }
                    index &+= 1
                case 0x0D:

                    // CR LF → LF; a lone CR → LF.
                    if index + 1 < count && src[index + 1] == 0x0A {
                        index &+= 1
                        continue
                    }
                    pendingSpaceAt = -1
                    emit(0x0A, from: index)
                    index &+= 1
                case 0x0C:
                    pendingSpaceAt = -1
                    emit(0x0A, from: index)
                    index &+= 1
                case 0x2C:
                    // A comma: dropped as a thousands separator (digit , d d d non-digit), else kept.
                    if isDigit(last), index + 3 < count, isDigit(src[index + 1]), isDigit(src[index + 2]),
                        isDigit(src[index + 3]), index + 4 >= count || !isDigit(src[index + 4])
                    {
                        pendingSpaceAt = -1
                        index &+= 1
                        continue
                    }
                    pendingSpaceAt = -1
                    emit(lead, from: index)
                    index &+= 1
                default:
                    if pendingSpaceAt >= 0 {
                        if isAlphanumeric(lead), isAlphanumeric(last) { emit(0x20, from: pendingSpaceAt) }
                        pendingSpaceAt = -1
                    }
                    emit(lead, from: index)
                    index &+= 1
                }
                continue
            }

            // U+4000…U+9FFF (CJK ideographs, most of a document's text): nothing to map or drop, kept as is.
            if lead >= 0xE4, lead <= 0xE9, index + 2 < count {
                pendingSpaceAt = -1
                emit(lead, from: index)
                emit(src[index + 1], from: index)
                emit(src[index + 2], from: index)
                index &+= 3
                continue
            }

            var scalar: UInt32
            var length: Int
            if lead >= 0xF0, index + 3 < count {
                scalar =
                    (UInt32(lead & 0x07) << 18) | (UInt32(src[index + 1] & 0x3F) << 12)
                    | (UInt32(src[index + 2] & 0x3F) << 6) | UInt32(src[index + 3] & 0x3F)
                length = 4
            } else if lead >= 0xE0, index + 2 < count {
                scalar =
                    (UInt32(lead & 0x0F) << 12) | (UInt32(src[index + 1] & 0x3F) << 6)
                    | UInt32(src[index + 2] & 0x3F)
                length = 3
            } else if lead >= 0xC0, index + 1 < count {
                scalar = (UInt32(lead & 0x1F) << 6) | UInt32(src[index + 1] & 0x3F)
                length = 2
            } else {
                // Not reachable for valid UTF-8 (Swift strings are valid); keep the byte as is.
                pendingSpaceAt = -1
                emit(lead, from: index)
                index &+= 1
                continue
            }

            // Full-width ASCII forms become ASCII.
            if scalar >= 0xFF01 && scalar <= 0xFF5E {
                let mapped = UInt8(truncatingIfNeeded: scalar - 0xFEE0)
                if pendingSpaceAt >= 0 {
                    if isAlphanumeric(mapped), isAlphanumeric(last) { emit(0x20, from: pendingSpaceAt) }
                    pendingSpaceAt = -1
                }
                emit(mapped, from: index)
                index &+= length
                continue
            }
            switch scalar {
            case 0xFEFF, 0x200B, 0x200C, 0x200D, 0x2060, 0x00AD:
                index &+= length
                continue
            case 0x3000, 0x00A0, 0x2002...0x200A, 0x202F:
                if pendingSpaceAt < 0 { pendingSpaceAt = index }
                index &+= length
                continue
            default:
                break
            }
            // A kept non-ASCII character: a pending space before it is dropped.
            pendingSpaceAt = -1
            for offset in 0..<length { emit(src[index + offset], from: index) }
            index &+= length
        }
        return written
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }
}

extension ReferenceNormalizer {
    /// Both UTF-8 entry points against the reference: the trusted one on valid UTF-8, the validating one exactly
    /// where the bytes are valid and hold no control character it refuses (and then keeping the original bytes).
    static func expectUTF8Agrees(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let reference = normalize(bytes)
        let scan = UTF8Validator.scan(bytes)
        let hex = bytes.prefix(64).map { String($0, radix: 16) }.joined(separator: " ")
        if scan.failure == nil {
            var source = bytes
            let trusted = TextNormalizer.normalize(utf8: &source)
            #expect(trusted.bytes == reference.bytes, "\(hex)", sourceLocation: sourceLocation)
            #expect(trusted.originalOffsets == reference.offsets, "\(hex)", sourceLocation: sourceLocation)
        }
        let fused = TextNormalizer.normalize(validatingUTF8: bytes)
        let clean = scan.failure == nil && scan.controlCount == 0
        #expect((fused != nil) == clean, "\(hex)", sourceLocation: sourceLocation)
        guard let fused, clean else { return }
        #expect(fused.bytes == reference.bytes, "\(hex)", sourceLocation: sourceLocation)
        #expect(fused.originalOffsets == reference.offsets, "\(hex)", sourceLocation: sourceLocation)
        #expect(fused.original == bytes, sourceLocation: sourceLocation)
    }
}
