import DisclosureTestSupport
import Testing

/// Pins the shared generator (DisclosureTestSupport: the core, worker and Kafka tests use it) to the reference
/// SplitMix64 (Vigna's `splitmix64.c`, the state starting at the seed): the generated-input tests keep checking the
/// same inputs only while these numbers hold.
@Suite struct SplitMix64Tests {
    @Test func seedZeroGivesTheReferenceSequence() {
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func belowAndPickAreTheRemainderOfTheNextNumber() {
        var generator = SplitMix64(seed: 19)
        #expect(generator.below(1000) == Int(UInt64(0xBC40_75F2_EF43_1A44) % 1000))
        #expect(generator.pick(Array(0..<7)) == Int(UInt64(0x1DDB_4FCD_D7C6_D93A) % 7))
    }
}
