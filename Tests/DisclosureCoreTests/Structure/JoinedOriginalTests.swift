import Testing

@testable import DisclosureCore

@Suite struct JoinedOriginalTests {
    /// The scalar-by-scalar join `joinedOriginal` used to do.
    private func reference(_ value: String) -> String {
        guard value.utf8.contains(0x0A) || value.utf8.contains(0x0D) else { return value }
        var out = String.UnicodeScalarView()
        var pendingBlanks = String.UnicodeScalarView()
        var afterBreak = false
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\n", "\r":
                pendingBlanks.removeAll()
                afterBreak = true
            case " ", "\t", "\u{3000}":
                if !afterBreak { pendingBlanks.append(scalar) }
            default:
                out.append(contentsOf: pendingBlanks)
                pendingBlanks.removeAll()
                afterBreak = false
                out.append(scalar)
            }
        }
        return String(out)
    }

    @Test func joinsLinesAsTheScalarJoinDid() {
        let samples = [
            "负责全市人民调解\n工作。", "负责 全市\u{3000}调解  \n  工作\r\n的统筹。", "甲 乙\t丙\n\u{3000}\u{3000}丁 \n", "a b\n\nc d ",
            "无换行 文本", "“放管服”\n改革（街道办事处）。\u{3000}", "\n\n", " \n x", "末尾空白\u{3000} ", "é\u{301} \nñ",
        ]
        for sample in samples {
            let text = NormalizedText(normalized: sample)
            let span = TextSpan(start: 0, end: text.bytes.count)
            #expect(StructureScan.joinedOriginal(text, span) == reference(text.originalText(span)), "\(sample)")
        }
    }
}
