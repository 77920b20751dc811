import Testing

@testable import DisclosureCore

@Suite struct FinanceExtractorTests {
    private func extract(_ text: String, kind: DocumentKind? = nil) -> DisclosureRecord {
        var record = DisclosureRecord(documentId: "test")
        record.kind = kind
        FinanceExtractor.extract(NormalizedText(normalized: text), into: &record)
        return record
    }

    private func amount(_ text: String) -> Amount { Amount(parsing: text)! }

    @Test func readsIncomeSourcesChangeAndDrivers() {
        let record = extract(
            """
            (一)收入预算
            2024年年初预算数1651.99万元,其中:一般公共预算拨款1651.99万元,政府性基金预算拨款0万元,其他收入0万元。\
            收入较2023年减少253.82万元,主要是人员经费拨款增加36.18万元,项目经费拨款减少290万元。
            """,
            kind: .budget
        )
        #expect(record.income.total?.value == amount("1651.99"))
        #expect(record.income.sources.generalPublicBudget?.value == amount("1651.99"))
        #expect(record.income.sources.governmentFund?.value == .zero)
        #expect(record.income.change.amount?.value == amount("-253.82"))
        #expect(record.income.change.drivers.map(\.label) == ["人员经费", "项目经费"])
        #expect(record.income.change.drivers.map(\.amount.value) == [amount("36.18"), amount("-290")])
    }

    @Test func theSameAsThePriorYearIsAZeroChange() {
        let record = extract(
            """
            九、“三公”经费预算情况说明
            1.因公出国(境)费预算支出70万元,与上年预算数一致。
            2.公务接待费预算支出27万元,同上年决算数持平。
            """,
            kind: .budget
        )
        #expect(record.threePublic.outboundTravel.change?.value == .zero)
        #expect(record.threePublic.reception.change?.value == .zero)
    }

    @Test func aFundIncomeUnderTheFundsHeadingIsAnIncomeSource() {
        let record = extract(
            """
            1.财政拨款收入预算总计27664.22万元。
            (1)一般公共预算收入预算27664.22万元,与上年相比增加3205.79万元。
            (2)政府性基金收入预算0万元,与上年相比无变化。
            十、政府性基金预算支出预算情况说明
            本表反映部门年度政府性基金支出预算安排情况。
            2019年政府性基金支出预算支出0万元。
            """,
            kind: .budget
        )
        #expect(record.income.sources.governmentFund?.value == .zero)
        #expect(record.governmentFund.expenditure?.value == .zero)
        // The general-public-budget income source is the appropriation's income; 财政拨款收入 is all funds.
        #expect(record.appropriation.income?.value == amount("27664.22"))
        #expect(record.appropriation.allFundsIncome.amount?.value == amount("27664.22"))
    }

    @Test func readsTheAllFundsIncomeAndItsChange() {
        let record = extract(
            """
            2025年,某部门收入预算37151.47万元,其中:财政拨款收入37151.47万元,比2024年预算执行数增加24558.18万元;            事业收入0万元。
            """,
            kind: .budget
        )
        #expect(record.appropriation.allFundsIncome.amount?.value == amount("37151.47"))
        #expect(record.appropriation.allFundsIncome.change?.value == amount("24558.18"))
        #expect(record.appropriation.income == nil)
        #expect(record.income.sources.generalPublicBudget == nil)
    }

    @Test func noThreePublicSpendingIsAZeroTotalUnlessAnAmountIsStated() {
        let none = extract(
            """
            七、财政拨款“三公”经费支出决算情况说明
            本部门2024年度无“三公”经费财政拨款支出。
            """,
            kind: .finalAccounts
        )
        #expect(none.threePublic.total.amount?.value == .zero)
        // An empty table's note beside prose that states the amount: the amount stands.
        let stated = extract(
            """
            注:本部门2024年无“三公”经费和机关运行经费预算,故本表为空表。
            一、2024年“三公”经费预算情况说明
            2024年“三公”经费预算数为47.91万元,比2023年预算增加25万元。
            """,
            kind: .budget
        )
        #expect(stated.threePublic.total.amount?.value == amount("47.91"))
        // A zero change is not a "none".
        let unchanged = extract("“三公”经费支出无变化。", kind: .budget)
        #expect(unchanged.threePublic.total.amount == nil)
    }

    @Test func aRateWithoutItsPercentSignAfterAChangeIsTheChangePercent() {
        let record = extract(
            """
            一般公共预算财政拨款支出9746.50万元,与2023年度相比,一般公共预算财政拨款支出增加1193.20万元,增长13.95。主要原因:项目支出增加。
            """,
            kind: .finalAccounts
        )
        #expect(record.appropriation.change?.value == amount("1193.20"))
        #expect(record.appropriation.changePercent?.value == amount("13.95"))
        // A bare number that does not end its clause is not a rate.
        let count = extract("一般公共预算财政拨款支出9746.50万元,比上年增加1193.20万元,增长2倍。", kind: .budget)
        #expect(count.appropriation.changePercent == nil)
    }

