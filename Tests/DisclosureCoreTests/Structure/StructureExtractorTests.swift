import Testing

@testable import DisclosureCore

@Suite struct StructureExtractorTests {
    private func record(_ text: String) -> DisclosureRecord {
        var record = DisclosureRecord(documentId: "test")
        StructureExtractor.extract(TextNormalizer.normalize(text), into: &record)
        return record
    }

    // MARK: - Header

    @Test func readsUnitYearKindAndScopeFromTwoLineTitle() {
        let found = record("重庆市长寿区渡舟街道办事处(本级)\n2026年部门预算情况说明\n一、单位基本情况\n")
        #expect(found.unit.name?.value == "重庆市长寿区渡舟街道办事处")
        #expect(found.fiscalYear == 2026)
        #expect(found.kind == .budget)
        #expect(found.scope == .department)
        #expect(found.unit.region.code == "500115")
        #expect(found.title == "重庆市长寿区渡舟街道办事处(本级)2026年部门预算情况说明")
    }

    @Test func readsChineseYearAndFinalAccounts() {
        let found = record("甘肃省天水市清水县长岗镇中心卫生院\n二〇二一年度单位决算公开说明\n")
        #expect(found.fiscalYear == 2021)
        #expect(found.kind == .finalAccounts)
        #expect(found.scope == .unit)
        #expect(found.unit.region.county == "清水县")
    }

    @Test func joinsANameBrokenOverLines() {
        let found = record("上海市普陀区规划和自然\n资源局\n2024 年度部门决算\n目\n录\n")
        #expect(found.unit.name?.value == "上海市普陀区规划和自然资源局")
        #expect(found.unit.region == RegionInfo(province: "上海市", county: "普陀区", code: "310107"))
    }

    @Test func readsTheLabelUnderAPlaceOnlyTitle() {
        let found = record("上海市普陀区2025年区级单位预算\n预算单位：上海市普陀区人民政府办公室\n")
        #expect(found.unit.name?.value == "上海市普陀区人民政府办公室")
        #expect(found.scope == .unit)
    }

    @Test func readsTheUnitAfterTheYear() {
        let found = record("2023年广东省财政厅一般公共预算财政拨款“三公”经费支出决算情况说明\n")
        #expect(found.unit.name?.value == "广东省财政厅")
        #expect(found.kind == .finalAccounts)
    }

    @Test func fragmentWithoutTitleUsesBodySentences() {
        let found = record("(二)机构设置\n南纪门街道办事处内设10个办公室:党政办公室、财政办公室。\n2023年度收入总计6567.06万元,较上年决算数减少710.50万元。")
        #expect(found.unit.name?.value == "南纪门街道办事处")
        #expect(found.fiscalYear == 2023)
        #expect(found.kind == .finalAccounts)
    }

    @Test func fragmentWithoutUnitNamesItsPlace() {
        let found = record(
            "根据四川省财政厅《关于印发四川省预决算公开操作规程的通知》的有关规定,经绵竹市财政局汇总,2025年全市“三公”经费预算总额为1969万元。"
        )
        #expect(found.unit.name == nil)
        #expect(found.unit.region == RegionInfo(province: "四川省", city: "德阳市", county: "绵竹市", code: "510683"))
        // 预决算 (a regulation's name) does not make a budget a final account.
        #expect(found.kind == .budget)
        #expect(found.fiscalYear == 2025)
    }

    // MARK: - Duties and sub-units

    @Test func readsDutiesWithOriginalPunctuation() {
        let found = record("（一）职能职责\n本单位的主要职责是：\n1．研究各镇政府（街道办事处）请示的事项。\n2、负责“放管服”改革。\n（二）单位构成\n")
        #expect(found.duties.map(\.value) == ["研究各镇政府（街道办事处）请示的事项。", "负责“放管服”改革。"])
    }

    @Test func readsInlineDuties() {
        let found = record("(一)职能职责\n街道的主要职能是:1、履行辖区党的建设职责。2、履行辖区经济发展职责。3、完成交办的其他任务。\n")
        #expect(found.duties.map(\.value) == ["履行辖区党的建设职责。", "履行辖区经济发展职责。", "完成交办的其他任务。"])
    }

