/// What a disclosure's title says: the title itself, the unit, the fiscal year, budget or final accounts, and unit
/// or department scope.
///
/// The title is the first line near the top that names a year and a 预算/决算 document
/// (`2024年单位预算情况说明`, `…2019年度单位决算`, `二〇二一年单位预算公开说明`). The unit is what precedes the year on
/// that line, or the line(s) just above it (`重庆市铜梁区人民政府办公室` / `2024年单位预算情况说明`; PDF titles broken
/// over lines are joined), or a `预算单位：` / `预算主管部门：` label below a title that names only a place. Without
/// a title (a fragment of a page), the year, kind and scope come from the body's first statements, and the unit from
/// a sentence that names it (`梧州市民政局下属共有…`, `…内设10个办公室`).
struct DocumentHeader: Equatable {
    /// The title as written (lines joined).
    var title: String?
    /// The unit's name (original text) and where it was read.
    var unitName: Stated<String>?
    /// The fiscal year.
    var fiscalYear: Int?
    /// Budget or final accounts.
    var kind: DocumentKind?
    /// Unit or department.
    var scope: DocumentScope?

    /// How far down the title may be (pages copied from a site start with navigation lines).
    static let titleSearchLines = 60
    /// Longest title line, in bytes.
    static let maxTitleBytes = 240

    static let budget = StructureScan.utf8("预算")
    static let finalAccounts = StructureScan.utf8("决算")
    static let department = StructureScan.utf8("部门")
    static let unit = StructureScan.utf8("单位")
    static let year = StructureScan.utf8("年")
    static let yearDu = StructureScan.utf8("年度")

    /// Reads the header of `text`.
    static func read(_ text: NormalizedText, lines: TextLines) -> DocumentHeader {
        let bytes = text.bytes
        var header = DocumentHeader()
        if let title = TitleLocator.locate(bytes, lines: lines) {
            header.fiscalYear = title.year
            let keywords = TextSpan(start: title.yearEnd, end: title.end)
            header.kind = kind(bytes, in: keywords)
            header.scope = scope(bytes, in: keywords)
            let name = UnitNameReader.fromTitle(text, lines: lines, title: title)
            header.unitName = name
            // The title as normalized, lines joined: `重庆市铜梁区人民政府办公室2024年单位预算情况说明`.
            let start = min(name?.evidence.start ?? title.start, title.start)
            header.title = joinedTitle(bytes[start..<title.end])
        }
        if header.unitName == nil { header.unitName = UnitNameReader.fromBody(text) }
        if header.fiscalYear == nil { header.fiscalYear = BodyYearReader.fiscalYear(bytes) }
        if header.kind == nil { header.kind = BodyYearReader.kind(bytes) }
        if header.scope == nil { header.scope = BodyYearReader.scope(bytes) }
        return header
    }

    /// The title's bytes decoded without their line feeds. A one-line title is decoded in place; a title over
    /// lines (the unit's name above the year's line) is written into the string's own storage as it is filtered
    /// (a filtered array grew four times on the way, then was decoded and freed). Both repair bytes that are not
    /// UTF-8 as `String(decoding:)` does.
    static func joinedTitle(_ titleBytes: ArraySlice<UInt8>) -> String {
        guard titleBytes.contains(0x0A) else { return String(decoding: titleBytes, as: UTF8.self) }
        return titleBytes.withUnsafeBufferPointer { source in
            String(unsafeUninitializedCapacity: source.count) { buffer in
                var written = 0
                for byte in source where byte != 0x0A {
                    buffer[written] = byte
                    written &+= 1
                }
                return written
            }
        }
    }

    /// 决算 → final accounts, 预算 → budget (决算 wins: a final account's title may also say 预算).
    static func kind(_ bytes: [UInt8], in span: TextSpan) -> DocumentKind? {
        if StructureScan.find(finalAccounts, in: bytes, from: span.start, to: span.end) != nil { return .finalAccounts }
        if StructureScan.find(budget, in: bytes, from: span.start, to: span.end) != nil { return .budget }
        return nil
    }

    /// 部门 → department, 单位 → unit; the first one written decides.
    static func scope(_ bytes: [UInt8], in span: TextSpan) -> DocumentScope? {
        let departmentAt = StructureScan.find(department, in: bytes, from: span.start, to: span.end)
        let unitAt = StructureScan.find(unit, in: bytes, from: span.start, to: span.end)
        switch (departmentAt, unitAt) {
        case (let department?, let unit?): return department < unit ? .department : .unit
        case (_?, nil): return .department
        case (nil, _?): return .unit
        case (nil, nil): return nil
        }
    }
}
