import Testing

@testable import DisclosureCore

/// ``SpillingBytes`` under ``JSONWriter`` and ``MessageText``: bytes written into lent memory stay there until they
/// outgrow it, then move, unchanged, to an allocation of their own.
@Suite struct SpillingBytesTests {
    /// Writes `chunks` (each reserved, then stored) and returns the bytes, whether they moved, and the lent buffer.
    private static func write(_ chunks: [[UInt8]], lentCapacity: Int) -> (bytes: [UInt8], owned: Bool, lent: [UInt8]) {
        var lent = [UInt8](repeating: 0xEE, count: lentCapacity)
        let (bytes, owned) = lent.withUnsafeMutableBufferPointer { buffer in
            var storage = SpillingBytes(lent: buffer)
            for chunk in chunks {
                storage.reserve(chunk.count)
                let room = storage.capacity - storage.count
                #expect(room >= chunk.count)
                (storage.base + storage.count).update(from: chunk, count: chunk.count)
                storage.count += chunk.count
            }
            return (Array(UnsafeBufferPointer(start: storage.base, count: storage.count)), storage.owned)
        }
        return (bytes, owned, lent)
    }

    @Test func bytesThatFitStayInTheLentMemory() {
        let chunks: [[UInt8]] = [Array("abc".utf8), Array("defgh".utf8)]
        let (bytes, owned, lent) = Self.write(chunks, lentCapacity: 8)
        #expect(bytes == Array("abcdefgh".utf8))
        #expect(!owned)
        #expect(lent == Array("abcdefgh".utf8))
    }

    @Test func bytesThatOutgrowTheLentMemoryMoveUnchanged() {
        var generator = SystemRandomNumberGenerator()
        for lentCapacity in [1, 7, 64] {
            let chunks = (0..<40).map { _ in
                (0..<Int.random(in: 0...50, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator)
                }
            }
            let expected = chunks.flatMap { $0 }
            let (bytes, owned, lent) = Self.write(chunks, lentCapacity: lentCapacity)
            #expect(bytes == expected)
            #expect(owned == (expected.count > lentCapacity))
            // The lent memory holds the first bytes written, those from before the move.
            let before = lent.prefix { $0 != 0xEE }.count
            #expect(Array(lent.prefix(before)) == Array(expected.prefix(before)))
        }
    }

    @Test func anOwnedBufferGrowsAndKeepsItsBytes() {
        var storage = SpillingBytes(capacity: 4)
        let ownedAtStart = storage.owned
        #expect(ownedAtStart)
        for byte in UInt8(0)..<200 {
            storage.reserve(1)
            storage.base[storage.count] = byte
            storage.count += 1
        }
        let capacity = storage.capacity
        let bytes = Array(UnsafeBufferPointer(start: storage.base, count: storage.count))
        #expect(capacity >= 200)
        #expect(bytes == Array(0..<200))
    }
}
