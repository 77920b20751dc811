import Testing

@testable import DisclosureCore

@Suite struct TextCuesTests {
    private let text = Array(
        "（一）部门职责\n本部门2024年一般公共预算支出增加(减少)XX万元。医疗卫生与计划生育支出(210类)。\n编制人数12人，领导职数3名。联系人:王某 电话:0771-1234567。共有车辆2辆，购置车辆0辆。国有资本经营预算无。(按实际填写)"
            .utf8
    )

    @Test func theRuleViewFindsWhatAPlainSearchFinds() {
        let index = TextCues(text).rules
        for pattern in RuleTextIndex.patterns {
            #expect(Array(index.occurrences(of: pattern)) == TextSearch.occurrences(of: pattern, in: text))
        }
        #expect(RuleTextIndex.id(of: Array("不是模式".utf8)) == nil)
        #expect(
            Array(index.occurrences(of: Array("万元".utf8))) == TextSearch.occurrences(of: Array("万元".utf8), in: text)
        )
    }

    @Test func theStructureViewFindsWhatAPlainSearchFinds() {
        let cues = TextCues(text).structure
        for group in StructureCues.Group.allCases {
            var expected: [MultiPatternMatcher.Match] = []
            let base = StructureCues.layout.groupStarts[group.rawValue]
            for (id, pattern) in group.patterns.enumerated() {
                // A vehicle key head reports its first character only.
                let length = StructureCues.reportedLengths[base + id]
                #expect(length == pattern.count || group == .vehicleHolding || group == .vehiclePurchase)
                for start in TextSearch.occurrences(of: pattern, in: text) {
                    expected.append(MultiPatternMatcher.Match(pattern: id, start: start, end: start + length))
                }
            }
            expected.sort { ($0.start, $0.pattern) < ($1.start, $1.pattern) }
            var found: [MultiPatternMatcher.Match] = []
            cues.forEach(group) { match in
                found.append(match)
                return true
            }
            #expect(found == expected, "\(group)")
        }
    }

    @Test func patternsSharedByBothViewsAreFoundOnce() throws {
        // `XX` is a residue cue and a rule pattern: one id serves both.
        let placeholder = Array("XX".utf8)
        let id = try #require(RuleTextIndex.id(of: placeholder))
        #expect(id == TextCues.ids[placeholder])
        #expect(id < TextCues.structureCount)
        #expect(Set(TextCues.patterns).count == TextCues.patterns.count)
    }
    @Test func keyHeadsAreFoundWhereverAVehicleKeyIsFoundAcrossLineBreaks() {
        for (group, keys) in [
            (StructureCues.Group.vehicleHolding, VehicleExtractor.holdingKeys.patterns),
            (.vehiclePurchase, VehicleExtractor.purchaseKeys.patterns),
        ] {
            for key in keys {
                // The key whole and broken by one or two line breaks after each of its characters.
                var texts = [Array("本单位".utf8) + key + Array("2辆".utf8)]
                for cut in stride(from: 3, to: key.count, by: 3) {
                    for breaks in [[UInt8(0x0A)], [0x0A, 0x0A]] {
                        texts.append(Array("公共".utf8) + key[..<cut] + breaks + key[cut...] + Array("\n公".utf8))
                    }
                }
                for text in texts {
                    let keyStart = text.indices.first {
                        VehicleExtractor.matchAcrossBreaks(key, in: text, at: $0) != nil
                    }
                    var starts: [Int] = []
                    TextCues(text).structure.forEach(group) { match in
                        #expect(match.end == match.start + 3)
                        starts.append(match.start)
                        return true
                    }
                    #expect(
                        keyStart != nil && starts.contains(keyStart ?? -1),
                        "\(String(decoding: text, as: UTF8.self))"
                    )
                    // The first characters alone (`公` of `公共`) are not reported.
                    #expect(!starts.contains(0))
                }
            }
        }
    }
}
