import Testing

@testable import DisclosureCore

@Suite struct FunctionClassCatalogTests {
    /// What the lookups answered when they compared `String`s only.
    private func byStrings(_ name: String) -> String? {
        FunctionClassCatalog.allNames.first { $0.name.text == name }?.code
    }

    private func suffixByStrings(_ text: String) -> String? {
        FunctionClassCatalog.allNames.first { text.hasSuffix($0.name.text) }?.code
    }

    @Test func lookupsAgreeWithStringComparison() {
        var texts: [String] = []
        for (_, name) in FunctionClassCatalog.allNames {
            texts += [name.text, "医疗" + name.text, name.text + "类", String(name.text.dropFirst())]
        }
        // Not plain: a combining mark, a decomposed form, a carriage return, Latin text.
        texts += ["卫生健康支出\u{301}", "e\u{301}卫生健康支出", "卫生健康支出\r", "\r\n住房保障支出", "é住房保障支出", "", "abc"]
        for text in texts {
            #expect(FunctionClassCatalog.code(ofName: text)?.code == byStrings(text), "\(text)")
            #expect(FunctionClassCatalog.suffixName(of: text)?.code == suffixByStrings(text), "\(text)")
        }
        #expect(FunctionClassCatalog.code(ofName: "医疗卫生与计划生育支出")?.code == "210")
        #expect(FunctionClassCatalog.suffixName(of: "本级医疗卫生与计划生育支出")?.name.lastYear == 2018)
    }
}
