import Testing

@testable import DisclosureCore

/// ``FinanceTrie`` must find what a ``Lexicon`` of the same entries finds, at every position and end.
@Suite struct FinanceTrieTests {
    private static let entries: [(String, Int)] = [
        ("一般公共预算", 1), ("一般公共预算财政拨款收入", 2), ("一般", 3), ("收入", 4), ("收入", 5), ("“三公”经费", 6),
        ("\"三公\"", 7), ("因公出国(境)费", 8), ("增", 9), ("%", 10), ("a", 11), ("é", 12), ("𠀀字", 13),
    ]

    /// Compares every lookup in `bytes`, with every end.
    private func compare(_ bytes: [UInt8]) {
        let lexicon = Lexicon(Self.entries)
        let trie = FinanceTrie(Self.entries)
        for offset in 0..<bytes.count {
            for end in (offset + 1)...bytes.count {
                let expected = lexicon.longestMatch(in: bytes, at: offset, limit: end)
                let found = trie.longestMatch(in: bytes, at: offset, limit: end)
                #expect(found?.value == expected?.value, "at \(offset)..<\(end)")
                #expect(found?.length == expected?.length, "at \(offset)..<\(end)")
            }
        }
    }

    @Test func findsWhatTheLexiconFinds() {
        compare(Array("2024年一般公共预算财政拨款收入100万元,一般公共预算支出;“三公”经费增5%,\"三公\"因公出国(境)费aé𠀀字".utf8))
    }

    @Test func findsWhatTheLexiconFindsInBrokenText() {
        // Stray continuation bytes, a cut scalar at the end, and a lead byte whose code aliases 收 (E6 94 B6).
        compare(Array("收入".utf8) + [0x94, 0xB6, 0xE6, 0x14, 0x36, 0xE6, 0x94] + Array("一般".utf8) + [0xE4, 0xB8])
    }

    @Test func stopsWherePatternsStartAndAtTheExtraBytes() {
        let trie = FinanceTrie(Self.entries)
        let bytes = Array("的的的一般x的7收".utf8)
        let stops = FinanceTrie.stops(Self.entries, where: { $0 != 3 && $0 != 1 }, alsoAt: { $0 == UInt8(ascii: "7") })
        stops.withUnsafeBufferPointer { stops in
            bytes.withUnsafeBufferPointer { buffer in
                let first = FinanceTrie<Int>.nextCandidate(
                    in: buffer,
                    from: 0,
                    end: buffer.count,
                    stops: stops.baseAddress!
                )
                // 一 starts 一般公共预算财政拨款收入 (value 2), which is included.
                #expect(first == 9)
                let digit = FinanceTrie<Int>.nextCandidate(
                    in: buffer,
                    from: 10,
                    end: buffer.count,
                    stops: stops.baseAddress!
                )
                #expect(digit == 19)
                let last = FinanceTrie<Int>.nextCandidate(
                    in: buffer,
                    from: 20,
                    end: buffer.count,
                    stops: stops.baseAddress!
                )
                #expect(last == 20)
            }
        }
        #expect(trie.longestMatch(in: bytes, at: 9)?.value == 3)
    }

    @Test func stopsWhereTheFirstTwoScalarsOfATermOccur() {
        let entries = FinanceMark.entries()
        let text = Array(
            """
            2024年收入预算1651.99万元,其中:一般公共预算拨款1651.99万元、政府性基金预算拨款0万元。支出较上年减少\
            253.82万元,主要是人员经费增加;“三公”经费预算与上年持平。本单位无政府采购预算。基本支出占59.79%。\
            主要用于公共卫生能力提升、设施设备购置和日常运行保障,绩效目标为完成率不低于90%。和为公
            """.utf8
        )
        // Per first scalar of a term, the second scalars that follow it in one (nil: it may stop by itself).
        var openings: [[UInt8]: Set<[UInt8]?>] = [:]
        for (pattern, mark) in entries where mark.term != nil {
            let bytes = Array(pattern.utf8)
            let first = ByteScan.scalarLength(bytes, at: 0)
            var second: [UInt8]?
            if bytes[0] & 0xF0 == 0xE0, bytes.count >= 6, bytes[3] & 0xF0 == 0xE0 { second = Array(bytes[3..<6]) }
            openings[Array(bytes[0..<first]), default: []].insert(second)
        }
        let isComma = { (byte: UInt8) in byte == UInt8(ascii: ",") }
        let stops = FinanceTrie.stops(entries, where: { $0.term != nil }, alsoAt: isComma)
        // Where the search must stop (a comma, or a term's first two scalars), and where it may (a term's first scalar:
        // the two scalars' hash may collide with a pattern's).
        func mustStop(_ offset: Int) -> Bool {
            if isComma(text[offset]) { return true }
            let length = ByteScan.scalarLength(text, at: offset)
            guard let seconds = openings[Array(text[offset..<(offset + length)])] else { return false }
            if seconds.contains(nil) || length != 3 || offset + 6 > text.count { return true }
            return seconds.contains(Array(text[(offset + 3)..<(offset + 6)]))
        }
        func mayStop(_ offset: Int) -> Bool {
            let length = ByteScan.scalarLength(text, at: offset)
            return mustStop(offset) || openings[Array(text[offset..<(offset + length)])] != nil
        }
        var offset = 0
        var skipped = 0
        while offset < text.count {
            var expected = offset
            while expected < text.count && !mustStop(expected) {
                expected += ByteScan.scalarLength(text, at: expected)
            }
            let found = stops.withUnsafeBufferPointer { stops in
                text.withUnsafeBufferPointer {
                    FinanceTrie<FinanceMark>.nextCandidate(
                        in: $0,
                        from: offset,
                        end: text.count,
                        stops: stops.baseAddress!
                    )
                }
            }
            #expect(found <= expected, "from \(offset)")
            #expect(found == expected || mayStop(found), "from \(offset)")
            if mayStop(offset) && !mustStop(offset) && found > offset { skipped += 1 }
            offset += ByteScan.scalarLength(text, at: offset)
        }
        // 和, 为, 公, 提, 运 start terms, but not with what follows them here.
        #expect(skipped >= 5)
    }
}
