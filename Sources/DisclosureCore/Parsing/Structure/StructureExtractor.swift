/// Extracts what is not money: title, unit, region, fiscal year, kind, scope, sections, duties, sub-units,
/// staffing, contact and vehicle counts.
enum StructureExtractor {
    /// Fills the structural fields of `record` from `text`.
    static func extract(_ text: NormalizedText, into record: inout DisclosureRecord) {}
}
