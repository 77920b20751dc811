import DisclosureCore
import Testing

@Suite struct AmountTests {
    @Test func parsesExactDecimalsAndKeepsWrittenScale() throws {
        let amount = try #require(Amount(parsing: "1651.99"))
        #expect(amount.units == 165_199)
        #expect(amount.scale == 2)
        #expect(amount.description == "1651.99")
        #expect(Amount(parsing: "0.00")?.description == "0.00")
        #expect(Amount(parsing: "-0.5")?.description == "-0.5")
    }

    @Test func rejectsWhatIsNotAPlainDecimal() {
        #expect(Amount(parsing: "12abc") == nil)
        #expect(Amount(parsing: "") == nil)
        #expect(Amount(parsing: "12.") == nil)
        #expect(Amount(parsing: "1.2.3") == nil)
        #expect(Amount(parsing: String(repeating: "9", count: 30)) == nil)
    }

    @Test func sumsExactly() throws {
        let parts = ["1335.23", "198.07", "61.17", "57.53"].compactMap { Amount(parsing: $0) }
        #expect(Amount.sum(parts).description == "1652.00")
        let cents = Array(repeating: try #require(Amount(parsing: "0.01")), count: 1000)
        #expect(Amount.sum(cents) == Amount(10))
    }

    @Test func comparesNumericallyAcrossScales() throws {
        #expect(Amount(parsing: "92.50") == Amount(parsing: "92.5"))
        #expect(Set([Amount(parsing: "30.00")!, Amount(parsing: "30")!]).count == 1)
        #expect(try #require(Amount(parsing: "2.7")) < #require(Amount(parsing: "2.71")))
    }

    @Test func convertsYuanAndHundredMillionYuanExactly() throws {
        let yuan = try #require(Amount(parsing: "6429768.84"))
        #expect(MoneyUnit.yuan.toTenThousandYuan(yuan)?.description == "642.976884")
        let yi = try #require(Amount(parsing: "1.5"))
        #expect(MoneyUnit.hundredMillionYuan.toTenThousandYuan(yi)?.description == "15000")
    }

    @Test func halfUnitFollowsWrittenPrecision() throws {
        #expect(try #require(Amount(parsing: "2.85")).halfUnit.description == "0.005")
        #expect(try #require(Amount(parsing: "2.7")).halfUnit.description == "0.05")
        #expect(Amount(3923).halfUnit.description == "0.5")
    }
}
