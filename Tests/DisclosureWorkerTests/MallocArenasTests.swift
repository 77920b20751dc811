import DisclosureWorker
import Testing

@Suite struct MallocArenasTests {
    @Test func theWorkerLimitsTheArenasUnlessTheOperatorDid() {
        #expect(MallocArenas.defaultLimit == 2)
        // glibc accepts the limit (mallopt returns 1)…
        #expect(MallocArenas.limit(environment: [:]))
        // …and an explicit MALLOC_ARENA_MAX, which glibc read at start-up, is left alone.
        #expect(!MallocArenas.limit(to: 4, environment: ["MALLOC_ARENA_MAX": "8"]))
    }
}
