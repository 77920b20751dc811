import Testing

@testable import DisclosureCore

/// The byte lookups the table rules use in place of linear scans, against the scans they replace.
@Suite struct TableLabelLookupTests {
    static func withBytes<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        Array(text.utf8).withUnsafeBufferPointer(body)
    }

    @Test func byteLabelIndexAnswersTheFirstEqualEntry() {
        let entries = ["收入合计", "支出合计", "收入合计", "", "本年收入", "a"]
        let index = ByteLabelIndex(entries.map { Array($0.utf8) })
        #expect(index.count == entries.count)
        for probe in entries + ["收入", "支出合计 ", "b", "本年收入合计"] {
            let expected = entries.firstIndex(of: probe)
            #expect(TableLabelLookupTests.withBytes(probe) { index.firstIndex(of: $0) } == expected, "\(probe)")
        }
        #expect(TableLabelLookupTests.withBytes("x") { ByteLabelIndex().firstIndex(of: $0) } == nil)
        #expect(TableLabelLookupTests.withBytes("") { ByteLabelIndex().firstIndex(of: $0) } == nil)
    }

    @Test func classNamesAreFoundAsTheScanFoundThem() {
        let index = ByteLabelIndex(FunctionClassCatalog.allNameBytes)
        let probes = FunctionClassCatalog.allNames.map(\.name.text) + ["卫生健康", "一般公共服务支出合计", "教育"]
        for probe in probes {
            let scanned = FunctionClassCatalog.allNameBytes.firstIndex { $0 == Array(probe.utf8) }
            #expect(TableLabelLookupTests.withBytes(probe) { index.firstIndex(of: $0) } == scanned, "\(probe)")
        }
    }

    @Test func totalWordsAreFoundAsTheByteSearchFoundThem() {
        let heji = Array("合计".utf8)
        let zongji = Array("总计".utf8)
        let probes = [
            "合计", "总计", "收入合计", "支出总计", "合计数", "a合计", "ab总计c", "计", "合", "合 计", "共计", "总", "",
            "计合计", "(合计)", "合合计计",
        ]
        for probe in probes {
            let expected = TableLabelLookupTests.withBytes(probe) {
                TextSearch.contains(heji, in: $0) || TextSearch.contains(zongji, in: $0)
            }
            #expect(TableLabelLookupTests.withBytes(probe) { TableSumRule.namesTotal($0) } == expected, "\(probe)")
        }
    }

    @Test func totalWordsInGeneratedLabelsAreFoundAsTheByteSearchFoundThem() {
        // Labels of 0 to ~70 bytes (below a block, one block, several, the last one overlapping), heavy on 计 and
        // the characters whose UTF-8 shares its bytes (记 设 认 E8 AE …, 合 总 before other characters), so that
        // every lane of a block and both ends of a label are tried.
        let heji = Array("合计".utf8)
        let zongji = Array("总计".utf8)
        let pieces = [
            "合计", "总计", "合", "总", "计", "记", "设", "认", "收入", "支出", "a", "1", " ", "(", "é", "\u{1F600}",
            "一般公共服务支出", "®", "合记", "总设",
        ]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for round in 0..<20_000 {
            var label = ""
            for _ in 0..<next(12) { label += pieces[next(pieces.count)] }
            let expected = TableLabelLookupTests.withBytes(label) {
                TextSearch.contains(heji, in: $0) || TextSearch.contains(zongji, in: $0)
            }
            #expect(
                TableLabelLookupTests.withBytes(label) { TableSumRule.namesTotal($0) } == expected,
                "round \(round): \(label)"
            )
        }
    }
}
