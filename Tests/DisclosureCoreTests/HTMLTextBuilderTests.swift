import DisclosureTestSupport
import Testing

@testable import DisclosureHTML

/// The text builder's fast paths against the byte-by-byte way they replace, on generated text: the end of a run
/// of content found sixteen bytes at a time, a cell's text read from where its content starts, and short cells
/// built in place.
@Suite struct HTMLTextBuilderTests {
    /// Bytes that end a run of content or nearly do, and CJK text around them.
    private static let pieces: [[UInt8]] = [
        [0x20], [0x0A], [0x09], [0x0D], [0x0C], [0xC2, 0xA0], [0xC2, 0xA9], [0x01], [0x1F], [0x21], [0x7F],
        Array("a".utf8), Array("7".utf8), Array("部门".utf8), Array("（一）".utf8), Array("、".utf8),
        Array("1,234.56".utf8), Array("一般公共预算财政拨款".utf8), [0xC2], Array("é".utf8), Array("𠀀".utf8),
    ]

    private static func text(using generator: inout SplitMix64, pieces count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<count {
            // Mostly content, now and then a stop, so that runs of every length up to a few blocks come up.
            let piece =
                Int.random(in: 0..<100, using: &generator) < 70
                ? Self.pieces[Int.random(in: 11..<17, using: &generator)]
                : Self.pieces[Int.random(in: 0..<Self.pieces.count, using: &generator)]
            bytes += piece
        }
        return bytes
    }

    /// The run end as the byte loop found it.
    private static func referenceRunEnd(_ text: [UInt8], from start: Int) -> Int {
        var end = start
        while end < text.count {
            let next = text[end]
            if next == 0x20 || next == 0x0A || next == 0x09 || next == 0x0D || next == 0x0C { break }
            if next == 0xC2, end + 1 < text.count, text[end + 1] == 0xA0 { break }
            end += 1
        }
        return end
    }