    @Test func readsNumberedSubUnitsWithDuties() {
        let found = record("（二）单位构成\n1.区长公开电话（信箱）办公室。负责受理工作；负责归档工作。\n2.督查室\n三、其他\n")
        #expect(found.subUnits.map(\.name) == ["区长公开电话（信箱）办公室", "督查室"])
        #expect(found.subUnits.map(\.duties) == ["负责受理工作；负责归档工作。", nil])
    }

    @Test func readsEnumeratedSubUnits() {
        let found = record("二、单位构成\n本单位内设6个科室：财务科、办公室、信息科等。\n第二部分\n")
        #expect(found.subUnits.map(\.name) == ["财务科", "办公室", "信息科"])
        #expect(found.subUnits.allSatisfy { $0.duties == nil })
        let department = record("(一)部门构成\n纳入本部门2022年部门预算编制范围的单位共2个，包括：机关本级、安庆市殡葬管理所。\n")
        #expect(department.subUnits.map(\.name) == ["机关本级", "安庆市殡葬管理所"])
    }

    @Test func readsUnitsListedBeforeTheirCount() {
        let found = record("（二）机构设置\n本单位设有办公室、财务科、业务科等3个内设机构。\n")
        #expect(found.subUnits.map(\.name) == ["办公室", "财务科", "业务科"])
        #expect(record("（二）机构设置\n本单位内设3个科室。\n").subUnits.isEmpty)
    }

    // MARK: - Staffing, contact, vehicles

    @Test func readsStaffingAndLeadersOutsideParentheses() {
        let found = record(
            "办公室机关行政编制25名，其中：主任1名（兼区政府外办主任）、副主任４名，科级领导职数17名（含外事科领导职数１名）。\n机关后勤服务人员事业编制4名。"
        )
        #expect(found.staffing.administrative?.value == 25)
        #expect(found.staffing.publicInstitution?.value == 4)
        #expect(found.staffing.leaders.map(\.title) == ["主任", "副主任", "科级领导职数"])
        #expect(found.staffing.leaders.map(\.count.value) == [1, 4, 17])
    }

    @Test func skipsHeadcountsAndOtherEstablishments() {
        let found = record("街道共有工作人员73人,其中行政编制25人、参公编制20人、事业编制26人。本单位核定事业编制两名，设院长一名。")
        #expect(found.staffing.administrative?.value == 25)
        #expect(found.staffing.publicInstitution?.value == 26)
        #expect(found.staffing.leaders.map(\.title) == ["院长"])
        let leaders = record("本单位核定事业编制12名，设院长一名、副院长两名。")
        #expect(leaders.staffing.leaders.map(\.title) == ["院长", "副院长"])
        #expect(leaders.staffing.leaders.map(\.count.value) == [1, 2])
    }

    @Test func readsAParenthesizedBreakdownButNotANote() {
        let found = record("核定行政编制9名，领导职数3名（局长1名、副局长2名）。")
        #expect(found.staffing.leaders.map(\.title) == ["领导职数", "局长", "副局长"])
        #expect(found.staffing.leaders.map(\.count.value) == [3, 1, 2])
    }

    @Test func readsDutiesNumberedWithParenthesizedChineseNumerals() {
        let found = record("一、主要职能\n（一）负责全区财政工作。\n（二）负责预算编制。\n二、机构设置\n")
        #expect(found.duties.map(\.value) == ["负责全区财政工作。", "负责预算编制。"])
    }

    @Test func readsContactWithoutAPhoneLabel() {
        let found = record("联系人及电话：张三，023-12345678")
        #expect(found.contact.name == "张三")
        #expect(found.contact.phone == "023-12345678")
    }

    @Test func dropsAboutFromTheTitle() {
        let found = record("关于重庆市铜梁区财政局2024年部门预算的说明\n")
        #expect(found.unit.name?.value == "重庆市铜梁区财政局")
        #expect(found.unit.region.code == "500151")
    }

