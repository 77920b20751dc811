/// Resolves the administrative region a unit name starts with (`重庆市铜梁区人民政府办公室` → 重庆市 / 铜梁区 /
/// 500151) against the GB/T 2260 directory.
///
/// The name is read left to right as a chain of division names, each one inside the previous one: a province, then a
/// prefecture of that province (or a county directly under it), then a county of that prefecture. The chain may start
/// at any level (`杜集区机关事务管理中心`, `梧州市民政局`); the missing upper levels are then filled in from the code.
/// A name that several divisions share (`朝阳区`, `城区`) is resolved with the province and prefecture names the
/// document mentions elsewhere; when that does not decide it, only the name is kept and the code stays nil.
/// Municipalities (北京市, 天津市, 上海市, 重庆市) have no prefecture: `city` stays nil.
enum RegionResolver {
    /// Leading words that come before a place name in unit names (`中共上海市普陀区委…`).
    static let leadingWords = ["中国共产党", "中共", "共青团", "中国国民党革命委员会"]
    /// ``leadingWords`` as UTF-8.
    private static let leadingWordBytes = leadingWords.map { Array($0.utf8) }

    /// Resolves the region a unit name starts with, breaking ties with the whole of `context`.
    static func resolve(
        name: String,
        context: String,
        year: Int?,
        directory: RegionDirectory = .shared
    ) -> RegionInfo {
        resolve(name: name, context: RegionContext(context), year: year, directory: directory)
    }

    /// Resolves the region a unit name starts with.
    ///
    /// - Parameters:
    ///   - name: the unit name as written.
    ///   - context: document text used to break ties between same-named divisions.
    ///   - year: the fiscal year, to prefer the codes in force then.
    static func resolve(
        name: String,
        context: RegionContext = .none,
        year: Int?,
        directory: RegionDirectory = .shared
    ) -> RegionInfo {
        var name = name
        return name.withUTF8 { bytes in
            resolve(utf8: bytes, context: context, year: year, directory: directory)
        }
    }

    /// ``resolve(name:context:year:directory:)`` on the name's UTF-8 bytes.
    private static func resolve(
        utf8 name: UnsafeBufferPointer<UInt8>,
        context: RegionContext,
        year: Int?,
        directory: RegionDirectory
    ) -> RegionInfo {
        let count = name.count
        var position = 0
        for word in leadingWordBytes where occurs(word, in: name, at: 0, limit: count) {
            position = word.count
            break
        }
        let atStart = read(name, from: position, limit: count, context: context, year: year, directory: directory)
            .region
        if atStart != RegionInfo() || position >= count { return atStart }
        // `国家税务总局重庆市铜梁区税务局`: a province or prefecture named after a leading organization, looked for
        // from the character after `position` while three characters or more remain.
        var index = position + RegionDirectory.scalar(name, at: position, limit: count).length
        while hasScalars(3, in: name, from: index) {
            if startsProvinceOrPrefecture(name, at: index, limit: count, directory: directory) {
                return read(name, from: index, limit: count, context: context, year: year, directory: directory).region
            }
            index += RegionDirectory.scalar(name, at: index, limit: count).length
        }
        return atStart
    }

    /// Whether a province- or prefecture-level name of three characters or more starts at `index`.
    private static func startsProvinceOrPrefecture(
        _ bytes: UnsafeBufferPointer<UInt8>,
        at index: Int,
        limit: Int,
        directory: RegionDirectory
    ) -> Bool {
        var found = false
        directory.forEachName(in: bytes, at: index, limit: limit) { id in
            let name = directory.names[id]
            found = name.scalars >= 3 && name.hasUpperLevel
            return !found
        }
        return found
    }

