import Testing

@testable import DisclosurePDF

/// Lines from glyph boxes: rows by vertical centre, words and columns by gaps, letter spacing undone.
@Suite struct PDFLayoutBuilderTests {
    /// Glyphs for `text` from `x`, `size` points high, on the line at `y`, with `spacing` points between glyphs
    /// (a PDF's character spacing, which justification stretches).
    static func glyphs(_ text: String, x: Double, y: Double, size: Double = 10, spacing: Double = 0) -> [PDFGlyph] {
        var result: [PDFGlyph] = []
        var left = x
        for scalar in text.unicodeScalars {
            let width = PDFLayoutBuilder.displayWidth(scalar) == 2 ? size : size / 2
            if scalar != " " {
                result.append(PDFGlyph(scalar: scalar, x1: left, y1: y, x2: left + width, y2: y + size))
            }
            left += width + spacing
        }
        return result
    }

    @Test func aTableRowStaysOnOneLineWithItsCellsApart() throws {
        // The label sits 1 point lower than the amounts, as mixed fonts do; the amounts are columns apart.
        let row =
            Self.glyphs("一般公共服务支出", x: 40, y: 101) + Self.glyphs("82,096,797.42", x: 200, y: 100)
            + Self.glyphs("15,686,797.42", x: 300, y: 100)
        let lines = PDFLayoutBuilder.lines(glyphs: row.shuffled(), pageWidth: 595, pageHeight: 842)
        let line = try #require(lines.first)
        #expect(lines.count == 1)
        #expect(line.hasColumnGap)
        let cells = line.text.split(separator: "  ", omittingEmptySubsequences: true).map {
            String($0.drop { character in character == " " })
        }
        #expect(cells == ["一般公共服务支出", "82,096,797.42", "15,686,797.42"])
    }

    @Test func letterSpacedJustifiedTextComesOutAsWords() throws {
        // Every character 4 points apart: the line's own letter spacing.
        let line = Self.glyphs("本年收入合计2946.25万元", x: 40, y: 100, spacing: 4)
        let text = try #require(PDFLayoutBuilder.lines(glyphs: line, pageWidth: 595, pageHeight: 842).first).text
        #expect(text.drop { $0 == " " } == "本年收入合计2946.25万元")
    }

    @Test func twoNumbersCloseTogetherAreTwoCells() throws {
        let row = Self.glyphs("1,097,073.43", x: 100, y: 100) + Self.glyphs("1,097,073.43", x: 163, y: 100)
        let text = try #require(PDFLayoutBuilder.lines(glyphs: row, pageWidth: 595, pageHeight: 842).first).text
        #expect(text.contains("1,097,073.43  "))
    }

    @Test func fakeBoldDuplicatesAreDropped() throws {
        let glyphs = Self.glyphs("合计", x: 40, y: 100) + Self.glyphs("合计", x: 40.4, y: 100)
        let text = try #require(PDFLayoutBuilder.lines(glyphs: glyphs, pageWidth: 595, pageHeight: 842).first).text
        #expect(text.drop { $0 == " " } == "合计")
    }

    @Test func brokenBoxesNeitherTrapNorBlowUp() {
        var glyphs = Self.glyphs("正文", x: -3, y: 100)
        glyphs.append(PDFGlyph(scalar: "坏", x1: .nan, y1: 100, x2: .nan, y2: 110))
        glyphs.append(PDFGlyph(scalar: "远", x1: 1e12, y1: 100, x2: 1e12 + 10, y2: 110))
        let lines = PDFLayoutBuilder.lines(glyphs: glyphs, pageWidth: 1e13, pageHeight: 842)
        #expect(lines.count == 1)
        #expect((lines.first?.text.unicodeScalars.count ?? 0) < 1000)
    }

    @Test func linesComeTopToBottom() {
        let glyphs = Self.glyphs("第二行", x: 40, y: 130) + Self.glyphs("第一行", x: 40, y: 100)
        let lines = PDFLayoutBuilder.lines(glyphs: glyphs, pageWidth: 595, pageHeight: 842)
        #expect(lines.map { String($0.text.drop { character in character == " " }) } == ["第一行", "第二行"])
    }
}
