import Glibc

/// Bounds glibc's malloc arenas for the worker process (`mallopt(M_ARENA_MAX, …)`).
///
/// glibc gives threads that contend for the allocator arenas of their own, up to eight per core, and an arena keeps
/// what was freed in it: the consumer's thread allocates every input, the processing threads free them, librdkafka's
/// threads allocate fetches. With two arenas the 200 KB documents' peak RSS was 108-116 MiB instead of 118-119
/// (same minutes, concurrency 4), with the CPU per input unchanged within the noise (736 vs 765 µs).
///
/// The `disclosure-worker` executable links mimalloc, whose per-thread heaps replace glibc's arenas: the limit then
/// applies to nothing and is not set. It matters where the process runs on glibc's malloc.
public enum MallocArenas {
    /// The arenas the worker allows by default.
    public static let defaultLimit: Int32 = 2

    /// glibc's `M_ARENA_MAX` parameter number (`<malloc.h>`, which Swift's Glibc module does not export).
    static let arenaMaxParameter: Int32 = -8

    /// Limits the arenas to `limit` unless the operator set `MALLOC_ARENA_MAX` (glibc reads it at start-up, and an
    /// explicit setting wins).
    ///
    /// - Parameters:
    ///   - limit: the most arenas.
    ///   - environment: the process environment.
    ///   - allocator: the process's allocator; the limit applies to glibc's only.
    /// - Returns: true when the limit was applied; false when the environment sets it, glibc has no `mallopt` or
    ///   glibc's malloc is not the process's.
    @discardableResult
    public static func limit(
        to limit: Int32 = defaultLimit,
        environment: [String: String],
        allocator: ProcessAllocator = .current
    ) -> Bool {
        guard environment["MALLOC_ARENA_MAX"] == nil, allocator == .glibc else { return false }
        // Looked up at run time: the declaration lives in <malloc.h>. RTLD_DEFAULT is the null handle in glibc.
        guard let symbol = dlsym(nil, "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        return mallopt(arenaMaxParameter, limit) == 1
    }
}