    @Test func readsContact() {
        let found = record("部门预算公开联系人：陈厚英    联系方式：023-45632589  ")
        #expect(found.contact.name == "陈厚英")
        #expect(found.contact.phone == "023-45632589")
        let other = record("联系人：贺云力，联系电话：024-88754217")
        #expect(other.contact.name == "贺云力")
        #expect(other.contact.phone == "024-88754217")
        #expect(record("没有联系方式的文本。").contact == ContactBlock())
    }

    @Test func readsVehicleHoldingsAndPurchases() {
        let found = record(
            "截至2023年12月，所属各预算单位共有车辆3辆，其中一般公务用车1辆、执勤执法用车0辆、特种专业技术用车1辆、其他用车1辆。2024年一般公共预算安排购置车辆两辆，其中一般公务用车2辆。"
        )
        #expect(found.assets.vehicles.total?.value == 3)
        #expect(found.assets.vehicles.general?.value == 1)
        #expect(found.assets.vehicles.lawEnforcement?.value == 0)
        #expect(found.assets.vehicles.other?.value == 2)
        #expect(found.assets.vehiclePurchases.total?.value == 2)
        #expect(found.assets.vehiclePurchases.general?.value == 2)
        #expect(found.assets.vehiclePurchases.lawEnforcement == nil)
    }

    @Test func readsVehicleStatementBrokenInsideItsKey() {
        let found = record("四、国有资产占用情况\n截至2024年12月31日，本部门（单位）共有\n车辆 0 辆，其中：部级领导干部用车 0 辆、执法执勤用车 0 辆、其他用车 0 辆。")
        #expect(found.assets.vehicles.total?.value == 0)
        #expect(found.assets.vehicles.lawEnforcement?.value == 0)
        #expect(found.assets.vehicles.other?.value == 0)
        #expect(found.assets.vehicles.general == nil)
    }

    @Test func classifiesUnknownVehicleKindsByTheirLabel() {
        let found = record("本单位共有车辆5辆，其中：副部（省）级及以上领导用车1辆、一般公务用车2辆、业务执法车辆1辆、调研用车1辆。")
        #expect(found.assets.vehicles.total?.value == 5)
        #expect(found.assets.vehicles.general?.value == 2)
        #expect(found.assets.vehicles.lawEnforcement?.value == 1)
        #expect(found.assets.vehicles.other?.value == 2)
    }

    @Test func readsVehicleKindsAcrossLineBreaksAndSentences() {
        let found = record("本部门共有车辆55辆。其中，一般公务用车13辆、执法执\n勤用车40辆、其他用车2辆。")
        #expect(found.assets.vehicles.total?.value == 55)
        #expect(found.assets.vehicles.general?.value == 13)
        #expect(found.assets.vehicles.lawEnforcement?.value == 40)
        #expect(found.assets.vehicles.other?.value == 2)
    }

    // MARK: - Observations

    @Test func findsTemplateResidue() {
        let found = record(
            "财政拨款收入支出增加（减少）的主要原因是业务量增加。比2023年度减少0.15万元，下降（增长）27.78%。上海市普陀区XX局。运行费9.98万元，主要原因是。（按“06表”中实际发生事项填写）"
        )
        #expect(
            found.observations.templateResidue.map(\.value) == [
                "增加(减少)", "下降(增长)", "XX", "主要原因是。", "(按“06表”中实际发生事项填写)",
            ]
        )
        #expect(record("规定品目名称填写。URL http://a.gov.cn/XXyz").observations.templateResidue.isEmpty)
    }

    @Test func findsTheStateCapitalStatement() throws {
        let text = "收入0万元，国有资本经营预算收入0万元。本单位2024年无国有资本经营预算拨款收入，也没有使用国有资本经营预算拨款安排的支出。"
        let normalized = TextNormalizer.normalize(text)
        var found = DisclosureRecord(documentId: "test")
        StructureExtractor.extract(normalized, into: &found)
        let span = try #require(found.observations.stateCapitalStatement)
        #expect(normalized.text(span) == "本单位2024年无国有资本经营预算拨款收入,也没有使用国有资本经营预算拨款安排的支出。")
        #expect(record("国有资本经营预算收入0万元，事业收入0万元。").observations.stateCapitalStatement == nil)
    }
}
