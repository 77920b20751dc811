/// Reads the reporting unit's name from the title area or, for fragments without a title, from a sentence that
/// names it.
enum UnitNameReader {
    /// Markers written after a unit name that are not part of it.
    static let trailingMarkers = ["(本级)", "(汇总)", "(合并)", "(部门)", "(单位)", "(部门汇总)", "本级"].map(StructureScan.utf8)
    /// Labels under a place-only title (`上海市普陀区2025年区级部门预算` / `预算主管部门：…`).
    static let labels = ["预算主管部门:", "预算单位:", "主管部门:", "单位名称:", "部门名称:", "决算单位:"].map(StructureScan.utf8)
    /// Words after a unit name in body sentences that name it.
    static let bodyTriggers = PatternSet([
        "内设", "下设", "下属", "属行政", "属事业", "属于", "基本职能", "主要职能", "的主要职责", "共有车辆", "机关行政编制", "核定",
        "所有收入",
    ])
    /// Last characters of organization names.
    static let organizationEndings: Set<UInt32> = Set(
        "局厅委办府处心院校学馆所站队部会室社团署场园台司行组庭监".unicodeScalars.map(\.value)
    )
    /// Words that precede a name in the title line after the year (`2023年广东省财政厅一般公共预算…`).
    static let afterYearStops = ["一般公共预算", "政府性基金", "部门", "单位", "预算", "决算", "“三公”", "三公"].map(StructureScan.utf8)

    private static let about = StructureScan.utf8("关于")

    // MARK: - Title

    /// The unit named by the title, or nil.
    static func fromTitle(_ text: NormalizedText, lines: TextLines, title: TitleLocator.Title) -> Stated<String>? {
        guard !title.isHeading else { return nil }
        let bytes = text.bytes
        let line = lines[title.lineIndex]
        var parts: [TextSpan] = []
        var prefix = stripMarkers(bytes, StructureScan.trimmed(bytes, line.start, title.yearStart))
        // `关于…局2024年部门预算的说明`, `…局关于2024年…`.
        if StructureScan.matches(about, in: bytes, at: prefix.start) { prefix.start += about.count }
        if prefix.end - prefix.start > about.count,
            StructureScan.matches(about, in: bytes, at: prefix.end - about.count)
        {
            prefix.end -= about.count
        }
        if prefix.end > prefix.start { parts.append(TextSpan(start: prefix.start, end: prefix.end)) }

        // Lines above: the name alone (`重庆市铜梁区人民政府办公室`), or a name broken over lines.
        let fromTitleLine = !parts.isEmpty
        var above = title.lineIndex - 1
        while above >= 0, parts.count < 3 {
            if let first = parts.first, startsWithPlace(text, first, parts: parts) { break }
            let previous = lines[above]
            guard isNameLike(bytes, previous) else { break }
            parts.insert(previous, at: 0)
            above -= 1
        }
        // A name taken only from lines above must end like an organization (not a breadcrumb such as `街镇预算`).
        if !fromTitleLine, let last = parts.last, !endsWithOrganization(bytes, end: last.end) { parts = [] }
        if let last = parts.last {
            let stripped = stripMarkers(bytes, (last.start, last.end))
            parts[parts.count - 1] = TextSpan(start: stripped.start, end: max(stripped.start, stripped.end))
        }
        if !parts.isEmpty {
            let name = parts.count == 1 ? text.originalText(parts[0]) : parts.map { text.originalText($0) }.joined()
            let span = TextSpan(start: parts[0].start, end: parts[parts.count - 1].end)
            // The label lines are cheap to read; the place lookup only matters when there is one.
            if let labelled = labelled(text, lines: lines, after: title.lineIndex), isPlaceOnly(name) {
                return labelled
            }
            return Stated(name, evidence: span)
        }
        if let labelled = labelled(text, lines: lines, after: title.lineIndex) { return labelled }
        return afterYear(text, title: title)
    }

    /// `预算单位：上海市普陀区人民政府办公室` in the lines just below the title.
    static func labelled(_ text: NormalizedText, lines: TextLines, after lineIndex: Int) -> Stated<String>? {
        let bytes = text.bytes
        let last = min(lines.count, lineIndex + 6)
        var index = lineIndex + 1
        while index < last {
            let line = lines[index]
            for label in labels where StructureScan.matches(label, in: bytes, at: line.start) {
                let value = stripMarkers(bytes, StructureScan.trimmed(bytes, line.start + label.count, line.end))
                guard value.end > value.start else { continue }
                let span = TextSpan(start: value.start, end: value.end)
                return Stated(text.originalText(span), evidence: span)
            }
            index += 1
        }
        return nil
    }

    /// `2023年广东省财政厅一般公共预算…`: the organization between the year and the document words.
    static func afterYear(_ text: NormalizedText, title: TitleLocator.Title) -> Stated<String>? {
        let bytes = text.bytes
        var stop = title.end
        for word in afterYearStops {
            if let found = StructureScan.find(word, in: bytes, from: title.yearEnd, to: stop) { stop = found }
        }
        let span = stripMarkers(bytes, StructureScan.trimmed(bytes, title.yearEnd, stop))
        guard span.end > span.start, endsWithOrganization(bytes, end: span.end),
            scalarCount(bytes, span.start, span.end) >= 3
        else { return nil }
        let textSpan = TextSpan(start: span.start, end: span.end)
        return Stated(text.originalText(textSpan), evidence: textSpan)
    }

