import DisclosureCore
import DisclosurePDF

/// The processor `disclosure-worker parse` runs: default limits and rules, PDF through poppler.
let processor = DisclosureProcessor(decoder: DocumentDecoder(pdfTextSource: PDFTextExtractor()))

/// libFuzzer's entry point: one input through the whole core (decode, classify, parse, rules, JSON).
///
/// A refused input (``DisclosureError``) is an expected outcome; only a crash, a sanitizer report, a timeout or
/// output that is not UTF-8 JSON is a finding. This file must not be named `main.swift`: libFuzzer supplies `main`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let (contentType, bytes) = FuzzInput.split(UnsafeBufferPointer(start: data, count: size)) else { return 0 }
    let processed: ProcessedDocument
    do {
        processed = try processor.process(RawDocument(bytes: bytes, contentType: contentType))
    } catch {
        return 0
    }
    // The output is what the worker publishes: it must serialize, and as valid UTF-8.
    let line = processed.parseLine()
    precondition(String(validating: line, as: UTF8.self) != nil, "the parse line is not valid UTF-8")
    for anomaly in processed.anomalyJSON() {
        precondition(String(validating: anomaly, as: UTF8.self) != nil, "an anomaly's JSON is not valid UTF-8")
    }
    return 0
}
