/// What one pass over a money sentence found besides its tokens (``FinanceSentenceScanner``).
struct FinanceSentenceScan: Sendable {
    /// Where the first money or percent token starts: the end of the sentence's lead.
    var firstAmountStart: Int?
    /// Whether a share token reads `占一般公共预算` (``FinanceTopicDetector``).
    var sharesGeneralBudget = false
    /// The first special topic named, as ``FinanceTopicDetector`` looks for it, and where.
    var special: (start: Int, topic: FinanceTopic)?
    /// The first generic topic named, as ``FinanceTopicDetector`` looks for it, and where (not looked for after the
    /// first special topic, which decides).
    var generic: (start: Int, topic: FinanceTopic)?

    /// The special topic named before `end` (a lead's end).
    func specialTopic(before end: Int) -> FinanceTopic? {
        guard let special, special.start < end else { return nil }
        return special.topic
    }

    /// The generic topic named before `end` (a lead's end).
    func genericTopic(before end: Int) -> FinanceTopic? {
        guard let generic, generic.start < end else { return nil }
        return generic.topic
    }
}

/// Reads a money sentence: one pass for what decides whether it is read (units, statement cues, negations:
/// ``flags(_:marks:)``), and, for a sentence that is read, one that cuts the ``FinanceToken``s (longest term, numbers
/// with units) and a short one that looks for the lead's topics as ``FinanceTopicDetector`` does
/// (``scan(_:marks:into:)``), with lookups of the merged lexicon (``FinanceMark``). Each crosses text where none of
/// its patterns may start on stop tables alone (``FinanceTrie/nextCandidate(in:from:end:stops:)``).
///
/// The topics are looked for up to the first amount, the lead's end: their patterns hold no digit, so none runs
/// across it, and the first one found before it is the one a search of the lead alone finds.
enum FinanceSentenceScanner {
    /// ``AmountScanner/mayHoldAmount(_:)`` sixteen bytes at a time: whether `bytes` holds `%` or `元` (E5 85 83).
    ///
    /// Most sentences hold neither and are crossed whole, sixteen bytes at a time with a few SSE2 operations: a block
    /// is compared with `%`, and, with the same block read one and two bytes earlier, with the three bytes of `元`, so
    /// that no block is looked at byte by byte (0x83, 元's last byte, ends one CJK character in sixty-four).
    static func mayHoldAmount(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            let count = buffer.count
            let raw = UnsafeRawPointer(base)
            // The first two bytes by themselves, so that every block can be read again one and two bytes earlier.
            var index = 0
            while index < min(2, count) {
                if isUnitEnd(buffer, index) { return true }
                index &+= 1
            }
            while index &+ 16 <= count {
                let block = raw.loadUnaligned(fromByteOffset: index, as: Bytes16.self)
                let before = raw.loadUnaligned(fromByteOffset: index &- 1, as: Bytes16.self)
                let twoBefore = raw.loadUnaligned(fromByteOffset: index &- 2, as: Bytes16.self)
                let yuan =
                    (block .== Bytes16(repeating: 0x83)) .& (before .== Bytes16(repeating: 0x85))
                    .& (twoBefore .== Bytes16(repeating: 0xE5))
                if Self.any((block .== Bytes16(repeating: 0x25)) .| yuan) { return true }
                index &+= 16
            }
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            if index &+ 8 <= count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                // A byte of `word` equal to 0x25 or 0x83 sets its high bit here (bytes above one may too).
                let percent = word ^ (ones &* 0x25)
                let last = word ^ (ones &* 0x83)
                let found = ((percent &- ones) & ~percent | (last &- ones) & ~last) & highs
                if found != 0 {
                    for offset in index..<(index &+ 8) where isUnitEnd(buffer, offset) { return true }
                }
                index &+= 8
            }
            while index < count {
                if isUnitEnd(buffer, index) { return true }
                index &+= 1
            }
            return false
        }
    }

    /// Sixteen bytes of text, compared all at once.
    private typealias Bytes16 = SIMD16<UInt8>

    /// Whether a lane of `mask` is set, its two words or-ed (as `JSONWriter.needsEscape(_:)` reads its mask): the
    /// standard library's `any(_:)` here became a call of the unspecialised `SIMD.min()`, 10 K instructions per 10 KB
    /// document.
    @inline(__always)
    private static func any(_ mask: SIMDMask<SIMD16<Int8>>) -> Bool {
        let halves = unsafeBitCast(mask, to: SIMD2<UInt64>.self)
        return halves[0] | halves[1] != 0
    }

    /// Whether `%`, or the last byte of `元`, is at `offset`.
    @inline(__always)
    private static func isUnitEnd(_ buffer: UnsafeBufferPointer<UInt8>, _ offset: Int) -> Bool {
        let byte = buffer[offset]
        if byte == UInt8(ascii: "%") { return true }
        return byte == 0x83 && offset >= 2 && buffer[offset &- 1] == 0x85 && buffer[offset &- 2] == 0xE5
    }

    /// The flagged pattern sets that occur in `bytes`: `元` or `%` (as ``AmountScanner/mayHoldAmount(_:)``), a
    /// statement cue (``FinanceVocabulary/statementCues``), a negation word, `占一般公共预算`.
    static func flags(_ bytes: [UInt8], marks: FinanceMarks) -> FinanceMark.Flags {
        var flags: FinanceMark.Flags = []
        let lexicon = marks.flags
        let limit = bytes.count
        bytes.withUnsafeBufferPointer { buffer in
            marks.flagStops.withUnsafeBufferPointer { stops in
                guard let stops = stops.baseAddress else { return }
                var index = 0
                while true {
                    index = FinanceTrie<FinanceMark.Flags>.nextCandidate(
                        in: buffer,
                        from: index,
                        end: limit,
                        stops: stops,
                        skipsASCII: true
                    )
                    guard index < limit else { break }
                    if let entry = lexicon.longestMatch(in: buffer, at: index, end: limit) {
                        flags.formUnion(entry.value)
                    }
                    // No pattern starts inside a scalar: step over the one here.
                    let byte = buffer[index]
                    let rest = limit &- index
                    index &+= byte < 0xC0 ? 1 : byte >= 0xF0 ? min(4, rest) : byte >= 0xE0 ? min(3, rest) : min(2, rest)
                }
            }
        }
        return flags
    }

    /// ``flags(_:marks:)`` and ``topics(_:marks:)`` of a title in one pass: it stops where a flagged or a topic
    /// pattern may start (``FinanceMarks/titleStops``), looks the flags up there, and the topics until the first
    /// special one. `topics` receives what ``topics(_:marks:)`` returns.
    ///
    /// With `stopsAtUnit`, the pass ends at the first `元` or `%` (``FinanceMark/Flags/amountUnit``): a short line
    /// is then read as an amount sentence, whose flags and topics are not taken from here, and the pass replaces
    /// ``mayHoldAmount(_:)`` (what it returns then holds the unit, and what was found before it).
    static func flags(
        _ bytes: [UInt8],
        marks: FinanceMarks,
        topics: inout FinanceSentenceScan,
        stopsAtUnit: Bool = false
    ) -> FinanceMark.Flags {
        var flags: FinanceMark.Flags = []
        var result = FinanceSentenceScan()
        let flagLexicon = marks.flags
        let lexicon = marks.lexicon
        let limit = bytes.count
        bytes.withUnsafeBufferPointer { buffer in
            marks.titleStops.withUnsafeBufferPointer { stops in
                guard let stops = stops.baseAddress else { return }
                var index = 0
                var search = TopicSearch()
                while true {
                    index = FinanceTrie<FinanceMark>.nextCandidate(
                        in: buffer,
                        from: index,
                        end: limit,
                        stops: stops,
                        skipsASCII: true
                    )
                    guard index < limit else { break }
                    let next = index &+ scalarLength(buffer[index], rest: limit &- index)
                    if let entry = flagLexicon.longestMatch(in: buffer, at: index, end: limit) {
                        flags.formUnion(entry.value)
                        if stopsAtUnit && entry.value.contains(.amountUnit) { break }
                    }
                    if !search.isDone {
                        search.catchUp(to: index)
                        let mark = lexicon.longestMatch(in: buffer, at: index, end: limit)?.value
                        search.read(mark, at: index, next: next, into: &result)
                    }
                    index = next
                }
            }
        }
        topics = result
        return flags
    }

    /// The topics a sentence that is not read names (a title), as ``scan(_:marks:into:)`` finds them but without
    /// tokens: it stops at the first special topic, which decides over any generic one.
    static func topics(_ bytes: [UInt8], marks: FinanceMarks) -> FinanceSentenceScan {
        var result = FinanceSentenceScan()
        bytes.withUnsafeBufferPointer { buffer in
            findTopics(in: buffer, before: buffer.count, marks: marks, into: &result)
        }
        return result
    }

    /// Looks for the first special and the first generic topic that start before `end`, as
    /// ``FinanceTopicDetector`` looks for them in a lead: each search steps over the neutral patterns it finds, and
    /// both stop at the first special topic, which decides over any generic one.
    ///
    /// Only where a topic pattern starts (``FinanceMarks/topicStops``) can a search find anything: elsewhere it
    /// moves to the next character. Topic patterns hold no digit, so none that starts before a lead's end (a digit)
    /// runs across it.
    private static func findTopics(
        in buffer: UnsafeBufferPointer<UInt8>,
        before end: Int,
        marks: FinanceMarks,
        into result: inout FinanceSentenceScan
    ) {
        let limit = buffer.count
        let lexicon = marks.lexicon
        marks.topicStops.withUnsafeBufferPointer { topicStops in
            guard let topicStops = topicStops.baseAddress else { return }
            var index = 0
            var search = TopicSearch()
            while !search.isDone {
                let candidate = FinanceTrie<FinanceMark>.nextCandidate(
                    in: buffer,
                    from: index,
                    end: end,
                    stops: topicStops
                )
                guard candidate < end else { break }
                search.catchUp(to: candidate)
                index = candidate
                let next = index &+ scalarLength(buffer[index], rest: limit &- index)
                let mark = lexicon.longestMatch(in: buffer, at: index, end: limit)?.value
                search.read(mark, at: index, next: next, into: &result)
                index = next
            }
        }
    }

    /// Appends the tokens of `bytes` to `tokens` and returns what else it found: ``scan(_:marks:into:count:)`` into
    /// room made at the array's end, for callers that keep tokens in an array (tests).
    static func scan(
        _ bytes: [UInt8],
        marks: FinanceMarks,
        into tokens: inout [FinanceToken]
    ) -> FinanceSentenceScan {
        let held = tokens.count
        // A sentence holds at most one token per byte.
        tokens.append(contentsOf: repeatElement(FinanceToken.placeholder, count: bytes.count))
        var count = 0
        let result = tokens.withUnsafeMutableBufferPointer { buffer in
            scan(bytes, marks: marks, into: buffer.baseAddress! + held, count: &count)
        }
        tokens.removeLast(bytes.count &- count)
        return result
    }

    /// Writes the tokens of `bytes` to `tokens` (room for `bytes.count` of them: a sentence holds at most one token
    /// per byte), sets `count` to their number, and returns what else it found.
    ///
    /// The tokens go straight into a buffer the caller owns and ``FinanceSentenceReader`` reads: a store and an
    /// increment per token, where an array's append checks its uniqueness and its capacity (and calls out for a
    /// number's, whose closure the compiler outlines).
    ///
    /// Two passes: the tokenizer, which stops only where a term may start, at digits and at separators, and looks
    /// nothing up at a digit or a separator; then the topic searches over the lead (before the first amount), which
    /// stop only where a topic pattern may start.
    static func scan(
        _ bytes: [UInt8],
        marks: FinanceMarks,
        into tokens: UnsafeMutablePointer<FinanceToken>,
        count: inout Int
    ) -> FinanceSentenceScan {
        var result = FinanceSentenceScan()
        let limit = bytes.count
        let lexicon = marks.lexicon
        var written = 0
        bytes.withUnsafeBufferPointer { buffer in
            marks.termTokenStops.withUnsafeBufferPointer { termTokenStops in
                guard let termTokenStops = termTokenStops.baseAddress else { return }
                var index = 0
                while true {
                    index = FinanceTrie<FinanceMark>.nextCandidate(
                        in: buffer,
                        from: index,
                        end: limit,
                        stops: termTokenStops
                    )
                    guard index < limit else { break }
                    let byte = buffer[index]
                    let next = index &+ scalarLength(byte, rest: limit &- index)
                    // The tokenizer reads a digit or a separator without its term: no lookup.
                    let isPlain =
                        byte < 0x80
                        && (ByteScan.isDigit(byte) || byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";")
                            || byte == UInt8(ascii: ":"))
                    let mark = isPlain ? nil : lexicon.longestMatch(in: buffer, at: index, end: limit)?.value
                    index = token(at: index, next: next, mark: mark, bytes, buffer, limit, tokens, &written, &result)
                }
            }
            findTopics(in: buffer, before: result.firstAmountStart ?? limit, marks: marks, into: &result)
        }
        count = written
        return result
    }

    /// The length of the scalar whose lead byte is `byte` with `rest` bytes left, as
    /// ``ByteScan/scalarLength(_:at:)``.
    @inline(__always)
    private static func scalarLength(_ byte: UInt8, rest: Int) -> Int {
        byte < 0xC0 ? 1 : byte >= 0xF0 ? min(4, rest) : byte >= 0xE0 ? min(3, rest) : min(2, rest)
    }

    /// The tokenizer's step at `index`: writes the token that starts there, if any, to `tokens` at `count`, and
    /// returns where the next one may start.
    @inline(__always)
    private static func token(
        at index: Int,
        next: Int,
        mark: FinanceMark?,
        _ bytes: [UInt8],
        _ buffer: UnsafeBufferPointer<UInt8>,
        _ limit: Int,
        _ tokens: UnsafeMutablePointer<FinanceToken>,
        _ count: inout Int,
        _ result: inout FinanceSentenceScan
    ) -> Int {
        // Each token covers at least one byte of its own: `count` stays below the sentence's length, which the caller's
        // buffer holds. Debug builds (the tests) check that: an overlapping or empty token would write past it.
        @inline(__always)
        func append(_ token: FinanceToken) {
            assert(token.start < token.end && token.end <= limit, "a token covers bytes of the sentence")
            assert(count == 0 || tokens[count &- 1].end <= token.start, "tokens do not overlap")
            (tokens + count).initialize(to: token)
            count &+= 1
        }
        let byte = buffer[index]
        if byte < 0x80 {
            if ByteScan.isDigit(byte) {
                if AmountScanner.numberStarts(bytes, at: index),
                    let end = AmountScanner.scan(
                        bytes,
                        at: index,
                        limit: limit,
                        emit: {
                            switch $0.kind {
                            case .money, .percent:
                                if result.firstAmountStart == nil { result.firstAmountStart = $0.start }
                            case .plain:
                                break
                            }
                            append(FinanceToken(kind: .number($0.kind), start: $0.start, end: $0.end))
                        }
                    )
                {
                    return end
                }
                return AmountScanner.skipNumber(bytes, at: index, limit: limit)
            }
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: ":") {
                append(FinanceToken(kind: .separator, start: index, end: index + 1))
                return index + 1
            }
        } else if byte == 0xE3 && index + 2 < buffer.count && buffer[index + 1] == 0x80 && buffer[index + 2] == 0x81 {
            // 、
            append(FinanceToken(kind: .separator, start: index, end: index + 3))
            return index + 3
        }
        guard let mark, let term = mark.term else { return next }
        let end = index &+ Int(mark.termLength)
        switch term {
        case .shortVerb(let sign):
            // 增/减/降 alone count only right before a number (`较上年增59.11万元`, `(减)6万元`).
            if nextIsNumber(bytes, from: end, limit: limit) {
                append(FinanceToken(kind: .term(.verb(sign)), start: index, end: end))
            }
        case .noise:
            break
        case .share:
            if !result.sharesGeneralBudget && ByteScan.matches(bytes, "占一般公共预算", at: index) {
                result.sharesGeneralBudget = true
            }
            append(FinanceToken(kind: .term(.share), start: index, end: end))
        default:
            append(FinanceToken(kind: .term(term), start: index, end: end))
        }
        return end
    }

    /// Whether a number follows, skipping spaces, brackets and `了`.
    static func nextIsNumber(_ bytes: [UInt8], from offset: Int, limit: Int) -> Bool {
        var index = offset
        while index < limit {
            if ByteScan.isDigit(bytes[index]) { return true }
            if ByteScan.isSpace(bytes[index]) || bytes[index] == UInt8(ascii: "(") || bytes[index] == UInt8(ascii: ")")
            {
                index += 1
            } else if ByteScan.matches(bytes, "了", at: index) || ByteScan.matches(bytes, "幅", at: index) {
                index += 3
            } else {
                return false
            }
        }
        return false
    }
}

