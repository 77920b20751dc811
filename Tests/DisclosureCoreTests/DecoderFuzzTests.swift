import DisclosureCore
import DisclosureTestSupport
import Testing

/// Mutated documents (truncated, bit-flipped, spliced, tag-stuffed) through the whole core: each yields a record
/// or one one-line ``DisclosureError``, the same way every time.
@Suite struct DecoderFuzzTests {
    private static let text = """
        某市财政局2024年部门预算情况说明
        一、收支预算总体情况
        2024年收入预算1651.99万元，其中一般公共预算拨款收入1651.99万元；支出预算1651.99万元，比上年减少253.82万元。
        二、“三公”经费：公务接待费3.5万元，公务用车运行维护费12万元。
        """

    private static let bases: [(String, [UInt8], String?)] = [
        ("utf-8", Array(text.utf8), nil),
        ("gb18030", TestSupport.gb18030(text), "text/plain; charset=gb18030"),
        (
            "html",
            Array(
                ("<html><head><meta charset=utf-8><title>t</title></head><body>"
                    + text.split(separator: "\n").map { "<p>\($0)&nbsp;</p>" }.joined()
                    + "<table><tr><td>合计</td><td>1651.99</td></tr></table></body></html>").utf8
            ),
            nil
        ),
        ("envelope", Array(#"{"documentId":"x","contentType":"text/plain","body":"预算收入100万元，支出100万元"}"#.utf8), nil),
    ]

    @Test(arguments: 0..<bases.count)
    func mutationsNeverCrashAndStayDeterministic(base: Int) {
        let (name, bytes, contentType) = Self.bases[base]
        var generator = SplitMix64(seed: UInt64(base) &+ 1)
        let processor = DisclosureProcessor()
        for round in 0..<150 {
            let mutated = mutate(bytes, using: &generator)
            let raw = RawDocument(bytes: mutated, contentType: round.isMultiple(of: 3) ? contentType : nil)
            let first = outcome(processor, raw)
            let second = outcome(processor, raw)
            #expect(first == second, "\(name) round \(round): not deterministic")
            if case .failure(let message) = first {
                #expect(!message.contains("\n"), "\(name) round \(round): \(message)")
            }
        }
    }

    private enum Outcome: Equatable {
        case success([UInt8])
        case failure(String)
    }

    private func outcome(_ processor: DisclosureProcessor, _ raw: RawDocument) -> Outcome {
        do {
            return .success(try processor.process(raw).parseLine())
        } catch {
            return .failure(error.description)
        }
    }

    private func mutate(_ bytes: [UInt8], using generator: inout SplitMix64) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<6, using: &generator) {
            case 0:
                bytes.removeSubrange(position...)
            case 1 where !bytes.isEmpty:
                bytes[position] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &generator)
            case 2:
                let noise = (0..<Int.random(in: 1...8, using: &generator)).map { _ in
                    UInt8.random(in: 0...255, using: &generator)
                }
                bytes.insert(contentsOf: noise, at: position)
            case 3:
                let tags = ["<div>", "</p>", "<table><tr><td>", "<!--", "<script>", "&#x", "<![if x]>", "\u{0}", "{"]
                bytes.insert(
                    contentsOf: Array(tags[Int.random(in: 0..<tags.count, using: &generator)].utf8),
                    at: position
                )
            case 4:
                let end = min(bytes.count, position + Int.random(in: 1...64, using: &generator))
                bytes.insert(contentsOf: Array(bytes[position..<end]), at: end)
            default:
                if position < bytes.count { bytes.remove(at: position) }
            }
        }
        return bytes
    }
}
