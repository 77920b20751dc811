internal import CLibXML2

/// HTML to text with block structure, through libxml2's forgiving HTML parser.
///
/// - Note: placeholder; the libxml2 walk arrives in its own change.
public enum HTMLText {
    /// The libxml2 version this was built against, for diagnostics.
    public static var libxmlVersion: String { "libxml2 \(LIBXML_VERSION)" }
}
