import Testing

@testable import DisclosureCore

@Suite struct RegionResolverTests {
    private func resolve(_ name: String, context: String = "", year: Int? = 2024) -> RegionInfo {
        RegionResolver.resolve(name: name, context: context, year: year)
    }

    @Test func municipalityDistrictHasNoCity() {
        #expect(resolve("重庆市铜梁区人民政府办公室") == RegionInfo(province: "重庆市", county: "铜梁区", code: "500151"))
        #expect(resolve("北京市朝阳区财政局") == RegionInfo(province: "北京市", county: "朝阳区", code: "110105"))
        #expect(resolve("上海市疾病预防控制中心") == RegionInfo(province: "上海市", code: "310000"))
    }

    @Test func resolvesProvincePrefectureCountyChains() {
        #expect(
            resolve("西藏自治区拉萨市尼木县审计局")
                == RegionInfo(province: "西藏自治区", city: "拉萨市", county: "尼木县", code: "540123")
        )
        #expect(
            resolve("湖北省恩施土家族苗族自治州利川市交通运输局")
                == RegionInfo(province: "湖北省", city: "恩施土家族苗族自治州", county: "利川市", code: "422802")
        )
        #expect(resolve("安徽省安庆市民政局") == RegionInfo(province: "安徽省", city: "安庆市", code: "340800"))
        #expect(resolve("江苏省委办公厅") == RegionInfo(province: "江苏省", code: "320000"))
    }

    @Test func fillsUpperLevelsOfANameThatStartsLow() {
        #expect(resolve("杜集区机关事务管理中心") == RegionInfo(province: "安徽省", city: "淮北市", county: "杜集区", code: "340602"))
        #expect(resolve("梧州市民政局") == RegionInfo(province: "广西壮族自治区", city: "梧州市", code: "450400"))
        #expect(resolve("中共上海市普陀区委社会工作部").code == "310107")
    }

    @Test func sharedDistrictNamesNeedContext() {
        #expect(resolve("朝阳区财政局").code == nil)
        #expect(resolve("朝阳区财政局").county == "朝阳区")
        #expect(resolve("朝阳区财政局", context: "长春市朝阳区财政局2024年部门预算").code == "220104")
        #expect(resolve("朝阳区财政局", context: "北京市朝阳区财政局").code == "110105")
    }

    @Test func prefersTheCodeInForceInTheFiscalYear() {
        #expect(resolve("江苏省南通市崇川区民政局", year: 2019).code == "320602")
        #expect(resolve("江苏省南通市崇川区民政局", year: 2023).code == "320613")
    }

    @Test func findsAPlaceAfterALeadingOrganization() {
        #expect(resolve("国家税务总局重庆市铜梁区税务局") == RegionInfo(province: "重庆市", county: "铜梁区", code: "500151"))
    }

    @Test func leavesNonPlacesAlone() {
        #expect(resolve("汕头大学医学院") == RegionInfo())
        #expect(resolve("南纪门街道办事处") == RegionInfo())
    }
}
