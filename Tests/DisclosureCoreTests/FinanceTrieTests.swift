import DisclosureTestSupport
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

    @Test func findsWhatTheLexiconFindsInGeneratedText() {
        // The walk reads a three-byte scalar's continuation bytes in one 16-bit load, other scalars byte by byte:
        // generated text of the entries, entries cut short, stray and cut scalars, compared at every position and end.
        var generator = SplitMix64(seed: 31)
        let pieces: [[UInt8]] =
            Self.entries.map { Array($0.0.utf8) }
            + [Array("的公共".utf8), Array("x".utf8), [0xE6, 0x94], [0x94], [0xE6, 0x14, 0x36], [0xF0, 0xA0]]
        for _ in 0..<120 {
            var bytes: [UInt8] = []
            for _ in 0..<(1 + generator.below(5)) {
                let piece = generator.pick(pieces)
                bytes += generator.below(3) == 0 ? Array(piece.prefix(1 + generator.below(piece.count))) : piece
            }
            compare(bytes)
        }
    }

    @Test func stopsWherePatternsStartAndAtTheExtraBytes() {
        let trie = FinanceTrie(Self.entries)
        let bytes = Array("的的的一般公x的7收".utf8)
        let stops = FinanceTrie.stops(Self.entries, where: { $0 != 3 && $0 != 1 }, alsoAt: { $0 == UInt8(ascii: "7") })
        stops.withUnsafeBufferPointer { stops in
            bytes.withUnsafeBufferPointer { buffer in
                let first = FinanceTrie<Int>.nextCandidate(
                    in: buffer,
                    from: 0,
                    end: buffer.count,
                    stops: stops.baseAddress!
                )
                // 一般公 opens 一般公共预算财政拨款收入 (value 2), which is included.
                #expect(first == 9)
                let digit = FinanceTrie<Int>.nextCandidate(
                    in: buffer,
                    from: 12,
                    end: buffer.count,
                    stops: stops.baseAddress!
                )
                #expect(digit == 22)
                let last = FinanceTrie<Int>.nextCandidate(
                    in: buffer,
                    from: 23,
                    end: buffer.count,
                    stops: stops.baseAddress!
                )
                #expect(last == 23)
            }
        }
        #expect(trie.longestMatch(in: bytes, at: 9)?.value == 3)
    }

    @Test func neverSkipsAPlaceWhereATermStartsOrTheTokenizerActs() {
        // Text made of the terms' first one, two and three scalars (where the opening and triple sets decide), whole
        // terms, and fillers; from every offset, the search must stop at or before the first place where the
        // tokenizer acts (a digit, `,`, `、`) or a pattern with a term matches.
        let marks = FinanceMarks.shared
        let terms = FinanceMark.entries().filter { $0.1.term != nil }.map { Array($0.0.unicodeScalars) }
        var pieces = terms.flatMap { scalars in
            (1...min(4, scalars.count)).map { String(String.UnicodeScalarView(scalars.prefix($0))) }
        }
        pieces += terms.map { String(String.UnicodeScalarView($0)) }
        pieces += ["的", "和", "运行保障", "主要用于", "公共卫生", "、", "。", ",", "7", "x", "“", "é", "𠀀", " "]
        var generator = SplitMix64(seed: 3)
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<24 { text += pieces[Int(generator.next() % UInt64(pieces.count))] }
            let bytes = Array(text.utf8)
            // Scalar starts only: the search steps by scalar.
            var starts: [Int] = []
            var offset = 0
            while offset < bytes.count {
                starts.append(offset)
                offset += ByteScan.scalarLength(bytes, at: offset)
            }
            let needed = starts.filter { at in
                let byte = bytes[at]
                if ByteScan.isDigit(byte) || byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";")
                    || byte == UInt8(ascii: ":") || ByteScan.matches(bytes, "、", at: at)
                {
                    return true
                }
                return marks.lexicon.longestMatch(in: bytes, at: at)?.value.term != nil
            }
            bytes.withUnsafeBufferPointer { buffer in
                marks.termTokenStops.withUnsafeBufferPointer { stops in
                    for from in starts {
                        let found = FinanceTrie<FinanceMark>.nextCandidate(
                            in: buffer,
                            from: from,
                            end: buffer.count,
                            stops: stops.baseAddress!
                        )
                        let expected = needed.first { $0 >= from } ?? buffer.count
                        #expect(found <= expected, "\(text.debugDescription) from \(from)")
                    }
                }
            }
        }
    }

    @Test func crossesCommonOpeningsThatNoTermGoesOnWith() {
        // 运行 opens 运行经费 and 运行维护费, 主要 opens 主要原因是: the triple set lets the search cross
        // 运行保障 and 主要用于, and `。` (crossed by its scalar, unlike `、`).
        let marks = FinanceMarks.shared
        let bytes = Array("运行保障主要用于。运行经费".utf8)
        let found = bytes.withUnsafeBufferPointer { buffer in
            marks.termTokenStops.withUnsafeBufferPointer { stops in
                FinanceTrie<FinanceMark>.nextCandidate(
                    in: buffer,
                    from: 0,
                    end: buffer.count,
                    stops: stops.baseAddress!
                )
            }
        }
        #expect(found == Array("运行保障主要用于。".utf8).count)
    }

    @Test func stopsWhereTheFirstThreeScalarsOfATermOccur() {
        let entries = FinanceMark.entries()
        let text = Array(
            """
            2024年收入预算1651.99万元,其中:一般公共预算拨款1651.99万元、政府性基金预算拨款0万元。支出较上年减少\
            253.82万元,主要是人员经费增加;“三公”经费预算与上年持平。本单位无政府采购预算。基本支出占59.79%。\
            主要用于公共卫生能力提升、设施设备购置和日常运行保障,绩效目标为完成率不低于90%。和为公
            """.utf8
        )
        // Per first scalar of a term, what follows it in one up to its third scalar: the second and third when both
        // are three-byte scalars, else the second when it is one (nil: the first may stop by itself).
        var openings: [[UInt8]: Set<[UInt8]?>] = [:]
        for (pattern, mark) in entries where mark.term != nil {
            let bytes = Array(pattern.utf8)
            let first = ByteScan.scalarLength(bytes, at: 0)
            var next: [UInt8]?
            if bytes[0] & 0xF0 == 0xE0, bytes.count >= 6, bytes[3] & 0xF0 == 0xE0 {
                next = bytes.count >= 9 && bytes[6] & 0xF0 == 0xE0 ? Array(bytes[3..<9]) : Array(bytes[3..<6])
            }
            openings[Array(bytes[0..<first]), default: []].insert(next)
        }
        let isComma = { (byte: UInt8) in byte == UInt8(ascii: ",") }
        let stops = FinanceTrie.stops(entries, where: { $0.term != nil }, alsoAt: isComma)
        // Where the search must stop (a comma, or a term's first three scalars, or two when they are all its
        // three-byte ones, or too close to the end to tell), and where it may (a term's first scalar: the scalars'
        // hashes may collide with a pattern's).
        func mustStop(_ offset: Int) -> Bool {
            if isComma(text[offset]) { return true }
            let length = ByteScan.scalarLength(text, at: offset)
            guard let nexts = openings[Array(text[offset..<(offset + length)])] else { return false }
            if nexts.contains(nil) || length != 3 { return true }
            // Scalar by scalar: one that differs rules the term out; the end before one that might not, in.
            return nexts.contains { next in
                guard let next else { return true }
                for scalar in stride(from: 0, to: next.count, by: 3) {
                    let at = offset + 3 + scalar
                    guard at + 3 <= text.count else { return true }
                    if Array(text[at..<(at + 3)]) != Array(next[scalar..<(scalar + 3)]) { return false }
                }
                return true
            }
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

    @Test func searchesAsTheReferenceDoesOnGeneratedText() {
        // The loop over runs of three-byte scalars and the ASCII skip against the one-scalar-per-step reference, on
        // mixes of CJK (pattern openings among them), ASCII runs of every length around the skip's eight-byte words,
        // the stops of the flag and title tables (`%`, quotes), digits, other scalar lengths and stray bytes; from
        // every offset, with the whole text and a shorter end.
        let marks = FinanceMarks.shared
        let tables = [marks.termTokenStops, marks.topicStops, marks.flagStops, marks.titleStops]
        let cjk = Array("的和为公支收预算出入年度本单位部门经费项目主要用于运行保障无未没有占一般公共预算元万")
        var generator = SplitMix64(seed: 21)
        for round in 0..<150 {
            var bytes: [UInt8] = []
            for _ in 0..<(1 + generator.below(12)) {
                switch generator.below(6) {
                case 0, 1:
                    let run = (0..<(1 + generator.below(5))).map { _ in generator.pick(cjk) }
                    bytes += Array(String(run).utf8)
                case 2:
                    let ascii = Array("ab x-.()  7,%'\"".utf8)
                    bytes += (0..<generator.below(20)).map { _ in generator.pick(ascii) }
                case 3:
                    bytes += Array(generator.pick(["é", "𠀀", "“", "、", "。", "2024", "%"]).utf8)
                case 4:
                    bytes += [generator.pick([0x85, 0x83, 0xE5, 0xC3, 0xF0] as [UInt8])]
                default:
                    bytes += Array(String(generator.pick(cjk)).utf8)
                }
            }
            bytes.withUnsafeBufferPointer { buffer in
                for (number, table) in tables.enumerated() {
                    table.withUnsafeBufferPointer { stops in
                        let stops = stops.baseAddress!
                        for from in 0..<buffer.count {
                            for end in Set([buffer.count, from + generator.below(buffer.count - from + 1)]) {
                                let expected = FinanceTrie<FinanceMark>.referenceCandidate(
                                    in: buffer,
                                    from: from,
                                    end: end,
                                    stops: stops
                                )
                                for skipsASCII in [false, true] {
                                    let found = FinanceTrie<FinanceMark>.nextCandidate(
                                        in: buffer,
                                        from: from,
                                        end: end,
                                        stops: stops,
                                        skipsASCII: skipsASCII
                                    )
                                    #expect(
                                        found == expected,
                                        "round \(round) table \(number) \(from)..<\(end) skip \(skipsASCII): \(bytes)"
                                    )
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