    // MARK: - Body

    /// A unit named in a body sentence (`梧州市民政局下属共有…`, `南纪门街道办事处内设…`), or nil.
    static func fromBody(_ text: NormalizedText) -> Stated<String>? {
        let bytes = text.bytes
        // Only the first part of a document describes the unit; a bounded window keeps this linear.
        let limit = min(bytes.count, 64 * 1024)
        var index = 0
        while index < limit {
            if let length = bodyTriggers.match(bytes, at: index) {
                if let name = nameEnding(at: index, in: text) { return name }
                index += length
                continue
            }
            // `江苏省政协办公厅2019年度收入…` at the start of a line.
            if StructureScan.isDigit(bytes[index]), index > 0, bytes[index - 1] >= 0x80,
                CountReader.readYear(bytes, at: index) != nil,
                let name = nameEnding(at: index, in: text, requireLineStart: true, requirePlace: true)
            {
                return name
            }
            index += 1
        }
        return nil
    }

    /// The organization name that ends at `end`: a run of ideographs (and parentheses) back to punctuation or the
    /// line start, ending with an organization character.
    static func nameEnding(
        at end: Int,
        in text: NormalizedText,
        requireLineStart: Bool = false,
        requirePlace: Bool = false
    ) -> Stated<String>? {
        let bytes = text.bytes
        var start = end
        var scalars = 0
        while start > 0, scalars < 30 {
            let previous = StructureScan.previousScalarStart(in: bytes, before: start)
            let (scalar, _) = StructureScan.scalar(in: bytes, at: previous)
            guard StructureScan.isIdeograph(scalar) || scalar == 0x28 || scalar == 0x29 else { break }
            start = previous
            scalars += 1
        }
        if requireLineStart, start > 0, bytes[start - 1] != 0x0A { return nil }
        guard scalars >= 4, scalars < 30, endsWithOrganization(bytes, end: end) else { return nil }
        let span = TextSpan(start: start, end: end)
        let name = text.originalText(span)
        if requirePlace, RegionResolver.resolve(name: name, year: nil).code == nil { return nil }
        return Stated(name, evidence: span)
    }

    // MARK: - Helpers

    /// Removes `(本级)`-style markers from the end of a span.
    static func stripMarkers(_ bytes: [UInt8], _ span: (start: Int, end: Int)) -> (start: Int, end: Int) {
        var end = span.end
        var changed = true
        while changed {
            changed = false
            for marker in trailingMarkers where end - marker.count > span.start {
                if StructureScan.matches(marker, in: bytes, at: end - marker.count) {
                    end -= marker.count
                    changed = true
                }
            }
        }
        return StructureScan.trimmed(bytes, span.start, end)
    }

    /// A short line of ideographs with no digits or punctuation, not a heading.
    static func isNameLike(_ bytes: [UInt8], _ line: TextSpan) -> Bool {
        guard HeadingMarker.read(bytes, at: line.start, limit: line.end) == nil else { return false }
        var index = line.start
        var scalars = 0
        while index < line.end {
            let (scalar, length) = StructureScan.scalar(in: bytes, at: index)
            let allowed = StructureScan.isIdeograph(scalar) || scalar == 0x28 || scalar == 0x29
            if !allowed { return false }
            index += length
            scalars += 1
        }
        return scalars >= 3 && scalars <= 40
    }

    /// Whether the joined parts already start with a place (so no line above belongs to the name).
    static func startsWithPlace(_ text: NormalizedText, _ first: TextSpan, parts: [TextSpan]) -> Bool {
        let name = text.originalText(first)
        for word in RegionResolver.leadingWords where name.hasPrefix(word) { return true }
        let region = RegionResolver.resolve(name: name, year: nil)
        return region.code != nil || region.county != nil
    }

    /// Whether `name` is nothing but place names (`上海市普陀区`).
    static func isPlaceOnly(_ name: String) -> Bool {
        let region = RegionResolver.resolve(name: name, year: nil)
        let places = [region.province, region.city, region.county].compactMap { $0 }
        guard !places.isEmpty else { return false }
        var rest = Substring(name)
        for place in places where rest.hasPrefix(place) { rest = rest.dropFirst(place.count) }
        return rest.isEmpty
    }

    /// Whether the scalar before `end` is an organization ending (or a closing parenthesis after one).
    static func endsWithOrganization(_ bytes: [UInt8], end: Int) -> Bool {
        guard end > 0 else { return false }
        let last = StructureScan.previousScalarStart(in: bytes, before: end)
        let (scalar, _) = StructureScan.scalar(in: bytes, at: last)
        if scalar == 0x29 { return true }
        return organizationEndings.contains(scalar)
    }

    /// Number of scalars in a byte range.
    static func scalarCount(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int {
        var count = 0
        for index in start..<end where bytes[index] & 0xC0 != 0x80 { count += 1 }
        return count
    }
}