    /// Reads the chain of division names starting at `bytes[start]` and ending by `limit`.
    ///
    /// - Returns: the region and the offset just past the last name read.
    private static func read(
        _ bytes: UnsafeBufferPointer<UInt8>,
        from start: Int,
        limit: Int,
        context: RegionContext,
        year: Int?,
        directory: RegionDirectory
    ) -> (region: RegionInfo, end: Int) {
        var position = start
        var province: RegionDirectory.Division?
        var prefecture: RegionDirectory.Division?
        var county: RegionDirectory.Division?
        // A name matched at some level whose division could not be told apart.
        var unresolved: (name: Int, level: RegionDirectory.Level)?

        while position < limit, county == nil {
            // The longest name here with a division that can follow the chain read so far.
            var matched: (name: Int, found: [RegionDirectory.Division])?
            directory.forEachName(in: bytes, at: position, limit: limit) { id in
                var found: [RegionDirectory.Division] = []
                for index in directory.names[id].divisions {
                    let division = directory.divisions[index]
                    if consistent(division, province: province, prefecture: prefecture) { found.append(division) }
                }
                if found.isEmpty { return true }
                matched = (id, found)
                return false
            }
            guard let matched else { break }
            guard let chosen = choose(matched.found, context: context, year: year, directory: directory) else {
                unresolved = (matched.name, matched.found[0].level)
                break
            }
            switch chosen.level {
            case .province: province = chosen
            case .prefecture: prefecture = chosen
            case .county: county = chosen
            }
            position += directory.names[matched.name].bytes.count
        }

        // Fill the upper levels from the most specific code.
        if let county {
            if prefecture == nil, !RegionDirectory.isMunicipality(county) {
                prefecture = directory.division(code: county.prefecturePrefix * 100, year: year)
            }
            if province == nil { province = directory.division(code: county.provincePrefix * 10000, year: year) }
        }
        if let prefecture, province == nil {
            province = directory.division(code: prefecture.provincePrefix * 10000, year: year)
        }

        var region = RegionInfo()
        region.province = province?.name
        region.city = prefecture?.name
        region.county = county?.name
        region.code = (county ?? prefecture ?? province)?.code
        if let unresolved {
            let name = directory.names[unresolved.name]
            // Every division of a name carries the same name string: no new string is made.
            let text = directory.divisions[name.divisions[0]].name
            if region.code == nil {
                position += name.bytes.count
                switch unresolved.level {
                case .province: region.province = text
                case .prefecture: region.city = text
                case .county: region.county = text
                }
            } else {
                // The upper levels are known but the next name is shared inside them: keep the name, not a wrong
                // code.
                switch unresolved.level {
                case .prefecture: region.city = text
                case .county: region.county = text
                case .province: break
                }
            }
        }
        return (region, position)
    }

    /// Words after a place name that make it the subject of a fragment (`百色市本级`, `经绵竹市财政局汇总`,
    /// `根据百色市第五届人民代表大会`).
    static let subjectAnchors = ["本级", "财政局", "财政厅", "财政", "人民政府", "人民代表大会", "第"]
    /// ``subjectAnchors`` as UTF-8.
    private static let subjectAnchorBytes = subjectAnchors.map { Array($0.utf8) }

    /// The region a text without a unit name is about: the most specific place named right before an anchor word
    /// (`本级`, `财政局`, `人民代表大会` …), the first one at that level.
    static func mentioned(in text: String, year: Int?, directory: RegionDirectory = .shared) -> RegionInfo {
        let bytes = Array(text.utf8)
        return mentioned(in: bytes, limit: bytes.count, year: year, directory: directory)
    }

