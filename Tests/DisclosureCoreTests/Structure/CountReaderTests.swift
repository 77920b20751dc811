import DisclosureTestSupport
import Testing

@testable import DisclosureCore

@Suite struct CountReaderTests {
    private func count(_ text: String) -> Int? {
        CountReader.read(Array(text.utf8), at: 0)?.value
    }

    @Test func readsASCIIDigits() {
        #expect(count("17名") == 17)
        #expect(count("0辆") == 0)
    }

    @Test func readsSmallChineseNumerals() {
        #expect(count("一辆") == 1)
        #expect(count("两名") == 2)
        #expect(count("十二项") == 12)
        #expect(count("二十名") == 20)
        #expect(count("一百零五人") == 105)
        #expect(count("三千二百") == 3200)
    }

    @Test func readsFullWidthDigitsAfterNormalization() {
        let text = TextNormalizer.normalize("４名")
        #expect(CountReader.read(text.bytes, at: 0)?.value == 4)
    }

    @Test func rejectsDecimalsAndNonNumerals() {
        #expect(count("1.5万元") == nil)
        #expect(count("名") == nil)
        #expect(count("1234567890") == nil)
    }

    @Test func readsYearsInDigitsOrChinese() {
        #expect(CountReader.readYear(Array("2024年".utf8), at: 0)?.value == 2024)
        #expect(CountReader.readYear(Array("二〇二一年".utf8), at: 0)?.value == 2021)
        #expect(CountReader.readYear(Array("20245".utf8), at: 0) == nil)
        #expect(CountReader.readYear(Array("1651.99".utf8), at: 0) == nil)
    }

    /// ``CountReader/mayStart(_:)`` lets a scan skip a character without reading a count: wherever it says no,
    /// ``CountReader/read(_:at:)`` must find nothing, at every offset of generated text (numerals, units, digits,
    /// other ideographs, stray bytes).
    @Test func mayStartHoldsWhereverACountIsRead() {
        let pieces: [[UInt8]] =
            [
                "零", "〇", "一", "二", "两", "三", "四", "五", "六", "七", "八", "九", "十", "百", "千", "万", "名", "人", "编制",
                "（", "）", "、", "1", "9", "0", ".", "a", " ",
            ].map { Array($0.utf8) } + [[0x80], [0xE4], [0xE4, 0xB8]]
        var generator = SplitMix64(seed: 11)
        var checked = 0
        for _ in 0..<400 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 1...24, using: &generator) {
                bytes += pieces[Int.random(in: 0..<pieces.count, using: &generator)]
            }
            for index in bytes.indices where CountReader.read(bytes, at: index) != nil {
                #expect(CountReader.mayStart(StructureScan.scalar(in: bytes, at: index).value), "\(bytes) at \(index)")
                checked += 1
            }
        }
        #expect(checked > 1000)
    }
}
