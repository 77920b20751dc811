/// Turns decoded text into a ``DisclosureRecord``: normalize, segment, extract.
///
/// The stages run in a fixed order: structure first (title, unit, region, year, kind, scope, sections, duties,
/// staffing, contact, vehicles), then money (income, expenditure, appropriation, 三公, procurement, …), because
/// money extraction reads the kind and the sections.
public struct DisclosureParser: Sendable {
    /// Creates a parser.
    public init() {}

    /// Parses a decoded document.
    ///
    /// - Returns: the record and the normalized text its spans point into.
    public func parse(_ document: DecodedDocument) -> (record: DisclosureRecord, text: NormalizedText) {
        let (record, text, _) = parseWithCues(document)
        return (record, text)
    }

    /// Parses a decoded document and returns, with the record and text, the occurrences of every fixed pattern in
    /// the text (found in one pass for the structure scanners and the text rules alike).
    func parseWithCues(_ document: DecodedDocument) -> (record: DisclosureRecord, text: NormalizedText, cues: TextCues)
    {
        let text = document.normalized ?? Self.normalize(document.utf8)
        var record = DisclosureRecord(documentId: document.documentId, source: document.source)
        let cues = TextCues(text.bytes)
        StructureExtractor.extract(text, cues: cues.structure, into: &record)
        FinanceExtractor.extract(text, into: &record)
        TableExtractor.extract(document, text: text, into: &record)
        return (record, text, cues)
    }

    /// The decoded bytes normalized; they become the normalized text's original as they are (shared, not copied).
    private static func normalize(_ utf8: [UInt8]) -> NormalizedText {
        var utf8 = utf8
        return TextNormalizer.normalize(utf8: &utf8)
    }
}
