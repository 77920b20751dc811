extension Array {
    /// An array of `count` elements, each initialized by `fill` through the pointer it is given (it must initialize
    /// all `count` of them).
    ///
    /// A small array (up to 4 KiB) is written in `scratch` (room for `count` elements, left uninitialized after)
    /// and copied out: an array made from a buffer is allocated by specialised code, while
    /// `Array(unsafeUninitializedCapacity:)` calls the standard library's unspecialised allocation, which looks up the
    /// array's type metadata in the runtime's cache on every call (about 400 instructions). A larger one is written in
    /// place: there the copy would cost more than the lookup (past a few KiB glibc's `memcpy` copies with `rep movsb`,
    /// which callgrind counts byte by byte: with a 16 KiB limit, 16 K instructions more per 200 KB document).
    @inline(__always)
    static func filled(
        count: Int,
        scratch: UnsafeMutablePointer<Element>,
        _ fill: (UnsafeMutablePointer<Element>) -> Void
    ) -> [Element] {
        if count * MemoryLayout<Element>.stride <= 4096 {
            fill(scratch)
            defer { scratch.deinitialize(count: count) }
            return Array(UnsafeBufferPointer(start: scratch, count: count))
        }
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            fill(base)
            initialized = count
        }
    }
}
