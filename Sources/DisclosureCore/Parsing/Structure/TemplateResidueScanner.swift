#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds template text left unfilled: direction alternatives (`增加（减少）`, `下降（增长）`, `较上年(减少)16.23万元`),
/// placeholders (`XX局`, `××`), empty reasons (`主要原因是。`) and fill-in instructions (`（按…填写）`).
///
/// Each finding keeps the text found; its evidence is the sentence around it, which the `template.residue` rule
/// quotes and uses to name the subject.
enum TemplateResidueScanner {
    /// Direction words a template offers as alternatives.
    static let directionWords = ["增加", "减少", "增长", "下降", "上升", "增", "减"]
    /// Empty-reason phrases: a reason lead-in directly followed by the end of the sentence.
    static let emptyReasons = PatternSet(["主要原因是。", "主要原因是:。", "主要原因为。", "原因是。", "主要用于。", "主要原因是;", "主要原因是,"])
    /// Words of a fill-in instruction inside parentheses.
    static let instructionWords = ["填写", "填列", "填报", "此处"]
    /// Sentences that are instructions by themselves.
    static let instructionSentences = PatternSet(["填列数应", "请填写", "如实填写", "按实际填"])
    /// Placeholder runs.
    static let placeholders = PatternSet(["××", "XX", "xx", "**", "□□", "○○"])
    /// Most residues recorded per document.
    static let maxFindings = 64
    /// Longest sentence side quoted as evidence, in bytes.
    static let maxSentence = 600
    /// Longest parenthesized text inspected, in bytes.
    static let maxParenthesized = 300

    private static let fullStop = StructureScan.utf8("。")

    /// Where a residue may start: `(` and every pattern above (``StructureCues/Group/residue``).
    static let startPatterns: [[UInt8]] =
        [[0x28]] + emptyReasons.patterns + instructionSentences.patterns + placeholders.patterns

    /// Every residue found, in document order (one per place).
    static func scan(_ bytes: [UInt8], cues: StructureCues) -> [Stated<String>] {
        // ``residue(_:at:)`` finds nothing where no `(` and no pattern starts, so only those offsets are tried, as
        // the cues hand them over (collected in an array first, it grew five times a document).
        var found: [Stated<String>] = []
        var index = 0
        var lastEnd = 0
        cues.forEach(.residue) { match in
            let candidate = match.start
            guard candidate >= index else { return true }
            index = candidate
            if let (start, end) = residue(bytes, at: index), start >= lastEnd {
                // The rule reports one finding per document; a bounded list keeps pathological input linear.
                guard found.count < maxFindings else { return false }
                found.append(Stated(StructureScan.string(bytes, start, end), evidence: sentence(bytes, around: start)))
                lastEnd = end
                index = end
                return true
            }
            index += 1
            return true
        }
        return found
    }

    /// A residue starting at `index`, as its byte range.
    static func residue(_ bytes: [UInt8], at index: Int) -> (Int, Int)? {
        let byte = bytes[index]
        if byte == 0x28 { return parenthesized(bytes, at: index) }
        if let length = emptyReasons.match(bytes, at: index) { return (index, index + length) }
        if let length = instructionSentences.match(bytes, at: index) { return (index, index + length) }
        if let length = placeholders.match(bytes, at: index) {
            // `XX` inside a longer ASCII word (a URL, a code) is not a placeholder.
            if byte < 0x80 {
                let before = index > 0 ? bytes[index - 1] : 0x20
                let after = index + length < bytes.count ? bytes[index + length] : 0x20
                if isASCIIWordByte(before) || isASCIIWordByte(after) && after != 0x58 && after != 0x78 { return nil }
            }
            var end = index + length
            while end < bytes.count, bytes[end] == bytes[index] { end += 1 }
            return (index, end)
        }
        return nil
    }

    /// ``directionWords`` as bytes.
    private static let directionWordBytes = directionWords.map(StructureScan.utf8)
    /// ``instructionWords`` as a set: one pass over a parenthesis for all of them.
    private static let instructionWordSet = PatternSet(instructionWords)

    /// `(减少)` after a direction word or a figure's lead-in, or `(按…填写)`.
    static func parenthesized(_ bytes: [UInt8], at open: Int) -> (Int, Int)? {
        // The closing parenthesis within reach; compared as bytes, no string is made for a parenthesis.
        let limit = min(bytes.count, open + maxParenthesized)
        // memchr: a word at a time (a document has a parenthesis every few hundred bytes).
        let found = bytes.withUnsafeBufferPointer { text -> Int? in
            guard open + 1 < limit, let base = text.baseAddress,
                let found = memchr(base + open + 1, 0x29, limit - open - 1)
            else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
        guard let close = found else { return nil }
        let innerLength = close - (open + 1)
        let isDirection = directionWordBytes.contains { word in
            word.count == innerLength && StructureScan.matches(word, in: bytes, at: open + 1)
        }
        if isDirection {
            // `增加(减少)`: the word before is a direction too; `较上年(减少)16.23万元`: a one-word choice left in.
            var start = open
            for pattern in directionWordBytes {
                if open >= pattern.count, StructureScan.matches(pattern, in: bytes, at: open - pattern.count) {
                    start = open - pattern.count
                    break
                }
            }
            return (start, close + 1)
        }
        if instructionWordSet.occurs(in: bytes, from: open + 1, to: close) {
            return (open, close + 1)
        }
        return nil
    }

    /// The sentence around `index`: from the previous `。` or line start to the next `。` or line end.
    static func sentence(_ bytes: [UInt8], around index: Int) -> TextSpan {
        // Bounded both ways so a huge line without `。` stays linear.
        let lowest = max(0, index - maxSentence)
        let highest = min(bytes.count, index + maxSentence)
        var start = index
        while start > lowest, bytes[start - 1] != 0x0A,
            !(start >= fullStop.count && StructureScan.matches(fullStop, in: bytes, at: start - fullStop.count))
        {
            start -= 1
        }
        var end = index
        while end < highest, bytes[end] != 0x0A, !StructureScan.matches(fullStop, in: bytes, at: end) { end += 1 }
        if end < highest, bytes[end] != 0x0A { end += fullStop.count }
        // Never cut a scalar in two.
        while start < index, bytes[start] & 0xC0 == 0x80 { start += 1 }
        while end > index, end < bytes.count, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return TextSpan(start: start, end: end)
    }

    @inline(__always)
    static func isASCIIWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == 0x2F || byte == 0x2E || byte == 0x5F
    }
}
