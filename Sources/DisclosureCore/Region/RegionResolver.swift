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

    /// Resolves the region a unit name starts with.
    ///
    /// - Parameters:
    ///   - name: the unit name as written.
    ///   - context: document text used to break ties between same-named divisions.
    ///   - year: the fiscal year, to prefer the codes in force then.
    static func resolve(
        name: String,
        context: String,
        year: Int?,
        directory: RegionDirectory = .shared
    ) -> RegionInfo {
        let chars = Array(name.unicodeScalars)
        var position = 0
        for word in leadingWords where name.hasPrefix(word) {
            position = word.unicodeScalars.count
            break
        }
        let atStart = read(chars, from: position, context: context, year: year, directory: directory).region
        if atStart != RegionInfo() { return atStart }
        // `国家税务总局重庆市铜梁区税务局`: a province or prefecture named after a leading organization.
        var index = position + 1
        while index + 2 < chars.count {
            if startsProvinceOrPrefecture(chars, at: index, directory: directory) {
                return read(chars, from: index, context: context, year: year, directory: directory).region
            }
            index += 1
        }
        return atStart
    }

    /// Whether a province- or prefecture-level name of three characters or more starts at `index`.
    static func startsProvinceOrPrefecture(
        _ chars: [Unicode.Scalar],
        at index: Int,
        directory: RegionDirectory
    ) -> Bool {
        var length = min(directory.longestName, chars.count - index)
        while length >= 3 {
            let candidate = String(String.UnicodeScalarView(chars[index..<(index + length)]))
            if directory.named(candidate).contains(where: { $0.level != .county }) { return true }
            length -= 1
        }
        return false
    }

    /// Reads the chain of division names starting at `chars[position]`.
    ///
    /// - Returns: the region and the index just past the last name read.
    static func read(
        _ chars: [Unicode.Scalar],
        from start: Int,
        context: String,
        year: Int?,
        directory: RegionDirectory = .shared
    ) -> (region: RegionInfo, end: Int) {
        var position = start
        var province: RegionDirectory.Division?
        var prefecture: RegionDirectory.Division?
        var county: RegionDirectory.Division?
        // A name matched at some level whose division could not be told apart.
        var unresolved: (name: String, level: RegionDirectory.Level)?

        chainLoop: while position < chars.count, county == nil {
            let remaining = chars.count - position
            var length = min(directory.longestName, remaining)
            while length >= 2 {
                let candidate = String(String.UnicodeScalarView(chars[position..<(position + length)]))
                let found = directory.named(candidate).filter {
                    consistent($0, province: province, prefecture: prefecture)
                }
                if !found.isEmpty {
                    guard let chosen = choose(found, context: context, year: year) else {
                        unresolved = (candidate, found[0].level)
                        break chainLoop
                    }
                    switch chosen.level {
                    case .province: province = chosen
                    case .prefecture: prefecture = chosen
                    case .county: county = chosen
                    }
                    position += length
                    continue chainLoop
                }
                length -= 1
            }
            break
        }

        // Fill the upper levels from the most specific code.
        if let county {
            if prefecture == nil, !RegionDirectory.isMunicipality(county) {
                prefecture = directory.division(code: county.prefecturePrefix + "00", year: year)
            }
            if province == nil { province = directory.division(code: county.provincePrefix + "0000", year: year) }
        }
        if let prefecture, province == nil {
            province = directory.division(code: prefecture.provincePrefix + "0000", year: year)
        }

        var region = RegionInfo()
        region.province = province?.name
        region.city = prefecture?.name
        region.county = county?.name
        region.code = (county ?? prefecture ?? province)?.code
        if let unresolved, region.code == nil {
            position += unresolved.name.unicodeScalars.count
            switch unresolved.level {
            case .province: region.province = unresolved.name
            case .prefecture: region.city = unresolved.name
            case .county: region.county = unresolved.name
            }
        } else if let unresolved {
            // The upper levels are known but the next name is shared inside them: keep the name, not a wrong code.
            switch unresolved.level {
            case .prefecture: region.city = unresolved.name
            case .county: region.county = unresolved.name
            case .province: break
            }
        }
        return (region, position)
    }

    /// Words after a place name that make it the subject of a fragment (`百色市本级`, `经绵竹市财政局汇总`,
    /// `根据百色市第五届人民代表大会`).
    static let subjectAnchors = ["本级", "财政局", "财政厅", "财政", "人民政府", "人民代表大会", "第"]

    /// The region a text without a unit name is about: the most specific place named right before an anchor word
    /// (`本级`, `财政局`, `人民代表大会` …), the first one at that level.
    static func mentioned(in text: String, year: Int?, directory: RegionDirectory = .shared) -> RegionInfo {
        let chars = Array(text.unicodeScalars)
        var best: (region: RegionInfo, depth: Int)?
        var position = 0
        while position < chars.count {
            guard StructureScan.isIdeograph(chars[position].value) else {
                position += 1
                continue
            }
            let (region, end) = read(chars, from: position, context: text, year: year, directory: directory)
            guard end > position, region.code != nil else {
                position += 1
                continue
            }
            let following = String(String.UnicodeScalarView(chars[end..<min(chars.count, end + 6)]))
            if subjectAnchors.contains(where: { following.hasPrefix($0) }) {
                let depth = region.county != nil ? 3 : region.city != nil ? 2 : 1
                if depth > best?.depth ?? 0 { best = (region, depth) }
            }
            position = end
        }
        return best?.region ?? RegionInfo()
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
        context: String,
        year: Int?,
        directory: RegionDirectory = .shared
    ) -> RegionDirectory.Division? {
        // The same place under different codes over the years (崇川区 320602 → 320613) is one place.
        let places = Dictionary(grouping: candidates) { $0.level == .county ? $0.prefecturePrefix : $0.provincePrefix }
        if places.count == 1 { return RegionDirectory.preferInForce(candidates, year: year) }
        var best: [RegionDirectory.Division] = []
        var bestScore = 0
        for (_, group) in places.sorted(by: { $0.key < $1.key }) {
            guard let division = RegionDirectory.preferInForce(group, year: year) else { continue }
            var score = 0
            if let provinceName = directory.division(code: division.provincePrefix + "0000", year: year)?.name,
                context.contains(provinceName)
            {
                score += 1
            }
            if division.level == .county,
                let prefectureName = directory.division(code: division.prefecturePrefix + "00", year: year)?.name,
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
}
