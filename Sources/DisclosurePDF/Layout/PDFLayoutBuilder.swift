/// Builds layout lines from a page's glyph boxes, the way `pdftotext -layout` keeps a table row on one line.
///
/// poppler's own text order follows content-stream blocks, which scatters a table's cells; the boxes are what
/// we trust. The steps:
/// 1. drop whitespace glyphs (spacing comes from geometry) and glyphs off the page;
/// 2. group glyphs into lines by vertical centre;
/// 3. within a line, sort by x, drop fake-bold duplicates (the same glyph drawn twice a hair apart);
/// 4. insert spaces from the gaps, measured against the line's own letter spacing, so that justified,
///    letter-spaced lines (`本 年 收 入 合 计`) come out as words and a column gap becomes two or more spaces.
enum PDFLayoutBuilder {
    /// Lines of one page, top to bottom.
    ///
    /// - Parameters:
    ///   - glyphs: the page's glyphs in any order.
    ///   - pageWidth: page width, points.
    ///   - pageHeight: page height, points.
    static func lines(glyphs: [PDFGlyph], pageWidth: Double, pageHeight: Double) -> [PDFLayoutLine] {
        var kept: [PDFGlyph] = []
        kept.reserveCapacity(glyphs.count)
        for glyph in glyphs where !isSpace(glyph.scalar) && glyph.height > 0 {
            // A broken text matrix gives infinite or NaN boxes, and a hostile page a glyph far off it.
            guard glyph.x1.isFinite, glyph.x2.isFinite, glyph.y1.isFinite, glyph.y2.isFinite else { continue }
            if glyph.x2 < 0 || glyph.y2 < 0 || glyph.x1 > pageWidth || glyph.y1 > pageHeight { continue }
            kept.append(glyph)
        }
        guard !kept.isEmpty else { return [] }
        // One column of the layout grid is half the page's typical CJK glyph width, so that a CJK character spans
        // two columns and a digit about one, as in a monospaced rendering. Measuring the CJK glyphs (not all
        // glyphs) keeps the grid the same on a table's continuation page, which may hold mostly digits.
        let cjkWidths = kept.lazy.filter { displayWidth($0.scalar) == 2 }.map(\.width)
        let typicalWidth = cjkWidths.isEmpty ? median(kept.map(\.height)) : median(Array(cjkWidths))
        let pitch = max(typicalWidth / 2, 1)
        let rows = groupRows(kept)
        return rows.map { layoutLine($0, pitch: pitch) }
    }

    /// The widest run of spaces one gap may become.
    static let maximumGap = 400

    // MARK: - Rows

    /// Groups glyphs into rows: a glyph joins a row when its centre is within about half a glyph height of the
    /// row's first glyph's centre.
    static func groupRows(_ glyphs: [PDFGlyph]) -> [[PDFGlyph]] {
        let sorted = glyphs.sorted { ($0.centerY, $0.x1) < ($1.centerY, $1.x1) }
        var rows: [[PDFGlyph]] = []
        var current: [PDFGlyph] = []
        var rowCenter = 0.0
        var rowHeight = 0.0
        for glyph in sorted {
            if !current.isEmpty, abs(glyph.centerY - rowCenter) <= 0.45 * min(rowHeight, glyph.height) {
                current.append(glyph)
                continue
            }
            if !current.isEmpty { rows.append(current) }
            current = [glyph]
            rowCenter = glyph.centerY
            rowHeight = glyph.height
        }
        if !current.isEmpty { rows.append(current) }
        return rows
    }

    // MARK: - One line

    /// Lays out one row's glyphs as text.
    static func layoutLine(_ row: [PDFGlyph], pitch: Double) -> PDFLayoutLine {
        var glyphs = row.sorted { $0.x1 < $1.x1 }
        glyphs = removingOverprint(glyphs)
        let height = median(glyphs.map(\.height))
        // The line's own letter spacing: the typical gap between neighbours that are clearly in one word.
        var smallGaps: [Double] = []
        for index in glyphs.indices.dropFirst() {
            let gap = glyphs[index].x1 - glyphs[index - 1].x2
            if gap < 0.6 * height { smallGaps.append(max(gap, 0)) }
        }
        let letterSpacing = smallGaps.isEmpty ? 0 : median(smallGaps)
        let wordBreak = letterSpacing + 0.2 * height
        let columnBreak = letterSpacing + 0.9 * height

        var text = ""
        var column = 0
        var hasColumnGap = false
        for (index, glyph) in glyphs.enumerated() {
            // Clamped: a glyph partly left of the page, or a page wider than any layout needs, must not ask for a
            // negative or enormous run of spaces.
            let target = Int(min(max(glyph.x1 / pitch, 0), Double(column + maximumGap)).rounded())
            if index == 0 {
                // Indentation relative to the page edge; the page pass trims the common margin.
                text.append(String(repeating: " ", count: target))
                column = target
            } else {
                let gap = glyph.x1 - glyphs[index - 1].x2
                // Numbers hold no spaces: a gap between two numbers is two table cells, however narrow.
                let betweenNumbers = isNumeric(glyphs[index - 1].scalar) && isNumeric(glyph.scalar)
                if gap > columnBreak || (betweenNumbers && gap > wordBreak) {
                    hasColumnGap = true
                    let spaces = max(2, target - column)
                    text.append(String(repeating: " ", count: spaces))
                    column += spaces
                } else if gap > wordBreak {
                    text.append(" ")
                    column += 1
                }
            }
            text.unicodeScalars.append(glyph.scalar)
            column += displayWidth(glyph.scalar)
        }
        return PDFLayoutLine(
            text: text,
            left: glyphs.first?.x1 ?? 0,
            right: glyphs.last?.x2 ?? 0,
            top: glyphs.map(\.y1).min() ?? 0,
            bottom: glyphs.map(\.y2).max() ?? 0,
            glyphHeight: height,
            hasColumnGap: hasColumnGap
        )
    }

    /// Drops a glyph that repeats the previous one almost on top of it (fake bold, or a shadow).
    static func removingOverprint(_ glyphs: [PDFGlyph]) -> [PDFGlyph] {
        var result: [PDFGlyph] = []
        result.reserveCapacity(glyphs.count)
        for glyph in glyphs {
            if let last = result.last, last.scalar == glyph.scalar, abs(glyph.x1 - last.x1) < 0.3 * max(last.width, 1),
                abs(glyph.y1 - last.y1) < 0.3 * max(last.height, 1)
            {
                continue
            }
            result.append(glyph)
        }
        return result
    }

    // MARK: - Helpers

    /// Whitespace and line breaks poppler inserts; we place text by geometry instead.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x3000, 0x2002...0x200B, 0x202F: return true
        default: return false
        }
    }

    /// Digits and the characters inside a written number.
    static func isNumeric(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value >= 0x30 && scalar.value <= 0x39) || scalar == "." || scalar == ","
    }

    /// Columns a character takes in a monospaced rendering: 2 for CJK and full-width forms, else 1.
    static func displayWidth(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value)
            || (0xFF00...0xFF60).contains(value) || (0xFFE0...0xFFE6).contains(value) || value >= 0x20000
        {
            return 2
        }
        return 1
    }

    /// The median of a non-empty list (the upper one for an even count).
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}