    @Test func readsFinalAccountsTotalsCarryoverAndGrandTotals() {
        let record = extract(
            """
            一、收入支出决算总体情况说明
            2019年度收入总计769.97万元,支出总计769.97万元。收入总计中,本年收入合计677.47万元,年初结转和结余92.50万元;\
            支出总计中,本年支出合计726.20万元,年末结转和结余43.77万元。
            三、支出决算情况说明
            2019年度本年支出合计726.20万元,比2018年增加5.75万元,增长0.8%。其中:基本支出568.16万元,占78.24%;\
            项目支出158.04万元,占21.76%。按支出功能分类:201一般公共服务(类)支出594.45万元,占81.86%。
            """,
            kind: .finalAccounts
        )
        #expect(record.income.grandTotal?.value == amount("769.97"))
        #expect(record.income.total?.value == amount("677.47"))
        #expect(record.carryover.opening?.value == amount("92.5"))
        #expect(record.carryover.closing?.value == amount("43.77"))
        #expect(record.expenditure.change.amount?.value == amount("5.75"))
        #expect(record.expenditure.changePercent?.value == amount("0.8"))
        #expect(record.expenditure.basic.amount?.value == amount("568.16"))
        #expect(record.expenditure.project.amount?.value == amount("158.04"))
        #expect(record.expenditure.byFunction.first?.code == "201")
        #expect(record.expenditure.byFunction.first?.name == "一般公共服务支出")
    }

    @Test func readsThreePublicBudgetComparisonAndCompletion() {
        let record = extract(
            """
            七、“三公”经费情况说明
            2024年度“三公”经费财政拨款支出决算为9.7万元,年初预算为14.81万元,完成年初预算的65.50%,\
            比2023年减少0.46万元,下降4.53%。其中:因公出国(境)费0万元,与2023年相比,无变化;\
            公务用车运行维护费4.7万元,完成年初预算5.21万元的90.21%,比2023年下降1.91万元;\
            公务接待费2.14万元,与2021年度预算相比,增加1.14万元,增长1.14%。
            """,
            kind: .finalAccounts
        )
        let threePublic = record.threePublic
        #expect(threePublic.total.amount?.value == amount("9.7"))
        #expect(threePublic.total.budget?.value == amount("14.81"))
        #expect(threePublic.total.completionPercent?.value == amount("65.50"))
        #expect(threePublic.total.change?.value == amount("-0.46"))
        #expect(threePublic.total.changePercent?.value == amount("-4.53"))
        #expect(threePublic.outboundTravel.change?.value == .zero)
        #expect(threePublic.vehicleOperation.budget?.value == amount("5.21"))
        #expect(threePublic.vehicleOperation.completionPercent?.value == amount("90.21"))
        #expect(threePublic.vehicleOperation.change?.value == amount("-1.91"))
        // A comparison with the budget is not a change against the prior year.
        #expect(threePublic.reception.change == nil)
        #expect(threePublic.reception.changePercent == nil)
    }

    @Test func readsAppropriationProcurementAndStatements() {
        let record = extract(
            """
            三、单位预算情况说明
            2024年一般公共预算财政拨款收入1651.99万元,一般公共预算财政拨款支出1651.99万元,比2023年减少253.82万元。\
            其中:基本支出987.8万元,比2023年增加36.18万元;项目支出664.19万元,比2023年减少290万元。
            本单位2024年无使用政府性基金预算拨款安排的支出。
            (二)政府采购情况。本单位政府采购预算总额30万元:政府采购货物预算30万元、政府采购工程预算0万元;\
            其中一般公共预算拨款政府采购20万元:政府采购货物预算20万元。
            """,
            kind: .budget
        )
        #expect(record.appropriation.income?.value == amount("1651.99"))
        #expect(record.appropriation.change?.value == amount("-253.82"))
        #expect(record.appropriation.basic.amount?.value == amount("987.8"))
        #expect(record.appropriation.project.change?.value == amount("-290"))
        #expect(record.governmentFund.expenditure?.value == .zero)
        #expect(record.governmentFund.noneStatement != nil)
        #expect(record.procurement.total?.value == amount("30"))
        #expect(record.procurement.works?.value == .zero)
        #expect(record.procurement.generalPublicBudget.total?.value == amount("20"))
        #expect(record.procurement.generalPublicBudget.goods?.value == amount("20"))
    }

