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
            for (id, pattern) in group.patterns.enumerated() {
                for start in TextSearch.occurrences(of: pattern, in: text) {
                    expected.append(MultiPatternMatcher.Match(pattern: id, start: start, end: start + pattern.count))
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
}
