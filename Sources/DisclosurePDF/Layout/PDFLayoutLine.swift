/// One visual line of a page: its text laid out with spaces for the gaps, and its box.
struct PDFLayoutLine: Sendable, Equatable {
    /// The line's text. A gap between words is one space; a gap of a character or more (a table column break)
    /// is at least two spaces, and columns are placed at `x / pitch` so that table columns line up.
    var text: String
    /// Left edge of the first glyph.
    var left: Double
    /// Right edge of the last glyph.
    var right: Double
    /// Top of the line.
    var top: Double
    /// Bottom of the line.
    var bottom: Double
    /// Typical glyph height (about the font size).
    var glyphHeight: Double
    /// Whether the line has a gap of a character or more between glyphs (a table row, or a spaced-out title).
    var hasColumnGap: Bool
}
