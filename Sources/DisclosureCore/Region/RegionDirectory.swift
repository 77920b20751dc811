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
    /// Division indices by code value.
    private let byCode: [Int: [Int]]

    /// Parses `CODE NAME FIRST LAST` rows.
    init(rows: String) {
        var divisions: [Division] = []
        var nameIndex: [String: Int] = [:]
        var names: [Name] = []
        var byCode: [Int: [Int]] = [:]
        var longest = 0
        for line in rows.utf8.split(separator: 0x0A) {
            let fields = line.split(separator: 0x20)
            guard fields.count == 4, let number = Self.decimal(fields[0]), let first = Self.decimal(fields[2]),
                let last = Self.decimal(fields[3])
            else { continue }
            let name = String(decoding: fields[1], as: UTF8.self)
            let division = Division(
                code: String(decoding: fields[0], as: UTF8.self),
                name: name,
                firstYear: first,
                lastYear: last,
                number: number
            )
            let index = divisions.count
            divisions.append(division)
            byCode[number, default: []].append(index)
            longest = max(longest, name.count)
            if let known = nameIndex[name] {
                names[known].divisions.append(index)
                names[known].hasUpperLevel = names[known].hasUpperLevel || division.level != .county
            } else {
                nameIndex[name] = names.count
                names.append(
                    Name(
                        bytes: Array(name.utf8),
                        scalars: name.unicodeScalars.count,
                        divisions: [index],
                        hasUpperLevel: division.level != .county
                    )
                )
            }
        }
        // A name is read two scalars at least and `longestName` at most (a lookup never tries more).
        let lookedUp = names.indices.filter { names[$0].scalars >= 2 && names[$0].scalars <= longest }
        var buckets = [[Int32]](repeating: [], count: Self.indexCount)
        var others: [UInt32: [Int32]] = [:]
        for id in lookedUp {
            let first = names[id].bytes.withUnsafeBufferPointer { Self.scalar($0, at: 0, limit: $0.count).value }
            if first >= Self.indexBase, first - Self.indexBase < UInt32(Self.indexCount) {
                buckets[Int(first - Self.indexBase)].append(Int32(id))
            } else {
                others[first, default: []].append(Int32(id))
            }
        }
        // Longest first: the reader takes the longest name that fits the chain.
        let longestFirst: (Int32, Int32) -> Bool = { names[Int($0)].scalars > names[Int($1)].scalars }
        var starts: [Int32] = []
        starts.reserveCapacity(Self.indexCount + 1)
        var flat: [Int32] = []
        for bucket in buckets {
            starts.append(Int32(flat.count))
            flat += bucket.sorted(by: longestFirst)
        }
        starts.append(Int32(flat.count))
        self.divisions = divisions
        self.names = names
        self.longestName = longest
        self.bucketStarts = starts
        self.namesByFirstScalar = flat
        self.namesByOtherFirstScalar = others.mapValues { $0.sorted(by: longestFirst) }
        self.byCode = byCode
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
        guard let indices = byCode[number] else { return nil }
        if indices.count == 1 { return divisions[indices[0]] }
        return RegionDirectory.preferInForce(indices.map { divisions[$0] }, year: year)
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
    private static func decimal(_ digits: Substring.UTF8View) -> Int? {
        guard !digits.isEmpty else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }
}
