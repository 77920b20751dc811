extension TextTableRule {
    /// A record value a table row may name: its path and the text's figure.
    struct Target {
        /// The value's path, built when a row names it (most targets are never named).
        var path: String { pathPrefix + (pathName ?? "") + pathSuffix }
        /// The path up to the name in it, or the whole path.
        var pathPrefix: String
        /// The function class name in the path (`expenditure.byFunction[<name>].amount`).
        var pathName: String?
        /// The path after the name.
        var pathSuffix: String
        /// The text's figure.
        var figure: Figure
    }

    /// The record values a table row may name, in the order a label is looked for: the four totals, the function
    /// lines, then the 三公 items (``FixedTarget/all``); a label names the first target with a figure that lists it.
    ///
    /// A target is an index: `0..<9` a fixed target (``FixedTarget/all``), `9 + i` function line `i` of the record.
    /// The fixed targets' labels are the same for every document: they are hashed once (``FixedLabels``), and a
    /// document only notes which fixed targets have a figure and indexes its function lines' names (building a table
    /// of every label per document was ~10 K instructions of a 10 KB page's 23 K in the rule).
    struct Targets {
        /// Bit `f` set: ``FixedTarget/all``[f] has a figure in the record.
        var present: UInt16 = 0
        /// The record's function lines (a line with an amount is a target).
        var lines: [FunctionLine] = []
        /// Whether some line has an amount.
        var hasLines = false
        /// Whether a line with an amount has a name that is not plain (``TextSearch/isPlain(_:)``): the lines are
        /// then compared in order as `String`s, and ``lineSlots`` is empty.
        var hasLineNotPlain = false
        /// The lines with an amount, when every such name is plain: an open-addressed table of line index + 1
        /// (0: empty) by ``slotHash(_:)``, each distinct name once, at its first line.
        var lineSlots: [Int32] = []
        /// One bit per hashed line name (``filterBit(_:)``): a label whose bit is clear names no line.
        var lineFilter: UInt64 = 0

        /// How many fixed targets there are; a function line's target is this plus its index.
        static let fixedCount = 9
        /// The first fixed target listed after the function lines (the 三公 items).
        static let firstAfterLines = 4

        /// The fixed labels' table, read once per document (a `static let` read per lookup costs a `swift_once`
        /// call each time).
        let fixedLabels = FixedLabels.shared

        /// No target (see ``TextTableRule/targets(_:)``).
        init() {}

        /// Builds the targets of `record`.
        ///
        /// The record's fields are read in place (``FixedTarget/figure(_:in:)`` in a loop copied the whole record;
        /// so did an initializer, which takes its argument owned), the lines through their buffer (a
        /// `for line in lines` copied each line), and the slots are zeroed in place (`Array(repeating:count:)` took
        /// ~700 instructions for 64 bytes).
        mutating func fill(from record: DisclosureRecord) {
            var present: UInt16 = 0
            if record.income.total != nil { present |= 1 }
            if record.expenditure.total != nil { present |= 1 &<< 1 }
            if record.income.grandTotal != nil { present |= 1 &<< 2 }
            if record.expenditure.grandTotal != nil { present |= 1 &<< 3 }
            let three = record.threePublic
            if three.outboundTravel.amount != nil { present |= 1 &<< 4 }
            if three.reception.amount != nil { present |= 1 &<< 5 }
            if three.vehiclePurchase.amount != nil { present |= 1 &<< 6 }
            if three.vehicleOperation.amount != nil { present |= 1 &<< 7 }
            if three.vehicleCombined.amount != nil { present |= 1 &<< 8 }
            self.present = present
            lines = record.expenditure.byFunction
            var hashed = 0
            var notPlain = false
            lines.withUnsafeBufferPointer { lines in
                for index in lines.indices where lines[index].block.amount != nil {
                    hashed += 1
                    if !(lines[index].name.utf8.withContiguousStorageIfAvailable(TextSearch.isPlain) ?? false) {
                        notPlain = true
                    }
                }
            }
            hasLines = hashed > 0
            hasLineNotPlain = notPlain
            guard hasLines, !hasLineNotPlain else { return }
            var size = 16
            while size < 2 * hashed { size *= 2 }
            var filter: UInt64 = 0
            let slots = lines.withUnsafeBufferPointer { lines in
                [Int32](unsafeUninitializedCapacity: size) { slots, initialized in
                    slots.initialize(repeating: 0)
                    initialized = size
                    for position in lines.indices where lines[position].block.amount != nil {
                        lines[position].name.utf8.withContiguousStorageIfAvailable { name in
                            let hash = Targets.slotHash(name)
                            filter |= Targets.filterBit(hash)
                            var slot = hash & (size - 1)
                            // A name listed again names the target of its first line: it is not indexed.
                            while slots[slot] != 0 {
                                if TextTableRule.equal(name, lines[Int(slots[slot]) - 1].name) { return }
                                slot = (slot + 1) & (size - 1)
                            }
                            slots[slot] = Int32(position + 1)
                        }
                    }
                }
            }
            lineSlots = slots
            lineFilter = filter
        }

        /// The hash of a label for ``lineSlots`` and ``FixedLabels``: its length and its first and last three bytes
        /// (the first and last characters of a CJK label), multiplied out.
        @inline(__always)
        static func slotHash(_ label: UnsafeBufferPointer<UInt8>) -> Int {
            let count = label.count
            var key = UInt64(truncatingIfNeeded: count)
            if count > 0 {
                key = key << 8 | UInt64(label[0])
                key = key << 8 | UInt64(label[count - 1])
            }
            if count > 2 {
                key = key << 8 | UInt64(label[1])
                key = key << 8 | UInt64(label[2])
                key = key << 8 | UInt64(label[count - 2])
                key = key << 8 | UInt64(label[count - 3])
            }
            return Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40)
        }

        /// A label's bit in ``lineFilter`` and ``FixedLabels/filter`` (the hash's top six bits; the slots use
        /// its low ones).
        @inline(__always)
        static func filterBit(_ hash: Int) -> UInt64 {
            1 &<< UInt64(truncatingIfNeeded: hash &>> 18 & 63)
        }

        /// Whether fixed target `index` has a figure.
        @inline(__always)
        func isPresent(_ index: Int) -> Bool {
            present & (1 &<< UInt16(truncatingIfNeeded: index)) != 0
        }

        /// Target `index` of `record` (the record these targets were made from).
        func target(_ index: Int, in record: DisclosureRecord) -> Target {
            if index < Targets.fixedCount {
                return Target(
                    pathPrefix: FixedTarget.all[index].path,
                    pathName: nil,
                    pathSuffix: "",
                    figure: FixedTarget.figure(index, in: record)!
                )
            }
            let line = lines[index - Targets.fixedCount]
            return Target(
                pathPrefix: "expenditure.byFunction[",
                pathName: line.name,
                pathSuffix: "].amount",
                figure: line.block.amount!
            )
        }

        /// The target a label (its UTF-8) names: the first one listing it, compared as `String`s are (as bytes
        /// when both are plain, which is the same). A bare 总计 is 收入总计 on a row's first side, 支出总计 on the
        /// others.
        ///
        /// - Parameter isPlain: ``TextSearch/isPlain(_:)`` of `label` (known from ``TableCellIndex``).
        func firstIndex(forUTF8 label: UnsafeBufferPointer<UInt8>, isPlain: Bool, side: Int) -> Int? {
            guard isPlain else {
                // Not plain: `String`s compared as `String`s (canonical equivalence), as a dictionary would.
                var text = String(decoding: label, as: UTF8.self)
                if text == "总计" { text = side == 0 ? "收入总计" : "支出总计" }
                return firstIndex(of: text)
            }
            if TextTableRule.equal(label, "总计") { return firstIndex(of: side == 0 ? "收入总计" : "支出总计") }
            let hash = Targets.slotHash(label)
            // Every fixed label is plain: equal as bytes.
            let fixed = fixedLabels.target(of: label, hash: hash)
            if fixed >= 0, fixed < Targets.firstAfterLines, isPresent(fixed) { return fixed }
            if hasLines {
                if let line = firstLine(label, hash: hash) { return Targets.fixedCount + line }
            }
            if fixed >= Targets.firstAfterLines, isPresent(fixed) { return fixed }
            return nil
        }

        /// The first line with an amount that `label` (plain) names.
        private func firstLine(_ label: UnsafeBufferPointer<UInt8>, hash: Int) -> Int? {
            guard !hasLineNotPlain else {
                // Some name is not plain: in order, as `String`s (equal bytes are equal `String`s).
                let text = String(decoding: label, as: UTF8.self)
                return lines.firstIndex { $0.block.amount != nil && $0.name == text }
            }
            guard lineFilter & Targets.filterBit(hash) != 0 else { return nil }
            let mask = lineSlots.count - 1
            var slot = hash & mask
            while true {
                let position = Int(lineSlots[slot])
                if position == 0 { return nil }
                if TextTableRule.equal(label, lines[position - 1].name) { return position - 1 }
                slot = (slot + 1) & mask
            }
        }

        /// The first target listing `text`, labels compared as `String`s.
        func firstIndex(of text: String) -> Int? {
            for index in 0..<Targets.firstAfterLines where isPresent(index) {
                if FixedTarget.all[index].labels.contains(where: { $0.text == text }) { return index }
            }
            if let line = lines.firstIndex(where: { $0.block.amount != nil && $0.name == text }) {
                return Targets.fixedCount + line
            }
            for index in Targets.firstAfterLines..<Targets.fixedCount where isPresent(index) {
                if FixedTarget.all[index].labels.contains(where: { $0.text == text }) { return index }
            }
            return nil
        }
    }

    /// The fixed targets' labels hashed once: an open-addressed table of label index + 1 by
    /// ``Targets/slotHash(_:)`` over their bytes.
    final class FixedLabels: Sendable {
        /// Every fixed label's bytes, one after another.
        let bytes: [UInt8]
        /// Each label's start and count in ``bytes`` and its target (an index into ``FixedTarget/all``).
        let entries: [(start: Int, count: Int, target: Int)]
        /// The table (64 slots; the labels are distinct).
        let slots: [Int32]
        /// One bit per label (``Targets/filterBit(_:)``): a label whose bit is clear is none of them.
        let filter: UInt64

        static let shared = FixedLabels()

        private init() {
            var bytes: [UInt8] = []
            var entries: [(start: Int, count: Int, target: Int)] = []
            for (target, fixed) in FixedTarget.all.enumerated() {
                for label in fixed.labels {
                    // The lookup compares them as bytes, which is the same as `String`s only for plain labels.
                    precondition(label.isPlain, "a fixed text.table label is not plain: \(label.text)")
                    entries.append((bytes.count, label.text.utf8.count, target))
                    bytes.append(contentsOf: label.text.utf8)
                }
            }
            var slots = [Int32](repeating: 0, count: 64)
            var filter: UInt64 = 0
            bytes.withUnsafeBufferPointer { storage in
                for (position, entry) in entries.enumerated() {
                    let hash = Targets.slotHash(
                        UnsafeBufferPointer(rebasing: storage[entry.start..<(entry.start + entry.count)])
                    )
                    filter |= Targets.filterBit(hash)
                    var slot = hash & 63
                    while slots[slot] != 0 { slot = (slot + 1) & 63 }
                    slots[slot] = Int32(position + 1)
                }
            }
            self.bytes = bytes
            self.entries = entries
            self.slots = slots
            self.filter = filter
        }

        /// The target (an index into ``FixedTarget/all``) a plain label names, -1 for none.
        func target(of label: UnsafeBufferPointer<UInt8>, hash: Int) -> Int {
            guard filter & Targets.filterBit(hash) != 0 else { return -1 }
            return bytes.withUnsafeBufferPointer { storage in
                var slot = hash & 63
                while true {
                    let position = Int(slots[slot])
                    if position == 0 { return -1 }
                    let entry = entries[position - 1]
                    if TableCells.bytesEqual(
                        label,
                        UnsafeBufferPointer(rebasing: storage[entry.start..<(entry.start + entry.count)])
                    ) {
                        return entry.target
                    }
                    slot = (slot + 1) & 63
                }
            }
        }
    }

    /// Row labels and the record values they name, in the order a label is looked for.
    static func targets(_ record: DisclosureRecord) -> Targets {
        var targets = Targets()
        targets.fill(from: record)
        return targets
    }

    /// A target that is not a function line: its record path and the labels it is listed under, each checked for
    /// plainness (``TextSearch/isPlain(_:)``) once, not for every document.
    struct FixedTarget: Sendable {
        let path: String
        let labels: [(text: String, isPlain: Bool)]

        init(_ path: String, _ labels: [String]) {
            self.path = path
            self.labels = labels.map { label in
                (label, Array(label.utf8).withUnsafeBufferPointer(TextSearch.isPlain))
            }
        }

        static let incomeTotal = FixedTarget("income.total", ["本年收入合计", "收入合计", "本年收入"])
        static let expenditureTotal = FixedTarget("expenditure.total", ["本年支出合计", "支出合计", "本年支出"])
        static let incomeGrandTotal = FixedTarget("income.grandTotal", ["收入总计"])
        static let expenditureGrandTotal = FixedTarget("expenditure.grandTotal", ["支出总计"])
        static let outboundTravel = FixedTarget(
            "threePublic.outboundTravel.amount",
            ["因公出国(境)费", "因公出国(境)费用"]
        )
        static let reception = FixedTarget("threePublic.reception.amount", ["公务接待费"])
        static let vehiclePurchase = FixedTarget("threePublic.vehiclePurchase.amount", ["公务用车购置费"])
        static let vehicleOperation = FixedTarget(
            "threePublic.vehicleOperation.amount",
            ["公务用车运行维护费", "公务用车运行费"]
        )
        static let vehicleCombined = FixedTarget(
            "threePublic.vehicleCombined.amount",
            ["公务用车购置及运行维护费", "公务用车购置及运行费"]
        )
        /// Every fixed target, in the order a label is looked for: the first ``Targets/firstAfterLines`` before
        /// the function lines, the rest after them.
        static let all: [FixedTarget] = [
            incomeTotal, expenditureTotal, incomeGrandTotal, expenditureGrandTotal, outboundTravel, reception,
            vehiclePurchase, vehicleOperation, vehicleCombined,
        ]

        /// The record's figure for ``all``[index].
        static func figure(_ index: Int, in record: DisclosureRecord) -> Figure? {
            switch index {
            case 0: record.income.total
            case 1: record.expenditure.total
            case 2: record.income.grandTotal
            case 3: record.expenditure.grandTotal
            case 4: record.threePublic.outboundTravel.amount
            case 5: record.threePublic.reception.amount
            case 6: record.threePublic.vehiclePurchase.amount
            case 7: record.threePublic.vehicleOperation.amount
            case 8: record.threePublic.vehicleCombined.amount
            default: nil
            }
        }
    }
}