    @Test func splitsPairedGrandTotalsAndUsesTheirChangeForEqualTotals() {
        let record = extract(
            """
            一、收入支出决算总体情况说明
            2022年度收、支总计各是4125.49,4143.91万元。与2021年相比,收、支总计各减少1267.86,2570.97万元,\
            各下降23.51%、38.28%。
            2022年本年收入合计4125.49万元。2022年本年支出合计4143.91万元。
            """,
            kind: .finalAccounts
        )
        #expect(record.income.grandTotal?.value == amount("4125.49"))
        #expect(record.expenditure.grandTotal?.value == amount("4143.91"))
        #expect(record.income.change.amount?.value == amount("-1267.86"))
        #expect(record.expenditure.change.amount?.value == amount("-2570.97"))
        #expect(record.expenditure.changePercent?.value == amount("-38.28"))
    }

    @Test func recordsSentencesItCannotPlace() {
        let record = extract("2024年捐赠款收入以外另有12万元。", kind: .budget)
        #expect(record.observations.unplacedSentences.count == 1)
    }
}

/// Wordings the corpus does not show, written the way other provinces and years phrase the same statements.
@Suite struct FinanceWordingVariantTests {
    private func extract(_ text: String, kind: DocumentKind) -> DisclosureRecord {
        var record = DisclosureRecord(documentId: "test")
        record.kind = kind
        FinanceExtractor.extract(NormalizedText(normalized: text), into: &record)
        return record
    }

    private func amount(_ text: String) -> Amount { Amount(parsing: text)! }

    @Test func readsNumberedDriversAfterAReasonIntro() {
        let record = extract(
            """
            二、收入预算情况
            2025年本年收入合计500万元,比上年减少20万元,下降3.85%。主要原因:一是人员经费拨款减少30万元;\
            二是项目经费增加10万元。
            """,
            kind: .budget
        )
        #expect(record.income.total?.value == amount("500"))
        #expect(record.income.changePercent?.value == amount("-3.85"))
        #expect(record.income.change.drivers.map(\.label) == ["人员经费", "项目经费"])
        #expect(record.income.change.drivers.map(\.amount.value) == [amount("-30"), amount("10")])
    }

    @Test func readsZeroChangesStatedWithoutAmounts() {
        let record = extract(
            """
            七、“三公”经费情况说明
            2024年度“三公”经费财政拨款支出决算为0.00万元。
            2024年度“三公”经费财政拨款支出决算数与2023年度持平。其中:因公出国(境)费支出决算持平;\
            公务接待费支出决算与上年相同。
            """,
            kind: .finalAccounts
        )
        #expect(record.threePublic.total.change?.value == .zero)
        #expect(record.threePublic.outboundTravel.change?.value == .zero)
        #expect(record.threePublic.reception.change?.value == .zero)
    }

    @Test func proseDoesNotMoveTheTopic() {
        let record = extract(
            """
            六、项目支出情况
            委托中介机构开展各类审计及绩效评价工作。年初预算为450.52万元,支出决算为449.52万元。
            十、预算绩效管理情况
            编报绩效目标的2024年度项目4个,涉及预算金额598.42万元。
            """,
            kind: .finalAccounts
        )
        #expect(record.performance.projectFunds?.value == amount("598.42"))
    }

    @Test func readsNoneStatementsAndShortVerbs() {
        let record = extract(
            """
            五、政府性基金预算支出情况
            本单位政府性基金预算财政拨款支出为零。
            八、机关运行经费
            2024年机关运行经费预算65.63万元,比上年多3.49万元。
            """,
            kind: .budget
        )
        #expect(record.governmentFund.expenditure?.value == .zero)
        #expect(record.operatingFunds.amount?.value == amount("65.63"))
        #expect(record.operatingFunds.change?.value == amount("3.49"))
    }

    @Test func aCarriedSubjectTakesAChangeButNotAnAmount() {
        let record = extract(
            """
            (二)支出预算总计13377.11万元。包括:
            1.一般公共服务(类)支出10271.56万元,主要用于单位行政运行。与上年相比增加2444.1万元,增长31.22%。
            单位预留机动经费预算数为1886.02万元。
            """,
            kind: .budget
        )
        let line = record.expenditure.byFunction.first
        #expect(line?.block.change?.value == amount("2444.1"))
        #expect(line?.block.changePercent?.value == amount("31.22"))
        #expect(record.expenditure.total == nil)
    }
}

@Suite struct ThreePublicTableReaderTests {
    private func extract(_ text: String, kind: DocumentKind) -> DisclosureRecord {
        var record = DisclosureRecord(documentId: "test")
        record.kind = kind
        FinanceExtractor.extract(NormalizedText(normalized: text), into: &record)
        return record
    }