/// Where the two topic searches of one sentence look next, as ``FinanceTopicDetector`` searches a lead: each steps
/// over the neutral patterns it finds, and both stop at the first special topic, which decides over any generic one.
/// Shared by the title pass and the lead's topic search so that the two cannot drift apart.
private struct TopicSearch {
    /// The next offset the special search looks at; -1 once a special topic is found.
    var specialAt = 0
    /// The next offset the generic search looks at; -1 once a generic topic is found.
    var genericAt = 0

    /// True once a special topic is found: nothing later can change the result.
    var isDone: Bool { specialAt < 0 }

    /// Moves both searches up to `index`, the next place a topic pattern may start (they skip nothing there).
    @inline(__always)
    mutating func catchUp(to index: Int) {
        if specialAt < index { specialAt = index }
        if genericAt >= 0 && genericAt < index { genericAt = index }
    }

    /// Reads the longest pattern at `index` (`mark`, nil for none) for each search that looks there: a topic ends
    /// that search, a neutral pattern moves it past the pattern, no pattern moves it to `next` (the next scalar).
    @inline(__always)
    mutating func read(_ mark: FinanceMark?, at index: Int, next: Int, into result: inout FinanceSentenceScan) {
        if index == specialAt {
            if let mark, mark.specialLength > 0 {
                if let topic = mark.special {
                    result.special = (index, topic)
                    specialAt = -1
                } else {
                    specialAt = index &+ Int(mark.specialLength)
                }
            } else {
                specialAt = next
            }
        }
        if index == genericAt {
            if let mark, mark.genericLength > 0 {
                if let topic = mark.generic {
                    result.generic = (index, topic)
                    genericAt = -1
                } else {
                    genericAt = index &+ Int(mark.genericLength)
                }
            } else {
                genericAt = next
            }
        }
    }
}
