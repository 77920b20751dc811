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
        let text = TextNormalizer.normalize(document.text)
        var record = DisclosureRecord(documentId: document.documentId, source: document.source)
        StructureExtractor.extract(text, into: &record)
        FinanceExtractor.extract(text, into: &record)
        TableExtractor.extract(document, text: text, into: &record)
        return (record, text)
    }
}
