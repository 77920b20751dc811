/// The GB/T 2260 divisions of ``RegionTable``, indexed by name and by code.
///
/// Built once, on first use, from the generated table; immutable afterwards, so it is shared freely. Names are
/// looked up as UTF-8 bytes where they stand in a text (``forEachName(in:at:limit:_:)``), so resolving a region
/// builds no strings and hashes nothing.
struct RegionDirectory: Sendable {
    /// One division with the years its code and name were in force.
    struct Division: Sendable, Equatable {
        /// Six-digit code.
        var code: String
        /// Official name (`铜梁区`, `恩施土家族苗族自治州`).
        var name: String
        /// First year of the source lists that has it.
        var firstYear: Int
        /// Last year of the source lists that has it.
        var lastYear: Int
        /// The code's value (`500151`).
        var number: Int

        /// Province (`XX0000`), prefecture (`XXXX00`) or county level.
        var level: Level {
            if number % 10000 == 0 { return .province }
            if number % 100 == 0 { return .prefecture }
            return .county
        }

        /// The first two digits.
        var provincePrefix: Int { number / 10000 }
        /// The first four digits.
        var prefecturePrefix: Int { number / 100 }
    }

    /// Administrative level of a division.
    enum Level: Sendable {
        case province
        case prefecture
        case county
    }

    /// One distinct name of the directory.
    struct Name: Sendable {
        /// UTF-8 bytes.
        var bytes: [UInt8]
        /// Length in Unicode scalars.
        var scalars: Int
        /// The divisions called so, by index into ``RegionDirectory/divisions``, in code order.
        var divisions: [Int]
        /// Whether one of them is a province or a prefecture.
        var hasUpperLevel: Bool
    }

    /// The shared directory.
    static let shared = RegionDirectory(rows: RegionTable.rows)

    /// Province-level code prefixes whose districts sit directly under them (北京, 天津, 上海, 重庆).
    static let municipalityPrefixes: [Int] = [11, 12, 31, 50]

    /// Every division, sorted by code.
    let divisions: [Division]
    /// Every distinct name that can be looked up (two scalars or more).
    let names: [Name]
    /// Longest name, in characters.
    let longestName: Int

    /// The first CJK ideograph the dense name index covers (U+4E00); names starting elsewhere go to
    /// ``namesByOtherFirstScalar``.
    private static let indexBase: UInt32 = 0x4E00
    /// Scalars the dense index covers (U+4E00 to U+9FFF).
    private static let indexCount = 0xA000 - 0x4E00
    /// For each first scalar of the dense range, where its names start in ``namesByFirstScalar`` (one extra entry
    /// closes the last).
    private let bucketStarts: [Int32]
    /// Name indices grouped by first scalar, longest first within a group.
    private let namesByFirstScalar: [Int32]
    /// Name indices of names that start outside the dense range, longest first.
    private let namesByOtherFirstScalar: [UInt32: [Int32]]
    /// Each division's code value, in ``divisions`` order (ascending).
    private let codes: [Int]

    /// Parses `CODE NAME FIRST LAST` rows (sorted by code).
    init(rows: String) {
        var divisions: [Division] = []
        var names: [Name] = []
        var longest = 0
        // Name ids by first scalar while building: dense for U+4E00–U+9FFF, a dictionary elsewhere.
        var buckets = [[Int32]](repeating: [], count: Self.indexCount)
        var others: [UInt32: [Int32]] = [:]
        var rows = rows
        rows.withUTF8 { text in
            var lineStart = 0
            while lineStart < text.count {
                var lineEnd = lineStart
                while lineEnd < text.count, text[lineEnd] != 0x0A { lineEnd += 1 }
                defer { lineStart = lineEnd + 1 }
                // Four fields separated by single spaces.
                var fields: [Range<Int>] = []
                var fieldStart = lineStart
                for index in lineStart...lineEnd where index == lineEnd || text[index] == 0x20 {
                    if index > fieldStart { fields.append(fieldStart..<index) }
                    fieldStart = index + 1
                }
                guard fields.count == 4, let number = Self.decimal(text, fields[0]),
                    let first = Self.decimal(text, fields[2]), let last = Self.decimal(text, fields[3])
                else { continue }
                let nameBytes = UnsafeBufferPointer(rebasing: text[fields[1]])
                let division = Division(
                    code: String(decoding: UnsafeBufferPointer(rebasing: text[fields[0]]), as: UTF8.self),
                    name: String(decoding: nameBytes, as: UTF8.self),
                    firstYear: first,
                    lastYear: last,
                    number: number
                )
                let index = divisions.count
                divisions.append(division)
                // Every name is CJK ideographs: its length in characters is its length in scalars.
                var scalars = 0
                for byte in nameBytes where byte & 0xC0 != 0x80 { scalars += 1 }
                longest = max(longest, scalars)
                let firstScalar = Self.scalar(nameBytes, at: 0, limit: nameBytes.count).value
                let dense = firstScalar >= Self.indexBase && firstScalar - Self.indexBase < UInt32(Self.indexCount)
                let bucket = dense ? buckets[Int(firstScalar - Self.indexBase)] : others[firstScalar] ?? []
                if let known = bucket.first(where: { names[Int($0)].bytes.elementsEqual(nameBytes) }) {
                    names[Int(known)].divisions.append(index)
                    if division.level != .county { names[Int(known)].hasUpperLevel = true }
                    continue
                }
                let id = Int32(names.count)
                names.append(
                    Name(
                        bytes: Array(nameBytes),
                        scalars: scalars,
                        divisions: [index],
                        hasUpperLevel: division.level != .county
                    )
                )
                if dense {
                    buckets[Int(firstScalar - Self.indexBase)].append(id)
                } else {
                    others[firstScalar, default: []].append(id)
                }
            }
        }
        // A name is read two scalars at least and `longestName` at most (a lookup never tries more); the reader
        // takes the longest name that fits the chain, so each group is longest first.
        func lookedUp(_ ids: [Int32]) -> [Int32] {
            let kept = ids.filter { names[Int($0)].scalars >= 2 && names[Int($0)].scalars <= longest }
            return kept.count < 2 ? kept : kept.sorted { names[Int($0)].scalars > names[Int($1)].scalars }
        }
        var starts: [Int32] = []
        starts.reserveCapacity(Self.indexCount + 1)
        var flat: [Int32] = []
        flat.reserveCapacity(names.count)
        for bucket in buckets {
            starts.append(Int32(flat.count))
            if !bucket.isEmpty { flat += lookedUp(bucket) }
        }
        starts.append(Int32(flat.count))
        self.divisions = divisions
        self.names = names
        self.longestName = longest
        self.bucketStarts = starts
        self.namesByFirstScalar = flat
        self.namesByOtherFirstScalar = others.mapValues(lookedUp)
        self.codes = divisions.map(\.number)
    }

