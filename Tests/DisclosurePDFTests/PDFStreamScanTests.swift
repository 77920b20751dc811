import CPoppler
import DisclosureCore
import Testing

@testable import DisclosurePDF

/// Decompression and object-count bombs are refused before poppler opens the file, with a reason; every bomb is
/// generated here (nothing stored), and the real documents pass the scan (the corpus tests extract them all).
@Suite struct PDFStreamScanTests {
    /// `count` zero bytes compressed with zlib (the zlib format FlateDecode reads), `times` times over.
    static func deflatedZeros(_ count: Int, times: Int = 1) -> [UInt8] {
        var data = [UInt8](repeating: 0, count: count)
        for _ in 0..<times { data = deflate(data) }
        return data
    }

    /// `data` compressed once with zlib.
    static func deflate(_ data: [UInt8]) -> [UInt8] {
        var bound = compressBound(uLong(data.count))
        var output = [UInt8](repeating: 0, count: Int(bound))
        let status = data.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                compress2(out.baseAddress, &bound, input.baseAddress, uLong(input.count), 9)
            }
        }
        precondition(status == Z_OK, "compress2 failed: \(status)")
        return Array(output.prefix(Int(bound)))
    }

    /// A one-page document whose page content is `content` (a stream object with its dictionary) plus `extra`
    /// objects.
    static func document(content: [UInt8], extra: [[UInt8]] = [], trailerExtra: String = "") -> [UInt8] {
        let objects: [[UInt8]] =
            [
                "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            ].map { Array($0.utf8) } + [content] + extra
        return TinyPDF.build(bytes: objects, trailerExtra: trailerExtra)
    }

    @Test func aContentStreamThatInflatesToGigabytesIsABomb() throws {
        // 64 MiB of zeros in about 64 KB: four times the default cap on one stream.
        let bomb = Self.document(
            content: TinyPDF.stream(data: Self.deflatedZeros(64 << 20), dictionary: "/Filter /FlateDecode")
        )
        let error = try #require(Self.error(of: bomb))
        #expect(error.code == .bomb)
        #expect(error.message.contains("inflates past 16777216 bytes"), "\(error.message)")
        #expect(error.disclosureError.code == .pdfTooLarge)
    }

    @Test func aDoubleFlateBombIsInflatedThroughBothFilters() throws {
        // Compressed twice: the first stage inflates to about 64 KB, the second to 64 MiB.
        let data = Self.deflatedZeros(64 << 20, times: 2)
        #expect(data.count < 4096)
        let bomb = Self.document(
            content: TinyPDF.stream(data: data, dictionary: "/Filter [/FlateDecode /Fl]")
        )
        #expect(Self.error(of: bomb)?.code == .bomb)
    }

    @Test func aLongChainOfFiltersOrAHugeDictionaryIsABomb() throws {
        func bomb(filters count: Int) -> [UInt8] {
            let filters = Array(repeating: "/FlateDecode", count: count).joined(separator: " ")
            return Self.document(
                content: TinyPDF.stream(data: Self.deflatedZeros(16), dictionary: "/Filter [\(filters)]")
            )
        }
        let chain = try #require(Self.error(of: bomb(filters: 1000)))
        #expect(chain.code == .bomb)
        #expect(chain.message.contains("FlateDecode filters; at most 4 are read"), "\(chain.message)")
        let huge = try #require(Self.error(of: bomb(filters: 10_000)))
        #expect(huge.code == .bomb)
        #expect(huge.message.contains("dictionary longer than 65536 bytes"), "\(huge.message)")
    }

    /// `input` in PDF's LZWDecode (9-12 bit codes, EarlyChange 1), no table resets (inputs under ~7 MB of one byte).
    static func lzw(_ input: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var bits: UInt64 = 0
        var bitCount = 0
        var width = 9
        func write(_ code: Int) {
            bits = (bits << UInt64(width)) | UInt64(code)
            bitCount += width
            while bitCount >= 8 {
                output.append(UInt8(truncatingIfNeeded: bits >> UInt64(bitCount - 8)))
                bitCount -= 8
            }
        }
        var table: [Int: Int] = [:]
        var next = 258
        var emitted = 0
        func emit(_ code: Int) {
            write(code)
            emitted += 1
            // The decoder's table lags one entry behind the encoder's; EarlyChange widens one code early.
            let decoderNext = 258 + emitted - 1
            while decoderNext + 1 >= 1 << width, width < 12 { width += 1 }
        }
        write(256)
        var current = -1
        for byte in input {
            if current < 0 {
                current = Int(byte)
                continue
            }
            let key = current << 8 | Int(byte)
            if let code = table[key] {
                current = code
            } else {
                emit(current)
                if next < 4096 {
                    table[key] = next
                    next += 1
                }
                current = Int(byte)
            }
        }
        if current >= 0 { emit(current) }
        write(257)
        if bitCount > 0 { output.append(UInt8(truncatingIfNeeded: bits << UInt64(8 - bitCount))) }
        return output
    }

    @Test func lzwAndRunLengthAreCountedToo() throws {
        let text = Array("BT /F1 12 Tf 72 700 Td (total 1651.99) Tj ET ".utf8)
        let sample = Array(repeating: text, count: 50).joined() + [UInt8](repeating: 0x20, count: 3000)
        let encoded = Self.lzw(Array(sample))
        #expect(encoded.withUnsafeBufferPointer { DecodedSize.lzw($0, stopAfter: .max) } == sample.count)
        // 4 MiB of spaces in about 4 KB.
        let bomb = Self.lzw([UInt8](repeating: 0x20, count: 4 << 20))
        #expect(bomb.count < 8192)
        #expect(bomb.withUnsafeBufferPointer { DecodedSize.lzw($0, stopAfter: .max) } == 4 << 20)
        let limits = PDFExtractionLimits(maximumInflatedStreamBytes: 1 << 20)
        let lzwError = try #require(
            Self.error(
                of: Self.document(content: TinyPDF.stream(data: bomb, dictionary: "/Filter /LZWDecode")),
                limits: limits
            )
        )
        #expect(lzwError.code == .bomb)
        // RunLength: 2 bytes give 128.
        let runs = Array(repeating: [UInt8(129), UInt8(0x20)], count: 10_000).joined()
        #expect(Array(runs).withUnsafeBufferPointer { DecodedSize.runLength($0, stopAfter: .max) } == 1_280_000)
        let runError = try #require(
            Self.error(
                of: Self.document(content: TinyPDF.stream(data: Array(runs), dictionary: "/Filter /RL")),
                limits: limits
            )
        )
        #expect(runError.code == .bomb)
        // Unfiltered content past the limit is refused too.
        let plain = TinyPDF.stream(data: [UInt8](repeating: 0x20, count: (1 << 20) + 10), dictionary: "")
        #expect(
            Self.error(of: Self.document(content: plain), limits: limits)?.message.contains("holds more than") == true
        )
    }

    @Test func manyStreamsTogetherPassTheTotalCap() throws {
        let stream = TinyPDF.stream(data: Self.deflatedZeros(1 << 20), dictionary: "/Filter /FlateDecode")
        let bytes = Self.document(content: stream, extra: Array(repeating: stream, count: 9))
        let limits = PDFExtractionLimits(maximumInflatedBytes: 8 << 20)
        let error = try #require(Self.error(of: bytes, limits: limits))
        #expect(error.code == .bomb)
        #expect(error.message.contains("in total"), "\(error.message)")
        // Under the default limits the same ten MiB are fine for the scan.
        #expect(throws: Never.self) { try PDFStreamScan.check(bytes, limits: PDFExtractionLimits()) }
    }

    @Test func aHighRatioPastTheFloorIsABomb() throws {
        let stream = TinyPDF.stream(data: Self.deflatedZeros(8 << 20), dictionary: "/Filter /FlateDecode")
        let limits = PDFExtractionLimits(maximumInflatedStreamBytes: 64 << 20, maximumInflationRatio: 100)
        let error = try #require(Self.error(of: Self.document(content: stream), limits: limits))
        #expect(error.code == .bomb)
        #expect(error.message.contains("over 100:1"), "\(error.message)")
    }

    @Test func imagesAreNotInflated() {
        let image = TinyPDF.stream(
            data: Self.deflatedZeros(64 << 20),
            dictionary: "/Type /XObject /Subtype /Image /Width 8192 /Height 8192 /BitsPerComponent 8 "
                + "/ColorSpace /DeviceGray /Filter /FlateDecode"
        )
        let bytes = Self.document(content: TinyPDF.stream(data: Array("BT ET".utf8), dictionary: ""), extra: [image])
        #expect(throws: Never.self) { try PDFStreamScan.check(bytes, limits: PDFExtractionLimits()) }
    }

    @Test func anObjectStreamDeclaringMillionsOfObjectsIsABomb() throws {
        let header = Array("1 0 ".utf8)
        let objectStream = TinyPDF.stream(data: header, dictionary: "/Type /ObjStm /N 50000000 /First 4")
        let bytes = Self.document(
            content: TinyPDF.stream(data: Array("BT ET".utf8), dictionary: ""),
            extra: [objectStream]
        )
        let error = try #require(Self.error(of: bytes))
        #expect(error.code == .bomb)
        #expect(error.message.contains("declare 50000000 objects"), "\(error.message)")
    }

    @Test func manySmallObjectStreamsAddUp() throws {
        let objectStream = TinyPDF.stream(data: Array("1 0 ".utf8), dictionary: "/Type /ObjStm /N 400000 /First 4")
        let bytes = Self.document(
            content: TinyPDF.stream(data: Array("BT ET".utf8), dictionary: ""),
            extra: [objectStream, objectStream, objectStream]
        )
        #expect(Self.error(of: bytes)?.code == .bomb)
    }

    @Test func aTrailerOrCrossReferenceStreamDeclaringTooManyObjectsIsABomb() throws {
        let content = TinyPDF.stream(data: Array("BT ET".utf8), dictionary: "")
        // TinyPDF writes its own /Size first; a second /Size in the trailer is the one a reader keeps last, so build
        // the cross-reference stream case with an explicit dictionary instead.
        let xref = TinyPDF.stream(data: [], dictionary: "/Type /XRef /Size 90000000 /W [1 4 2]")
        #expect(Self.error(of: Self.document(content: content, extra: [xref]))?.code == .bomb)
        var trailer = Self.document(content: content)
        let tail = Array("trailer\n<< /Size 2000000000 /Root 1 0 R >>\nstartxref\n0\n%%EOF\n".utf8)
        trailer += tail
        #expect(Self.error(of: trailer)?.code == .bomb)
    }

    @Test func aReferenceIsNotACount() {
        let objectStream = TinyPDF.stream(data: Array("1 0 ".utf8), dictionary: "/Type /ObjStm /N 9000000 0 R /First 4")
        let bytes = Self.document(
            content: TinyPDF.stream(data: Array("BT ET".utf8), dictionary: ""),
            extra: [objectStream]
        )
        #expect(throws: Never.self) { try PDFStreamScan.check(bytes, limits: PDFExtractionLimits()) }
    }

    @Test func anOrdinaryCompressedPageIsRead() throws {
        let content = TinyPDF.textContent(PDFTextExtractorErrorTests.body)
        var bound = compressBound(uLong(content.utf8.count))
        var output = [UInt8](repeating: 0, count: Int(bound))
        let source = Array(content.utf8)
        _ = output.withUnsafeMutableBufferPointer { out in
            compress2(out.baseAddress, &bound, source, uLong(source.count), 9)
        }
        var objects = [
            "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
                + "/Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ].map { Array($0.utf8) }
        objects.append(TinyPDF.stream(data: Array(output.prefix(Int(bound))), dictionary: "/Filter /FlateDecode"))
        let text = try PDFTextExtractor().extract(TinyPDF.build(bytes: objects))
        #expect(text.text.contains("total 1651.99"))
    }

    /// The extraction error, or nil when the file is read.
    static func error(of bytes: [UInt8], limits: PDFExtractionLimits = PDFExtractionLimits()) -> PDFExtractionError? {
        do {
            _ = try PDFTextExtractor(limits: limits).extract(bytes)
            return nil
        } catch {
            return error
        }
    }
}
