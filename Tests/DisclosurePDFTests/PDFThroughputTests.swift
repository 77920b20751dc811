import Testing

@testable import DisclosurePDF

/// Extraction speed on the corpus PDFs, printed for the benchmark report (never asserted: timing varies).
@Suite struct PDFThroughputTests {
    @Test func reportsPagesAndBytesPerSecond() throws {
        var bytesTotal = 0
        var pagesTotal = 0
        var documents: [[UInt8]] = []
        for name in CorpusPDF.names {
            guard let bytes = CorpusPDF.bytes(name, ".pdf") else { continue }
            documents.append(bytes)
        }
        guard !documents.isEmpty else {
            print("skip: no corpus PDFs under \(CorpusPDF.wholeDirectory)")
            return
        }
        let extractor = PDFTextExtractor()
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for bytes in documents {
                let text = try extractor.extract(bytes)
                pagesTotal += text.pages.count
                bytesTotal += bytes.count
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let pagesPerSecond = Double(pagesTotal) / seconds
        let megabytesPerSecond = Double(bytesTotal) / 1_048_576 / seconds
        print(
            "pdf throughput: \(documents.count) documents, \(pagesTotal) pages, \(bytesTotal) bytes in "
                + "\(seconds) s: \(pagesPerSecond) pages/s, \(megabytesPerSecond) MB/s"
        )
        // The zlib pre-scan alone (it runs inside every extraction above): its share of the cost.
        let scan = try clock.measure {
            for bytes in documents { try PDFStreamScan.check(bytes, limits: PDFExtractionLimits()) }
        }
        let scanSeconds = Double(scan.components.seconds) + Double(scan.components.attoseconds) / 1e18
        print("pdf pre-scan: \(scanSeconds) s of the \(seconds) s (\(Int(100 * scanSeconds / seconds))%)")
        #expect(pagesTotal > 0)
    }
}