    /// Calls `body` with the index (into ``names``) of every name that occurs at `bytes[index...]` and ends by
    /// `limit`, longest first, until `body` returns false.
    @inline(__always)
    func forEachName(
        in bytes: UnsafeBufferPointer<UInt8>,
        at index: Int,
        limit: Int,
        _ body: (Int) -> Bool
    ) {
        guard index < limit else { return }
        let first = Self.scalar(bytes, at: index, limit: limit).value
        if first >= Self.indexBase, first - Self.indexBase < UInt32(Self.indexCount) {
            let slot = Int(first - Self.indexBase)
            var cursor = Int(bucketStarts[slot])
            let end = Int(bucketStarts[slot + 1])
            while cursor < end {
                let id = Int(namesByFirstScalar[cursor])
                cursor += 1
                if occurs(names[id].bytes, in: bytes, at: index, limit: limit), !body(id) { return }
            }
        } else if let ids = namesByOtherFirstScalar[first] {
            for id in ids where occurs(names[Int(id)].bytes, in: bytes, at: index, limit: limit) {
                if !body(Int(id)) { return }
            }
        }
    }

    /// The division with code `number`, preferring the name in force in `year`.
    func division(code number: Int, year: Int?) -> Division? {
        // The divisions are sorted by code: the first with `number` or above, then its run.
        var lower = 0
        var upper = codes.count
        while lower < upper {
            let middle = (lower + upper) / 2
            if codes[middle] < number { lower = middle + 1 } else { upper = middle }
        }
        var end = lower
        while end < codes.count, codes[end] == number { end += 1 }
        if end - lower <= 1 { return end > lower ? divisions[lower] : nil }
        return RegionDirectory.preferInForce(Array(divisions[lower..<end]), year: year)
    }

    /// Whether a province-level code is one of the four municipalities.
    static func isMunicipality(_ division: Division) -> Bool {
        municipalityPrefixes.contains(division.provincePrefix)
    }

    /// Of several divisions, the one in force in `year` (the latest when none or several are).
    static func preferInForce(_ candidates: [Division], year: Int?) -> Division? {
        guard !candidates.isEmpty else { return nil }
        if candidates.count == 1 { return candidates[0] }
        if let year {
            let clamped = min(max(year, RegionTable.firstYear), RegionTable.lastYear)
            let inForce = candidates.filter { $0.firstYear <= clamped && clamped <= $0.lastYear }
            if inForce.count == 1 { return inForce[0] }
            if let latest = inForce.max(by: { ($0.lastYear, $0.number) < ($1.lastYear, $1.number) }) { return latest }
        }
        return candidates.max(by: { ($0.lastYear, $0.number) < ($1.lastYear, $1.number) })
    }

    // MARK: - Bytes

    /// Whether `pattern` occurs at `bytes[index...]` and ends by `limit`.
    @inline(__always)
    private func occurs(_ pattern: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, at index: Int, limit: Int) -> Bool {
        guard index + pattern.count <= limit else { return false }
        return pattern.withUnsafeBufferPointer { pattern in
            var offset = 0
            while offset < pattern.count {
                if bytes[index + offset] != pattern[offset] { return false }
                offset += 1
            }
            return true
        }
    }

    /// The scalar at `index` and its UTF-8 length, reading no byte at or past `limit` (a sequence cut by `limit`
    /// or malformed reads as its first byte, length 1).
    @inline(__always)
    static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, limit: Int) -> (value: UInt32, length: Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (UInt32(lead), 1) }
        if lead >= 0xE0, lead < 0xF0, index + 2 < limit {
            let value =
                (UInt32(lead & 0x0F) << 12) | (UInt32(bytes[index + 1] & 0x3F) << 6) | UInt32(bytes[index + 2] & 0x3F)
            return (value, 3)
        }
        if lead >= 0xF0, index + 3 < limit {
            let value =
                (UInt32(lead & 0x07) << 18) | (UInt32(bytes[index + 1] & 0x3F) << 12)
                | (UInt32(bytes[index + 2] & 0x3F) << 6) | UInt32(bytes[index + 3] & 0x3F)
            return (value, 4)
        }
        if lead >= 0xC0, lead < 0xE0, index + 1 < limit {
            return ((UInt32(lead & 0x1F) << 6) | UInt32(bytes[index + 1] & 0x3F), 2)
        }
        return (UInt32(lead), 1)
    }

    /// A run of ASCII digits as a number.
    private static func decimal(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var value = 0
        for index in range {
            let byte = text[index]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }
}
