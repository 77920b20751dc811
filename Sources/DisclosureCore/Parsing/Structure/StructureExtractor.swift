/// Extracts what is not money: title, unit, region, fiscal year, kind, scope, sections, duties, sub-units,
/// staffing, contact and vehicle counts, and the observations rules need (template residue, the state-capital
/// statement).
enum StructureExtractor {
    /// How much of the text is shown to the region resolver to break ties between same-named places.
    static let regionContextBytes = 16 * 1024
    /// How much of a fragment without a unit name is searched for the place it is about.
    static let regionMentionBytes = 6 * 1024

    /// Fills the structural fields of `record` from `text`.
    static func extract(_ text: NormalizedText, into record: inout DisclosureRecord) {
        extract(text, cues: TextCues(text.bytes).structure, into: &record)
    }

    /// Fills the structural fields of `record` from `text`, whose pattern-driven scanners start from `cues` (the
    /// occurrences of their patterns in `text`, found in one pass).
    static func extract(_ text: NormalizedText, cues: StructureCues, into record: inout DisclosureRecord) {
        let bytes = text.bytes
        let lines = TextLines(bytes)

        let header = DocumentHeader.read(text, lines: lines)
        record.title = header.title
        record.unit.name = header.unitName
        record.fiscalYear = header.fiscalYear
        record.kind = header.kind
        record.scope = header.scope
        if let name = header.unitName?.value {
            let context = RegionContext(bytes, limit: regionContextBytes)
            record.unit.region = RegionResolver.resolve(name: name, context: context, year: header.fiscalYear)
        } else {
            // A fragment that does not name its unit may still name its place (`百色市本级2024年预算`).
            record.unit.region = RegionResolver.mentioned(in: bytes, limit: regionMentionBytes, year: header.fiscalYear)
        }

        let sections = SectionSegmenter.segment(bytes, lines: lines)
        record.sections = sections
        // The duties, sub-unit and vehicle extractors choose sections by their headings' words: found in one pass.
        let topics = SectionTopics(bytes, sections: sections)
        record.duties = DutiesExtractor.extract(text, lines: lines, sections: sections, cues: cues, topics: topics)
        record.subUnits = SubUnitExtractor.extract(text, lines: lines, sections: sections, cues: cues, topics: topics)
        // `cues`: one pass found where every pattern-driven scanner below has something to look at.
        record.staffing = StaffingExtractor.extract(text, cues: cues)
        record.contact = ContactExtractor.extract(bytes, cues: cues)
        record.assets = VehicleExtractor.extract(bytes, sections: sections, cues: cues, topics: topics)
        record.observations.templateResidue = TemplateResidueScanner.scan(bytes, cues: cues)
        record.observations.stateCapitalStatement = StateCapitalStatementScanner.scan(bytes, cues: cues)
    }
}
