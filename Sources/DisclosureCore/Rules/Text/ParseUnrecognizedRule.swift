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
        let sentences = context.record.observations.unplacedSentences.filter {
            $0.length > 0 && $0.end <= context.text.bytes.count
        }
        guard !sentences.isEmpty else { return [] }
        let offsets = context.scalarOffsets ?? ScalarOffsets(context.text)
        return sentences.map { span in
            let subject = ParseUnrecognizedRule.subject(offset: offsets.scalar(span.start))
            return Finding(
                subject: subject,
                severity: .info,
                message: "A sentence with amounts could not be placed in the record.",
                messageZh: "含金额的语句未能识别归入记录。",
                evidence: [EvidenceReference(path: subject, span: span)]
            )
        }
    }

    /// `text[<offset>]`, written on the stack (it fits a small string: no allocation, no interpolation).
    static func subject(offset: Int) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buffer in
            let prefix: StaticString = "text["
            var count = 0
            prefix.withUTF8Buffer { prefix in
                for byte in prefix {
                    buffer[count] = byte
                    count += 1
                }
            }
            count += Amount(units: Int64(offset), scale: 0).write(
                into: UnsafeMutableBufferPointer(rebasing: buffer[count...])
            )
            buffer[count] = UInt8(ascii: "]")
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[...count]), as: UTF8.self)
        }
    }
}
