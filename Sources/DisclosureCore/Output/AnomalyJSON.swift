/// Turns an ``Anomaly`` into its published JSON form (SPEC §5), keys in contract order, with ``JSONWriter``.
public enum AnomalyJSON {
    /// The event's JSON bytes.
    public static func bytes(_ anomaly: Anomaly) -> [UInt8] {
        var writer = JSONWriter(capacity: capacity(anomaly))
        withUnsafePointer(to: anomaly) { anomaly in
            var run = EventRun()
            run.write(anomaly, to: &writer)
        }
        return writer.bytes
    }

    /// Room for the event's JSON: its keys, numbers and ids, plus its texts (counted in O(1) on native strings).
    static func capacity(_ anomaly: Anomaly) -> Int {
        withUnsafePointer(to: anomaly) { capacity(of: $0) }
    }

    /// ``capacity(_:)`` of an event read in place (an event passed by value, as `reduce` passes it, is copied,
    /// every string retained and released).
    static func capacity(of anomaly: UnsafePointer<Anomaly>) -> Int {
        512 + anomaly.pointee.message.utf8.count + anomaly.pointee.messageZh.utf8.count
            + anomaly.pointee.quotes.capacity
    }

    /// ``capacity(_:)`` of all the events, read in place.
    static func capacity(_ anomalies: [Anomaly]) -> Int {
        anomalies.withUnsafeBufferPointer { anomalies in
            guard let first = anomalies.baseAddress else { return 0 }
            var bytes = 0
            for index in anomalies.indices { bytes += capacity(of: first + index) }
            return bytes
        }
    }

    /// Each event's JSON bytes, in order: the same bytes as ``bytes(_:)`` gives each, written into one buffer by an
    /// ``EventRun`` (what every event of a document repeats is rendered once).
    public static func lines(_ anomalies: [Anomaly]) -> [[UInt8]] {
        guard !anomalies.isEmpty else { return [] }
        var writer = JSONWriter(capacity: capacity(anomalies))
        let ranges = writeLines(anomalies, to: &writer)
        let bytes = writer.bytes
        return ranges.map { Array(bytes[$0]) }
    }

    /// Writes each event's JSON after what `writer` holds, each a JSON document of its own (no comma between them),
    /// and returns where each one is: the bytes ``bytes(_:)`` gives for it. An ``EventRun`` renders what every
    /// event of a document repeats once.
    static func writeLines(_ anomalies: [Anomaly], to writer: inout JSONWriter) -> [Range<Int>] {
        guard !anomalies.isEmpty else { return [] }
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(anomalies.count)
        // Read in place, through a pointer (a `for … in` over the array, or a subscript passed on, copies each event
        // and retains its strings).
        anomalies.withUnsafeBufferPointer { anomalies in
            guard let first = anomalies.baseAddress else { return }
            var run = EventRun()
            for index in anomalies.indices {
                let start = writer.written
                writer.startDocument()
                run.write(first + index, to: &writer)
                ranges.append(start..<writer.written)
            }
        }
        return ranges
    }

    /// Writes the events of one document one after the other into one writer, copying the members they repeat from
    /// where they were written before: `documentId`, `unit` and `fiscalYear` (the same in every event), `ruleId`
    /// (events come sorted by rule) and `severity`, `message`, `messageZh` (the same in all the events of a rule
    /// such as `parse.unrecognized`, twenty of a 10 KB document's twenty-four).
    struct EventRun {
        /// The `documentId`, `unit` and `fiscalYear` of the last such members written, and where they were written.
        private var documentId: String?
        private var unitName: String?
        private var fiscalYear: Int?
        private var documentRange = 0..<0
        /// The rule id of the last `ruleId` member written, and where.
        private var ruleId: String?
        private var ruleRange = 0..<0
        /// The texts of the last `severity`, `message` and `messageZh` members written, and where.
        private var severity = Anomaly.Severity.info
        private var message: String?
        private var messageZh = ""
        private var messageRange = 0..<0

        /// A run that has written nothing yet.
        init() {}