    @Test func readsBudgetAndFinalColumnsOfACellPerLineTable() {
        let record = extract(
            """
            一、2021年度一般公共预算财政拨款“三公”经费支出决算表
            单位:万元
            |
            项目 |
            预算数 |
            决算数 |
            |
            合计 |
            246 |
            167.37 |
            |
            公务接待费 |
            1 |
            2.14 |
            |
            其中:公务用车运行维护费 |
            165 |
            87.07 |
            """,
            kind: .finalAccounts
        )
        #expect(record.threePublic.total.amount?.value == Amount(parsing: "167.37"))
        #expect(record.threePublic.total.budget?.value == Amount(246))
        #expect(record.threePublic.reception.budget?.value == Amount(1))
        #expect(record.threePublic.vehicleOperation.amount?.value == Amount(parsing: "87.07"))
    }

    @Test func readsChangeColumnsWithTheirHeaderSign() {
        let record = extract(
            """
            2020年度全区“三公”经费决算情况
            经费项目 |
            2020年度支出(万元) |
            支出减少情况(万元) |
            支出减少率 |
            因公出国(境)费 |
            0 |
            3 |
            5% |
            公务接待费 |
            71.53 |
            - |
            - |
            """,
            kind: .finalAccounts
        )
        #expect(record.threePublic.outboundTravel.amount?.value == .zero)
        #expect(record.threePublic.outboundTravel.change?.value == Amount(-3))
        #expect(record.threePublic.outboundTravel.changePercent?.value == Amount(-5))
        #expect(record.threePublic.reception.amount?.value == Amount(parsing: "71.53"))
        #expect(record.threePublic.reception.change == nil)
    }

    @Test func proseWinsOverTheTable() {
        let record = extract(
            """
            2024年“三公”经费预算20万元。
            项目 |
            预算数 |
            合计 |
            21 |
            公务接待费 |
            5 |
            """,
            kind: .budget
        )
        #expect(record.threePublic.total.amount?.value == Amount(20))
        #expect(record.threePublic.reception.amount?.value == Amount(5))
    }
}

@Suite struct FinanceResidueAndNegationTests {
    private func extract(_ text: String, kind: DocumentKind) -> DisclosureRecord {
        var record = DisclosureRecord(documentId: "test")
        record.kind = kind
        FinanceExtractor.extract(NormalizedText(normalized: text), into: &record)
        return record
    }

    @Test func aBracketedAlternativeVerbDoesNotFlipTheSign() {
        let record = extract(
            "2024年度“三公”经费财政拨款支出决算数比2023年度减少0.15万元,下降(增长)27.78%。",
            kind: .finalAccounts
        )
        #expect(record.threePublic.total.change?.value == Amount(parsing: "-0.15"))
        #expect(record.threePublic.total.changePercent?.value == Amount(parsing: "-27.78"))
    }

    @Test func onlyAStatementOfNoProcurementMeansZero() {
        let stray = extract("部分项目年末政府采购流程未及时完毕致使项目进度拖延。", kind: .finalAccounts)
        #expect(stray.procurement.total == nil)
        let none = extract("本单位2026年无政府采购预算。", kind: .budget)
        #expect(none.procurement.total?.value == .zero)
    }

    @Test func aChangeAfterAnUnknownItemIsNotTheTotals() {
        let record = extract(
            """
            (二)支出预算总计13377.11万元。
            单位预留机动经费预算为1886.02万元。与上年相比增加728.39万元,增长62.92%。
            """,
            kind: .budget
        )
        #expect(record.expenditure.change.amount == nil)
        #expect(record.expenditure.changePercent == nil)
    }
}

@Suite struct FinanceContinuationTests {
    @Test func aSentenceOpeningWithQizhongKeepsTheIncomeTopic() {
        var record = DisclosureRecord(documentId: "test")
        record.kind = .finalAccounts
        let text = """
            二、收入决算情况说明
            本年收入合计1100.50万元,与上年相比增长8.2%,增加83.40万元。其中:一般公共预算财政拨款收入1000.00万元;\
            政府性基金预算财政拨款收入100.50万元。
            五、“三公”经费情况说明
            “三公”经费支出决算数为10.00万元,占年初预算12.00万元的83.33%。其中:因公出国(境)费0万元,同上年一致。
            """
        FinanceExtractor.extract(NormalizedText(normalized: text), into: &record)
        #expect(record.income.sources.generalPublicBudget?.value == Amount(1000))
        #expect(record.income.sources.governmentFund?.value == Amount(parsing: "100.5"))
        // The appropriation's income is the same figure (DISCLOSURE-RULES R9), taken from the source's sentence.
        #expect(record.appropriation.income == record.income.sources.generalPublicBudget)
        #expect(record.threePublic.total.budget?.value == Amount(12))
        #expect(record.threePublic.total.completionPercent?.value == Amount(parsing: "83.33"))
        #expect(record.threePublic.outboundTravel.change?.value == .zero)
    }
}
