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
}
