/// The parser stage that fills ``DisclosureRecord/tables``: tables found in the layout text (PDF layout mode, or
/// plain text laid out with spaces), or the HTML `<table>`s the decoder collected, each with its title, unit,
/// rows and the standard table it is.
enum TableExtractor {
    /// Finds the document's tables and puts them in the record.
    ///
    /// - Parameters:
    ///   - document: the decoded document (its text, and its HTML tables).
    ///   - text: the normalized text, which table spans point into.
    ///   - record: the record to fill.
    static func extract(_ document: DecodedDocument, text: NormalizedText, into record: inout DisclosureRecord) {
        if document.source.contentType == "text/html" {
            record.tables = document.tableCells.map { htmlTable($0, text: text) }
            return
        }
        defer {
            // Tables read from a PDF's layout fill what its prose left out; plain text and HTML are left as they
            // are (their tables are rarely the standard ones, and rarely laid out).
            if document.source.contentType == "application/pdf" { TableRecordFiller.fill(&record) }
        }
        record.tables = LayoutTableDetector.tables(inUTF8: document.utf8).map { table in
            let header = table.headerRows.map { $0.cells.map(\.text) }
            let body = TableGrid.align(table.bodyRows)
            let span = TextSpan(
                start: normalizedOffset(ofOriginal: table.range.lowerBound, in: text),
                end: normalizedOffset(ofOriginal: table.range.upperBound, in: text)
            )
            return DocumentTable(
                title: table.title,
                unit: table.unit,
                rows: header + body,
                span: span,
                standard: StandardTable.recognize(title: table.title),
                headerRowCount: header.count,
                notes: table.notes
            )
        }
    }

    /// An HTML table: no title of its own (the decoder gives cells only); the unit from a `单位：` cell.
    static func htmlTable(_ cells: TableRows, text: NormalizedText) -> DocumentTable {
        var unit: String? = nil
        var title: String? = nil
        var headerRowCount = 0
        for row in 0..<min(cells.count, 4) {
            let range = cells.cells(inRow: row)
            if unit == nil, let found = LayoutTableDetector.unit(in: joined(cells, range)) { unit = found }
            if title == nil, range.count <= 2,
                let cell = range.lazy.map(cells.cell).first(where: { StandardTable.recognize(title: $0) != nil })
            {
                title = cell
            }
        }
        cells.withUTF8 { bytes in
            for row in 0..<cells.count {
                let range = cells.cells(inRow: row)
                if range.contains(where: { TableAmount.parse(utf8: cells.cell($0, in: bytes)) != nil }) { break }
                headerRowCount += 1
            }
        }
        return DocumentTable(
            title: title,
            unit: unit,
            cells: cells,
            span: TextSpan(start: 0, end: 0),
            standard: title.flatMap { StandardTable.recognize(title: $0) },
            headerRowCount: min(headerRowCount, cells.count)
        )
    }

    /// The texts of cells `range` (one row's) joined by spaces, as `[String].joined(separator: " ")` joins them.
    static func joined(_ cells: TableRows, _ range: Range<Int>) -> String {
        var bytes: [UInt8] = []
        for cell in range {
            if cell != range.lowerBound { bytes.append(0x20) }
            bytes.append(contentsOf: cells.utf8[cells.byteRange(ofCell: cell)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The normalized offset of an original byte offset: the first normalized byte that came from at or after it.
    static func normalizedOffset(ofOriginal offset: Int, in text: NormalizedText) -> Int {
        let map = text.originalOffsets
        var low = 0
        var high = map.count - 1
        let target = Int32(clamping: offset)
        while low < high {
            let middle = (low + high) / 2
            if map[middle] < target { low = middle + 1 } else { high = middle }
        }
        return min(low, text.bytes.count)
    }
}