    @Test(arguments: 0..<4)
    func contentRunEndMatchesTheByteLoop(seed: Int) {
        var generator = SplitMix64(seed: UInt64(seed) &* 6151 &+ 3)
        for round in 0..<400 {
            let text = Self.text(using: &generator, pieces: Int.random(in: 0..<40, using: &generator))
            text.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                for start in 0...text.count {
                    let fast = TextBuilder.contentRunEnd(base, count: text.count, from: start)
                    let reference = Self.referenceRunEnd(text, from: start)
                    #expect(fast == reference, "seed \(seed) round \(round) start \(start): \(text)")
                }
            }
        }
    }

    @Test(arguments: 0..<4)
    func cellTextsMatchTheirCollapsedBytes(seed: Int) {
        // A builder fed text, breaks, spaces and cell separators; the text from every offset is what collapsing
        // its bytes gives (the way every cell was read before the fast paths).
        var generator = SplitMix64(seed: UInt64(seed) &* 3571 &+ 11)
        for round in 0..<200 {
            var builder = TextBuilder()
            if Int.random(in: 0..<4, using: &generator) == 0 { builder.cellDepth = 1 }
            for _ in 0..<Int.random(in: 1..<12, using: &generator) {
                switch Int.random(in: 0..<6, using: &generator) {
                case 0: builder.blockBoundary()
                case 1: builder.lineBreak()
                case 2: builder.cellSeparator()
                default:
                    let text = Self.text(using: &generator, pieces: Int.random(in: 0..<12, using: &generator))
                    text.withUnsafeBufferPointer { buffer in
                        guard let base = buffer.baseAddress else { return }
                        builder.appendText(base, count: buffer.count)
                    }
                }
                let bytes = builder.bytes
                for offset in 0...bytes.count {
                    let reference = HTMLTextExtractor.collapsed(Array(bytes[offset...]))
                    #expect(builder.text(since: offset) == reference, "seed \(seed) round \(round) offset \(offset)")
                }
            }
        }
    }

    /// The reader's block of text as the byte loop reads it: the first `<` or `&` (16 when none), and whether no
    /// byte before it (no byte of the block, when there is none) ends a run of content or may (at or below 0x20,
    /// 0xC2).
    private static func referenceTextBlock(_ block: ArraySlice<UInt8>) -> (markup: Int, isContentRun: Bool) {
        guard let markup = block.firstIndex(where: { $0 == 0x3C || $0 == 0x26 }) else {
            return (16, !block.contains { $0 <= 0x20 || $0 == 0xC2 })
        }
        let before = block[block.startIndex..<markup]
        return (markup - block.startIndex, !before.contains { $0 <= 0x20 || $0 == 0xC2 })
    }

    @Test(arguments: 0..<4)
    func textBlockMatchesTheByteLoop(seed: Int) {
        var generator = SplitMix64(seed: UInt64(seed) &* 7877 &+ 5)
        let markup: [[UInt8]] = [Array("<".utf8), Array("&".utf8), Array("</td>".utf8), Array("&amp;".utf8)]
        for round in 0..<400 {
            var text = Self.text(using: &generator, pieces: Int.random(in: 0..<12, using: &generator))
            for _ in 0..<Int.random(in: 0..<3, using: &generator) {
                let at = Int.random(in: 0...text.count, using: &generator)
                text.insert(contentsOf: markup[Int.random(in: 0..<markup.count, using: &generator)], at: at)
            }
            text += Array(repeating: 0x61, count: 16)
            text.withUnsafeBufferPointer { buffer in
                for start in 0...(buffer.count - 16) {
                    let fast = FastHTMLReader.textBlock(at: UnsafeRawPointer(buffer.baseAddress! + start))
                    let reference = Self.referenceTextBlock(text[start..<(start + 16)])
                    #expect(
                        fast.markup == reference.markup && fast.isContentRun == reference.isContentRun,
                        "seed \(seed) round \(round) start \(start): \(text)"
                    )
                }
            }
        }
    }

    @Test(arguments: 0..<4)
    func contentRunsAppendAsText(seed: Int) {
        // Runs of content (no byte at or below 0x20, no 0xC2) appended as such and as any text, between breaks,
        // spaces, cell separators and preformatted stretches: the same bytes, the same cell texts.
        var generator = SplitMix64(seed: UInt64(seed) &* 2791 &+ 1)
        for round in 0..<200 {
            var fast = TextBuilder()
            var reference = TextBuilder()
            for _ in 0..<Int.random(in: 1..<16, using: &generator) {
                switch Int.random(in: 0..<8, using: &generator) {
                case 0:
                    fast.blockBoundary()
                    reference.blockBoundary()
                case 1:
                    fast.lineBreak()
                    reference.lineBreak()
                case 2:
                    fast.cellSeparator()
                    reference.cellSeparator()
                case 3:
                    let depth = Int.random(in: 0..<2, using: &generator)
                    fast.preformattedDepth = depth
                    reference.preformattedDepth = depth
                default:
                    let text = Self.text(using: &generator, pieces: Int.random(in: 0..<6, using: &generator))
                    let isRun = !text.isEmpty && !text.contains { $0 <= 0x20 || $0 == 0xC2 }
                    text.withUnsafeBufferPointer { buffer in
                        guard let base = buffer.baseAddress else { return }
                        fast.appendText(base, count: buffer.count, isContentRun: isRun)
                        reference.appendText(base, count: buffer.count)
                    }
                }
                #expect(fast.bytes == reference.bytes, "seed \(seed) round \(round)")
                for offset in 0...fast.count {
                    #expect(fast.text(since: offset) == reference.text(since: offset), "seed \(seed) round \(round)")
                    #expect(fast.collapsedSource(since: offset) == reference.collapsedSource(since: offset))
                }
            }
        }
    }

    @Test(arguments: 0..<4)
    func storageGrowsWithoutChangingTheText(seed: Int) {
        // The builder writes into memory of its own, moved to twice the room when full: builders that start with
        // no room, with a few bytes (moved on nearly every append) and with room for everything (never moved) write
        // the same bytes, cell texts and ranges, through pieces longer and shorter than the copy's 32 bytes.
        var generator = SplitMix64(seed: UInt64(seed) &* 9973 &+ 7)
        for round in 0..<200 {
            var builders = [TextBuilder(), TextBuilder(), TextBuilder()]
            builders[1].reserveCapacity(Int.random(in: 1..<5, using: &generator))
            builders[2].reserveCapacity(1 << 16)
            for _ in 0..<Int.random(in: 1..<24, using: &generator) {
                let action = Int.random(in: 0..<9, using: &generator)
                let depth = Int.random(in: 0..<2, using: &generator)
                let text = Self.text(using: &generator, pieces: Int.random(in: 0..<30, using: &generator))
                let isRun = !text.isEmpty && !text.contains { $0 <= 0x20 || $0 == 0xC2 }
                for index in builders.indices {
                    switch action {
                    case 0: builders[index].blockBoundary()
                    case 1: builders[index].lineBreak()
                    case 2: builders[index].cellSeparator()
                    case 3: builders[index].preformattedDepth = depth
                    case 4: builders[index].cellDepth = depth
                    default:
                        text.withUnsafeBufferPointer { buffer in
                            guard let base = buffer.baseAddress else { return }
                            builders[index].appendText(base, count: buffer.count, isContentRun: isRun)
                        }
                    }
                }
                let bytes = builders[2].bytes
                for builder in builders {
                    #expect(builder.bytes == bytes, "seed \(seed) round \(round)")
                    #expect(builder.count == bytes.count)
                    #expect(builder.withBytes { Array($0) } == bytes)
                }
                for offset in stride(from: 0, through: bytes.count, by: max(1, bytes.count / 8)) {
                    let reference = HTMLTextExtractor.collapsed(Array(bytes[offset...]))
                    for builder in builders {
                        #expect(builder.text(since: offset) == reference, "seed \(seed) round \(round)")
                        #expect(builder.trimmedRange(from: offset) == builders[2].trimmedRange(from: offset))
                        var appended: [UInt8] = []
                        builder.appendText(since: offset, to: &appended)
                        #expect(String(decoding: appended, as: UTF8.self) == reference)
                    }
                }
            }
        }
    }

    @Test func shortCollapsedCellsAreTheirBytes() {
        // Built in place up to fifteen bytes (ASCII without the UTF-8 check); decoded beyond.
        let cells = ["", "7", "74.2", "1,234.56", "科目编码", "一般公共预算财政拨款", "合计123456789012", "é", "𠀀𠀀𠀀"]
        for cell in cells {
            let bytes = Array(cell.utf8)
            #expect(HTMLTextExtractor.collapsed(bytes[...], isCollapsed: true) == cell)
        }
    }
}
