import Testing

@testable import DisclosureCore

@Suite struct FirstScalarScannerTests {
    /// Every (pattern, start) by plain search of every byte offset, ordered by start then pattern id.
    private func naive(_ patterns: [[UInt8]], _ bytes: [UInt8]) -> [[Int]] {
        var found: [[Int]] = []
        for (id, pattern) in patterns.enumerated() where !pattern.isEmpty {
            var start = 0
            while start + pattern.count <= bytes.count {
                if bytes[start..<start + pattern.count].elementsEqual(pattern) { found.append([start, id]) }
                start += 1
            }
        }
        return found.sorted { $0.lexicographicallyPrecedes($1) }
    }

    private func scanned(_ scanner: FirstScalarScanner, _ bytes: [UInt8]) -> [[Int]] {
        var found: [[Int]] = []
        scanner.forEachMatch(in: bytes) { pattern, start in found.append([start, pattern]) }
        return found.sorted { $0.lexicographicallyPrecedes($1) }
    }

    @Test func agreesWithPlainSearchOnMixedAndMalformedText() {
        let alphabet: [[UInt8]] =
            Array("收入支出预算XX类)(，。×é\n".unicodeScalars).map { Array(String($0).utf8) } + [
                [0xE6], [0x94], [0xE6, 0x94], [0xC3], [0xF0, 0x9F, 0x98, 0x80], [0x80],
            ]
        let patterns =
            ["收入", "收入预算", "入预", "支出", "XX", "X", "类)", "。\n", "××", "é", "预算预算", "算", "😀收"]
            .map { Array($0.utf8) } + [[0x94, 0xB6], []]
        let scanner = FirstScalarScanner(patterns)
        var seed: UInt64 = 11
        for _ in 0..<300 {
            var bytes: [UInt8] = []
            for _ in 0..<40 {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes += alphabet[Int(seed >> 33) % alphabet.count]
            }
            #expect(scanned(scanner, bytes) == naive(patterns, bytes))
        }
    }

    @Test func theRuleIndexFindsWhatAPlainSearchFinds() {
        let bytes = Array("（一）部门职责\n本部门2024年一般公共预算支出增加(减少)XX万元。医疗卫生与计划生育支出(210类)。".utf8)
        let index = RuleTextIndex(bytes)
        for (id, pattern) in RuleTextIndex.patterns.enumerated() {
            #expect(Array(index.occurrences(ofPattern: id)) == TextSearch.occurrences(of: pattern, in: bytes))
        }
    }
}