    /// ``mentioned(in:year:directory:)`` on the first `limit` bytes of a UTF-8 text, which are also the context
    /// that breaks ties.
    static func mentioned(
        in bytes: [UInt8],
        limit: Int,
        year: Int?,
        directory: RegionDirectory = .shared
    ) -> RegionInfo {
        let limit = min(max(limit, 0), bytes.count)
        let context = RegionContext(bytes, limit: limit)
        return bytes.withUnsafeBufferPointer { text in
            var best: (region: RegionInfo, depth: Int)?
            var position = 0
            while position < limit {
                let (scalar, length) = RegionDirectory.scalar(text, at: position, limit: limit)
                guard StructureScan.isIdeograph(scalar) else {
                    position += length
                    continue
                }
                let (region, end) = read(
                    text,
                    from: position,
                    limit: limit,
                    context: context,
                    year: year,
                    directory: directory
                )
                guard end > position, region.code != nil else {
                    position += length
                    continue
                }
                if subjectAnchorBytes.contains(where: { occurs($0, in: text, at: end, limit: limit) }) {
                    let depth = region.county != nil ? 3 : region.city != nil ? 2 : 1
                    if depth > best?.depth ?? 0 { best = (region, depth) }
                }
                position = end
            }
            return best?.region ?? RegionInfo()
        }
    }

    /// Whether `division` can follow the chain read so far.
    static func consistent(
        _ division: RegionDirectory.Division,
        province: RegionDirectory.Division?,
        prefecture: RegionDirectory.Division?
    ) -> Bool {
        if let prefecture {
            return division.level == .county && division.prefecturePrefix == prefecture.prefecturePrefix
        }
        if let province {
            guard division.level != .province, division.provincePrefix == province.provincePrefix else { return false }
            // A municipality's districts sit directly under it.
            return !RegionDirectory.isMunicipality(province) || division.level == .county
        }
        return true
    }

    /// One division out of same-named candidates: the only one, else the one whose province or prefecture the
    /// context names most often; nil when that does not decide.
    static func choose(
        _ candidates: [RegionDirectory.Division],
        context: RegionContext,
        year: Int?,
        directory: RegionDirectory = .shared
    ) -> RegionDirectory.Division? {
        // The same place under different codes over the years (崇川区 320602 → 320613) is one place. A county's
        // place is its prefecture, any other division's its province (the keys never collide: 4 digits vs 2).
        func place(_ division: RegionDirectory.Division) -> Int {
            division.level == .county ? division.prefecturePrefix : division.provincePrefix
        }
        let first = place(candidates[0])
        if candidates.allSatisfy({ place($0) == first }) {
            return RegionDirectory.preferInForce(candidates, year: year)
        }
        var places: [Int] = []
        for candidate in candidates where !places.contains(place(candidate)) { places.append(place(candidate)) }
        // The winner is every group with the top score, so the order groups are scored in does not matter.
        var best: [RegionDirectory.Division] = []
        var bestScore = 0
        for key in places {
            let group = candidates.filter { place($0) == key }
            guard let division = RegionDirectory.preferInForce(group, year: year) else { continue }
            var score = 0
            if let provinceName = directory.division(code: division.provincePrefix * 10000, year: year)?.name,
                context.contains(provinceName)
            {
                score += 1
            }
            if division.level == .county,
                let prefectureName = directory.division(code: division.prefecturePrefix * 100, year: year)?.name,
                context.contains(prefectureName)
            {
                score += 2
            }
            if score > bestScore {
                best = [division]
                bestScore = score
            } else if score == bestScore && score > 0 {
                best.append(division)
            }
        }
        return best.count == 1 ? best[0] : nil
    }

    // MARK: - Bytes

    /// Whether `pattern` occurs at `bytes[index...]` and ends by `limit`.
    @inline(__always)
    private static func occurs(
        _ pattern: [UInt8],
        in bytes: UnsafeBufferPointer<UInt8>,
        at index: Int,
        limit: Int
    )
        -> Bool
    {
        guard index + pattern.count <= limit else { return false }
        for offset in 0..<pattern.count where bytes[index + offset] != pattern[offset] { return false }
        return true
    }

    /// Whether `count` scalars or more start at `index`.
    private static func hasScalars(_ count: Int, in bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Bool {
        var seen = 0
        var position = index
        while position < bytes.count {
            if bytes[position] & 0xC0 != 0x80 {
                seen += 1
                if seen == count { return true }
            }
            position += 1
        }
        return false
    }
}
