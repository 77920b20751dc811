/// One character poppler placed on a page, with its box in points (origin top left, y grows downwards).
///
/// Coordinates are geometry, not money: `Double` is right here.
struct PDFGlyph: Sendable, Equatable {
    /// The character.
    var scalar: Unicode.Scalar
    /// Left edge.
    var x1: Double
    /// Top edge.
    var y1: Double
    /// Right edge.
    var x2: Double
    /// Bottom edge.
    var y2: Double

    /// Box width.
    var width: Double { x2 - x1 }
    /// Box height (about the font size).
    var height: Double { y2 - y1 }
    /// Vertical centre.
    var centerY: Double { (y1 + y2) / 2 }
}
