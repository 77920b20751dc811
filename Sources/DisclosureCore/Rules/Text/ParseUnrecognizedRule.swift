/// `parse.unrecognized`: an amount-bearing sentence the parser could not place in the record (always `info`).
///
/// Reads the parser's `observations.unplacedSentences`. Each sentence is its own event, subject
/// `text[<scalar offset>]` (the sentence's start in the normalized text), so ids stay distinct and stable.
public struct ParseUnrecognizedRule: Rule {
    public let id = "parse.unrecognized"
    public let subjects = ["text[<offset>]"]

    /// Creates the rule.
    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        let sentences = context.record.observations.unplacedSentences
        guard !sentences.isEmpty else { return [] }
        let limit = context.text.bytes.count
        let offsets = context.scalarOffsets ?? ScalarOffsets(context.text)
        // One array, sized once (a filtered copy of the spans first, then the findings mapped from it, made two).
        var findings: [Finding] = []
        findings.reserveCapacity(sentences.count)
        for span in sentences where span.length > 0 && span.end <= limit {
            let subject = ParseUnrecognizedRule.subject(offset: offsets.scalar(span.start))
            findings.append(
                Finding(
                    subject: subject,
                    severity: .info,
                    message: "A sentence with amounts could not be placed in the record.",
                    messageZh: "含金额的语句未能识别归入记录。",
                    reference: EvidenceReference(path: subject, span: span)
                )
            )
        }
        return findings
    }

    /// `text[<offset>]`: the digits written straight into a small string (at most fifteen bytes: any offset below a
    /// billion). `String(unsafeUninitializedCapacity:)` keeps an ASCII small string as written; `String(decoding:)`
    /// validated each (~180 instructions, twenty subjects a document). Longer ones: ``subjectDecoded(offset:)``.
    static func subject(offset: Int) -> String {
        guard offset >= 0, offset < 1_000_000_000 else { return subjectDecoded(offset: offset) }
        var digitCount = 1
        var bound = 10
        while offset >= bound {
            digitCount += 1
            bound &*= 10
        }
        // `text[`, the digits, `]`.
        let count = 6 &+ digitCount
        return String(unsafeUninitializedCapacity: count) { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            // `text[` as one little-endian word (`t` first); the fifth byte `[`.
            UnsafeMutableRawPointer(base).storeBytes(of: UInt32(0x7478_6574).littleEndian, as: UInt32.self)
            base[4] = UInt8(ascii: "[")
            var value = offset
            var index = 5 &+ digitCount
            repeat {
                index &-= 1
                base[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
                value /= 10
            } while value > 0
            base[5 &+ digitCount] = UInt8(ascii: "]")
            return count
        }
    }

    /// `text[<offset>]` for any offset, written on the stack and decoded (the path ``subject(offset:)`` replaces for
    /// offsets below a billion).
    static func subjectDecoded(offset: Int) -> String {
        // `text[` and at most 20 digits and `]`: 26 bytes.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer in
            let prefix: StaticString = "text["
            var count = prefix.utf8CodeUnitCount
            UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: prefix.utf8Start, byteCount: count)
            // The digits, from the right, into the end of the buffer; then moved next to the prefix.
            var value = offset.magnitude
            var start = 31
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
                value /= 10
            } while value > 0
            if offset < 0 {
                start -= 1
                buffer[start] = UInt8(ascii: "-")
            }
            for index in start..<31 {
                buffer[count] = buffer[index]
                count += 1
            }
            buffer[count] = UInt8(ascii: "]")
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[...count]), as: UTF8.self)
        }
    }
}