        /// Appends the event's JSON to `w` (the writer of every earlier event of the run): the bytes of
        /// ``AnomalyJSON/write(_:to:)``.
        mutating func write(_ anomaly: UnsafePointer<Anomaly>, to w: inout JSONWriter) {
            w.openObject()
            w.key("schema")
            // `Anomaly.schema`, as static text: ASCII that needs no escape.
            w.plainString("disclosure.anomaly/v1")
            w.key("anomalyId")
            // A digest's words read out of the event in place (passing the id copied it: an outlined copy and
            // destroy, about 80 instructions an event).
            if case .digest(let a, let b, let c, let d) = anomaly.pointee.id {
                w.anomalyId(AnomalyID.digest(a, b, c, d))
            } else {
                w.anomalyId(anomaly.pointee.id)
            }
            // Strings compared by storage, not by contents: the events of a document share the record's strings and
            // their rule's literals, and comparing the contents of two non-ASCII strings costs hundreds of
            // instructions. Equal strings in different storage are only written again.
            if let documentId, EventRun.same(documentId, anomaly.pointee.documentId),
                fiscalYear == anomaly.pointee.fiscalYear, EventRun.same(unitName, anomaly.pointee.unitName)
            {
                w.repeatMembers(documentRange)
            } else {
                let start = w.memberStart()
                writeDocumentMembers(anomaly, to: &w)
                documentId = anomaly.pointee.documentId
                unitName = anomaly.pointee.unitName
                fiscalYear = anomaly.pointee.fiscalYear
                documentRange = start..<w.written
            }
            if let ruleId, EventRun.same(ruleId, anomaly.pointee.ruleId) {
                w.repeatMembers(ruleRange)
            } else {
                let start = w.memberStart()
                w.key("ruleId")
                w.string(anomaly.pointee.ruleId)
                ruleId = anomaly.pointee.ruleId
                ruleRange = start..<w.written
            }
            w.key("subject")
            w.string(anomaly.pointee.subject)
            if let message, severity == anomaly.pointee.severity, EventRun.same(message, anomaly.pointee.message),
                EventRun.same(messageZh, anomaly.pointee.messageZh)
            {
                w.repeatMembers(messageRange)
            } else {
                let start = w.memberStart()
                writeMessages(anomaly, to: &w)
                severity = anomaly.pointee.severity
                message = anomaly.pointee.message
                messageZh = anomaly.pointee.messageZh
                messageRange = start..<w.written
            }
            writeFigures(anomaly, to: &w)
        }

        /// Whether two strings are the same storage (the same literal, or copies of one string): then equal.
        @inline(__always)
        static func same(_ a: String, _ b: String) -> Bool {
            withUnsafeBytes(of: a) { a in
                withUnsafeBytes(of: b) { b in
                    a.loadUnaligned(as: UInt64.self) == b.loadUnaligned(as: UInt64.self)
                        && a.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                            == b.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                }
            }
        }

        /// ``same(_:_:)`` for optional strings: both `nil`, or the same storage.
        @inline(__always)
        static func same(_ a: String?, _ b: String?) -> Bool {
            switch (a, b) {
            case (nil, nil): true
            case (let a?, let b?): same(a, b)
            default: false
            }
        }
    }

    /// `severity`, `message` and `messageZh`.
    private static func writeMessages(_ anomaly: UnsafePointer<Anomaly>, to w: inout JSONWriter) {
        w.key("severity")
        // The raw values, spelled out as static text: no `String` made and scanned per event.
        switch anomaly.pointee.severity {
        case .info: w.plainString("info")
        case .warning: w.plainString("warning")
        case .error: w.plainString("error")
        }
        w.key("message")
        w.string(anomaly.pointee.message)
        w.key("messageZh")
        w.string(anomaly.pointee.messageZh)
    }

    /// `expected`, `actual`, `difference`, `tolerance` and `evidence`, and the event's closing brace.
    private static func writeFigures(_ anomaly: UnsafePointer<Anomaly>, to w: inout JSONWriter) {
        w.key("expected")
        w.number(anomaly.pointee.expected)
        w.key("actual")
        w.number(anomaly.pointee.actual)
        w.key("difference")
        w.number(anomaly.pointee.difference)
        w.key("tolerance")
        w.number(anomaly.pointee.tolerance)
        w.key("evidence")
        w.openArray()
        switch anomaly.pointee.quotes {
        case .given(let evidence):
            writeEvidence(evidence, to: &w)
        case .references(let references, let offsets):
            writeEvidence(references, offsets: offsets, to: &w)
        }
        w.closeArray()
        w.closeObject()
    }

