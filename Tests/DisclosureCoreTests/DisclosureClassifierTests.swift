import DisclosureCore
import Testing

@Suite struct DisclosureClassifierTests {
    private let classifier = DisclosureClassifier()

    @Test(arguments: [
        "2024年“三公”经费支出预算为14.01万元，其中：公务接待费0万元。",
        "本年收入合计2946.25万元，本年支出合计2946.25万元。",
        "2023年度决算：财政拨款收入 1 2 3 4 . 5 6 万 元",
        "机关运行经费支出１５７．２１万元",
        "单位：万元\n项目\t预算数\n合计\t4432\n因公出国（境）费用\t39",
        "重庆市铜梁区人民政府办公室2024年部门预算情况说明",
        "某某街道2023年度决算公开",
        "本 年 收 入 合 计 2946.25 万 元，本 年 支\n出 合 计 2946.25 万 元",
        "经 费 总预 算 安 排 37337407.64 元",
    ])
    func disclosuresPass(text: String) {
        #expect(classifier.isDisclosure(text))
    }

    @Test(arguments: [
        "今天天气很好，我们去公园散步。",
        "区委召开专题会议，研究部署安全生产工作。会议强调，要压实责任，确保全区安全形势稳定。",
        "我区举行2024年预算编制工作培训会，各部门财务人员参加。",
        "预 \n\n\n\n算 收入 100万元",
        String(repeating: "1234567890", count: 10_000),
        "",
    ])
    func otherTextIsRefused(text: String) {
        #expect(!classifier.isDisclosure(text))
    }

    @Test func theErrorSaysWhatIsMissing() {
        let document = DecodedDocument(text: "一篇新闻", documentId: "d", source: SourceInfo())
        #expect(throws: DisclosureError.self) { try classifier.check(document) }
        do {
            try classifier.check(document)
        } catch {
            #expect(error.code == .notADisclosure)
            #expect(error.message.contains("预算"))
        }
    }
}
