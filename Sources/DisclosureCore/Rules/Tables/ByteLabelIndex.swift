/// Byte strings looked up by equality, bucketed by their length: a table row's label is compared only with the
/// entries of its own length, first byte first, instead of with every entry in turn.
///
/// Built once per rule or per document; a lookup makes nothing and copies nothing.
struct ByteLabelIndex: Sendable {
    /// Every entry's bytes, one after another.
    private var storage: [UInt8] = []
    /// Each entry's start in ``storage`` (its length is its bucket's).
    private var starts: [Int] = []
    /// By byte count: the indexes of the entries of that length, in the order they were added.
    private var buckets: [[Int]] = []

    /// An empty index.
    init() {}

    /// An index of `entries`, in order: ``firstIndex(of:)`` answers an index into `entries`.
    init(_ entries: [[UInt8]]) {
        for entry in entries { append(entry) }
    }

    /// How many entries there are.
    var count: Int { starts.count }

    /// Adds `entry` after the others.
    mutating func append(_ entry: some Collection<UInt8>) {
        let index = starts.count
        let length = entry.count
        starts.append(storage.count)
        storage.append(contentsOf: entry)
        while buckets.count <= length { buckets.append([]) }
        buckets[length].append(index)
    }

    /// The index of the first entry equal to `bytes`, if any.
    func firstIndex(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let length = bytes.count
        guard length < buckets.count, length > 0 else {
            return length == 0 && !buckets.isEmpty ? buckets[0].first : nil
        }
        return storage.withUnsafeBufferPointer { storage -> Int? in
            for index in buckets[length] {
                let start = starts[index]
                var offset = 0
                while offset < length, storage[start + offset] == bytes[offset] { offset += 1 }
                if offset == length { return index }
            }
            return nil
        }
    }
}
