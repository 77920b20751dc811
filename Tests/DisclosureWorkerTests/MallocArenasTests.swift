import DisclosureWorker
import Glibc
import Testing

@Suite struct MallocArenasTests {
    /// Whether `mallopt` is glibc's own: a sanitizer's allocator interposes it (AddressSanitizer's accepts nothing and
    /// returns 0), and then the limit cannot apply.
    private static var malloptIsGlibcs: Bool {
        guard let libc = dlopen("libc.so.6", RTLD_LAZY | RTLD_NOLOAD) else { return false }
        defer { dlclose(libc) }
        return dlsym(nil, "mallopt") == dlsym(libc, "mallopt")
    }

    @Test func theWorkerLimitsTheArenasUnlessTheOperatorDid() {
        #expect(MallocArenas.defaultLimit == 2)
        // glibc accepts the limit (mallopt returns 1); under a sanitizer's allocator it says it did not apply.
        #expect(MallocArenas.limit(environment: [:]) == (Self.malloptIsGlibcs && ProcessAllocator.current == .glibc))
        // An explicit MALLOC_ARENA_MAX, which glibc read at start-up, is left alone.
        #expect(!MallocArenas.limit(to: 4, environment: ["MALLOC_ARENA_MAX": "8"]))
    }

    @Test func thisTestProcessUsesGlibcsAllocatorOutsideSanitizers() {
        // Guards the check above: without a sanitizer the symbol lookups must agree, or the first test would
        // expect nothing.
        let sanitized = dlsym(nil, "__asan_init") != nil || dlsym(nil, "__tsan_init") != nil
        if !sanitized {
            #expect(Self.malloptIsGlibcs)
            #expect(ProcessAllocator.current == .glibc)
        }
    }

    @Test func theLimitIsLeftAloneUnderAnotherAllocator() {
        // The worker executable links mimalloc: glibc's arenas then serve nothing.
        #expect(!MallocArenas.limit(environment: [:], allocator: .mimalloc(version: 209)))
        #expect(!MallocArenas.limit(environment: [:], allocator: .other))
    }

    @Test func allocatorNamesForTheStartLog() {
        #expect(ProcessAllocator.glibc.name == "glibc")
        #expect(ProcessAllocator.mimalloc(version: 209).name == "mimalloc 209")
        #expect(ProcessAllocator.other.name == "other")
    }
}
