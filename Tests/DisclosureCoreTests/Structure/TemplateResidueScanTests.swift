import DisclosureTestSupport
import Testing

@testable import DisclosureCore

/// `TemplateResidueScanner.scan` reads the residue cues as the cue index hands them over; these compare it with the
/// scan it replaces (the cues collected into an array first) on generated texts, some with more residues than it
/// records.
@Suite struct TemplateResidueScanTests {
    /// The scan as it was: every candidate collected, then tried in order.
    private func scanByCandidateList(_ bytes: [UInt8], cues: StructureCues) -> [Stated<String>] {
        var candidates: [Int] = []
        cues.forEach(.residue) { match in
            candidates.append(match.start)
            return true
        }
        guard !candidates.isEmpty else { return [] }
        var found: [Stated<String>] = []
        var index = 0
        var lastEnd = 0
        for candidate in candidates where candidate >= index {
            index = candidate
            if let (start, end) = TemplateResidueScanner.residue(bytes, at: index), start >= lastEnd {
                guard found.count < TemplateResidueScanner.maxFindings else { break }
                found.append(
                    Stated(
                        StructureScan.string(bytes, start, end),
                        evidence: TemplateResidueScanner.sentence(bytes, around: start)
                    )
                )
                lastEnd = end
                index = end
                continue
            }
            index += 1
        }
        return found
    }

    @Test func residuesAreThoseOfTheCandidateList() {
        let pieces = [
            "增加（减少）", "较上年(减少)16.23万元", "XX局", "××", "xx", "**", "主要原因是。", "（按实际填写）", "请填写", "(1)", "(", ")",
            "收入", "支出", "。", "\n", "abcXXdef", "XXX", "□□□",
        ]
        var generator = SplitMix64(seed: 0x0015_0008)
        for round in 0..<300 {
            var text = ""
            let length = round % 10 == 0 ? 400 : Int.random(in: 0..<40, using: &generator)
            for _ in 0..<length { text += pieces[Int.random(in: 0..<pieces.count, using: &generator)] }
            let bytes = TextNormalizer.normalize(text).bytes
            let cues = TextCues(bytes).structure
            let expected = scanByCandidateList(bytes, cues: cues)
            let found = TemplateResidueScanner.scan(bytes, cues: cues)
            #expect(found.map(\.value) == expected.map(\.value), "\(text)")
            #expect(found.map(\.evidence) == expected.map(\.evidence), "\(text)")
            if length == 400 { #expect(found.count == TemplateResidueScanner.maxFindings) }
        }
    }
}
