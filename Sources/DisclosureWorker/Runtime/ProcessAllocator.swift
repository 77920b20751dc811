import Glibc

/// The `malloc` the process runs on, as the dynamic linker bound it.
///
/// The `disclosure-worker` executable links mimalloc (Package.swift), which then serves every `malloc` of the
/// process: Swift's runtime, librdkafka, libxml2. Other processes (the tests, DisclosureBench) run on glibc's. The
/// worker logs which one it got at start-up, so a build or an image without mimalloc shows in the first log line.
public enum ProcessAllocator: Sendable, Equatable {
    /// glibc's own malloc.
    case glibc
    /// mimalloc, with its version number (`mi_version()`: 209 for 2.0.9).
    case mimalloc(version: Int32)
    /// Something else interposes `malloc` (a sanitizer's allocator, an `LD_PRELOAD`ed one).
    case other

    /// The allocator serving this process's `malloc`.
    public static var current: ProcessAllocator {
        let boundMalloc = dlsym(nil, "malloc")
        if let libc = dlopen("libc.so.6", RTLD_LAZY | RTLD_NOLOAD) {
            defer { dlclose(libc) }
            if boundMalloc == dlsym(libc, "malloc") { return .glibc }
        }
        // RTLD_DEFAULT (the null handle) finds mi_version only where mimalloc is in the global scope, as a linked or
        // preloaded library is; one that bound malloc there also binds the process's malloc.
        if let symbol = dlsym(nil, "mi_version") {
            let version = unsafeBitCast(symbol, to: (@convention(c) () -> Int32).self)
            return .mimalloc(version: version())
        }
        return .other
    }

    /// A short name for logs: `mimalloc 209`, `glibc`, `other`.
    public var name: String {
        switch self {
        case .glibc: "glibc"
        case .mimalloc(let version): "mimalloc \(version)"
        case .other: "other"
        }
    }
}
