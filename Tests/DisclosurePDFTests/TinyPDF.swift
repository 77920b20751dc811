/// Writes small PDF files by hand, with a correct cross-reference table, for the error-path tests.
enum TinyPDF {
    /// A PDF whose objects are `objects` (object 1 is the catalog), with `trailerExtra` added to the trailer.
    static func build(_ objects: [String], trailerExtra: String = "") -> [UInt8] {
        build(bytes: objects.map { Array($0.utf8) }, trailerExtra: trailerExtra)
    }

    /// A PDF whose objects are the given bytes (binary stream data allowed).
    static func build(bytes objects: [[UInt8]], trailerExtra: String = "") -> [UInt8] {
        var bytes = Array("%PDF-1.4\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(bytes.count)
            bytes += Array("\(index + 1) 0 obj\n".utf8) + object + Array("\nendobj\n".utf8)
        }
        let xref = bytes.count
        var table = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets {
            let digits = String(offset)
            table += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n"
        }
        table += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R \(trailerExtra)>>\nstartxref\n\(xref)\n%%EOF\n"
        return bytes + Array(table.utf8)
    }

    /// A stream object with binary `data` (already encoded by the filters `dictionary` names).
    static func stream(data: [UInt8], dictionary: String) -> [UInt8] {
        Array("<< /Length \(data.count) \(dictionary)>>\nstream\n".utf8) + data + Array("\nendstream".utf8)
    }

    /// A stream object with `content`.
    static func stream(_ content: String, dictionary: String = "") -> String {
        "<< /Length \(content.utf8.count) \(dictionary)>>\nstream\n\(content)\nendstream"
    }

    /// One page per entry of `pageContents` (Helvetica text in content-stream syntax), A4.
    static func document(pageContents: [String], trailerExtra: String = "") -> [UInt8] {
        // 1 catalog, 2 pages, 3 font, then a page and its content per page.
        var objects = [
            "<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var kids: [String] = []
        for content in pageContents {
            let pageNumber = objects.count + 1
            kids.append("\(pageNumber) 0 R")
            objects.append(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                    + "/Contents \(pageNumber + 1) 0 R >>"
            )
            objects.append(stream(content))
        }
        objects[1] = "<< /Type /Pages /Kids [\(kids.joined(separator: " "))] /Count \(kids.count) >>"
        return build(objects, trailerExtra: trailerExtra)
    }

    /// A content stream that writes `lines` of text, 14 points apart, from the top of the page.
    static func textContent(_ lines: [String], x: Int = 72) -> String {
        var content = "BT /F1 12 Tf\n"
        for (index, line) in lines.enumerated() {
            content += "1 0 0 1 \(x) \(770 - 14 * index) Tm (\(line)) Tj\n"
        }
        return content + "ET"
    }
}