    /// The members of `evidence`'s quotes.
    private static func writeEvidence(_ evidence: [Anomaly.Evidence], to w: inout JSONWriter) {
        evidence.withUnsafeBufferPointer { evidence in
            guard let first = evidence.baseAddress else { return }
            // Read in place through a pointer (a subscript copies each piece of evidence, retaining its strings).
            for index in evidence.indices {
                let evidence = first + index
                w.openObject()
                w.key("path")
                w.string(evidence.pointee.path)
                w.key("quote")
                Anomaly.Evidence.withQuoteUTF8(of: evidence) { w.string(utf8: $0) }
                w.key("start")
                w.int(evidence.pointee.start)
                w.key("end")
                w.int(evidence.pointee.end)
                w.closeObject()
            }
        }
    }

    /// The quotes of a finding's `references` into the text `offsets` describe, written straight from the text:
    /// the members ``EvidenceQuotes/evidence`` would give.
    private static func writeEvidence(
        _ references: EvidenceReferences,
        offsets: ScalarOffsets,
        to w: inout JSONWriter
    ) {
        offsets.bytes.withUnsafeBufferPointer { text in
            switch references.storage {
            case .none:
                return
            case .one(let reference):
                guard reference.span.length > 0, reference.span.end <= text.count else { return }
                writeQuote(reference.path, reference.span, text: text, offsets: offsets, to: &w)
            case .many(let references):
                references.withUnsafeBufferPointer { references in
                    for position in references.indices
                    where EvidenceReferences.isQuoted(position, in: references, textCount: text.count) {
                        writeQuote(
                            references[position].path,
                            references[position].span,
                            text: text,
                            offsets: offsets,
                            to: &w
                        )
                    }
                }
            }
        }
    }

    /// One quote: `path`, the text of `span` (inside `text`, not empty) and its scalar offsets.
    private static func writeQuote(
        _ path: String,
        _ span: TextSpan,
        text: UnsafeBufferPointer<UInt8>,
        offsets: ScalarOffsets,
        to w: inout JSONWriter
    ) {
        w.openObject()
        w.key("path")
        w.string(path)
        w.key("quote")
        // A span that starts or ends inside a scalar is quoted repaired, as a `String` (``Anomaly/Evidence``).
        if text[span.start] & 0xC0 != 0x80 && (span.end == text.count || text[span.end] & 0xC0 != 0x80) {
            w.string(utf8: UnsafeBufferPointer(rebasing: text[span.start..<span.end]))
        } else {
            w.string(String(decoding: text[span.start..<span.end], as: UTF8.self))
        }
        w.key("start")
        w.int(offsets.scalar(span.start))
        w.key("end")
        w.int(offsets.scalar(span.end))
        w.closeObject()
    }

    /// `documentId`, `unit` and `fiscalYear`: what every event of a document repeats.
    private static func writeDocumentMembers(_ anomaly: UnsafePointer<Anomaly>, to w: inout JSONWriter) {
        w.key("documentId")
        w.string(anomaly.pointee.documentId)
        w.key("unit")
        w.openObject()
        w.key("name")
        w.string(anomaly.pointee.unitName)
        w.closeObject()
        w.key("fiscalYear")
        w.int(anomaly.pointee.fiscalYear)
    }
}

/// The room the events' quotes need, read where they are: a property of `anomaly.pointee.quotes` borrows the quotes,
/// where a `switch` over them copied the case's payload (a retain and a release of the references' path and of the
/// offsets' two arrays: 5 K instructions on a 10 KB document's events, now 1 K). The writer still switches: with the
/// writer passed `inout` beside the event, the optimiser copied the payload either way.
extension EvidenceQuotes {
    /// Room for the quotes' JSON.
    fileprivate var capacity: Int {
        switch self {
        case .given(let evidence):
            evidence.withUnsafeBufferPointer { evidence in
                guard let first = evidence.baseAddress else { return 0 }
                var bytes = 0
                for index in evidence.indices {
                    bytes += 64 + (first + index).pointee.path.utf8.count + (first + index).pointee.quoteUTF8Count
                }
                return bytes
            }
        case .references(let references, _):
            // A quote is a sentence: a few hundred bytes with its path and offsets. The writer grows if need be
            // (measuring each quote cost more than the rare growth).
            384 * references.count
        }
    }
}
