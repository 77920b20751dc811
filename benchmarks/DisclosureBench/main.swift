// DisclosureBench: the core's throughput on generated documents (scripts/gen_bench_corpus.py), with the decode-only
// and normalize-only baselines measured in the same run, interleaved round by round so that load from other
// processes hits every mode alike. Time is the thread's CPU time (per core), wall time is printed beside it.
//
//   DisclosureBench DIR [--seconds S] [--variants utf8.txt,gb18030.txt,html] [--tsv]
//   DisclosureBench --repeat N FILE   (process FILE N times, nothing printed: for valgrind's allocation counts)
//   DisclosureBench --repeat-full N FILE   (the same, plus every anomaly event's JSON, in the record's buffer:
//                                          what the worker's OutputPlanner asks of the core per input)
import DisclosureCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One thing to measure on a set of documents.
enum Mode: String, CaseIterable {
    /// Bytes to text: charset detection, GB18030 transcoding, HTML to text.
    case decode
    /// Text normalization alone, on the already-decoded text.
    case normalize
    /// decode → classify → parse → validate (no JSON): the "parse + validate".
    case process
    /// `process` plus the record's and anomalies' JSON: what the worker does per input.
    case full
}

/// The documents of one size class and variant, loaded once.
struct DocumentSet {
    let label: String
    let raws: [RawDocument]
    let decodedUTF8: [[UInt8]]
    let bytes: Int
}

/// Accumulated measurements for one (set, mode).
struct Tally {
    var documents = 0
    var bytes = 0
    var cpuNanos: UInt64 = 0
    var wallNanos: UInt64 = 0
}

@inline(__always) func now(_ clock: clockid_t) -> UInt64 {
    var spec = timespec()
    clock_gettime(clock, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

/// Keeps results observable so that the optimizer cannot drop the work.
nonisolated(unsafe) var sink = 0

func readFile(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buffer, 1, buffer.count, file)
        if n <= 0 { break }
        out.append(contentsOf: buffer[0..<n])
    }
    return out
}

func listDirectory(_ path: String) -> [String] {
    guard let dir = opendir(path) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafePointer(to: entry.pointee.d_name) {
            $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
        }
        if !name.hasPrefix(".") { names.append(name) }
    }
    return names.sorted()
}

func contentType(for variant: String) -> String {
    switch variant {
    case "html": "text/html; charset=utf-8"
    case "gb18030.txt": "text/plain; charset=gb18030"
    default: "text/plain; charset=utf-8"
    }
}

let processor = DisclosureProcessor()

func run(_ mode: Mode, on set: DocumentSet) -> Int {
    var check = 0
    switch mode {
    case .decode:
        for raw in set.raws {
            if let decoded = try? processor.decoder.decode(raw) { check &+= decoded.text.utf8.count }
        }
    case .normalize:
        for utf8 in set.decodedUTF8 {
            var copy = utf8
            check &+= TextNormalizer.normalize(utf8: &copy).bytes.count
        }
    case .process:
        for raw in set.raws {
            if let done = try? processor.process(raw) { check &+= done.anomalies.count &+ done.text.bytes.count }
        }
    case .full:
        for raw in set.raws {
            if let done = try? processor.process(raw) {
                let json = done.outputJSON()
                check &+= json.bytes.count &+ json.events.count
            }
        }
    }
    return check
}

func main() -> Int32 {
    var arguments = Array(CommandLine.arguments.dropFirst())
    if arguments.first == "--repeat" || arguments.first == "--repeat-full", arguments.count == 3,
        let times = Int(arguments[1])
    {
        guard let bytes = readFile(arguments[2]) else { return 1 }
        let variant = arguments[2].hasSuffix(".html") ? "html" : arguments[2].contains("gb18030") ? "gb18030.txt" : ""
        let raw = RawDocument(bytes: bytes, contentType: contentType(for: variant))
        let events = arguments.first == "--repeat-full"
        for _ in 0..<times {
            guard let done = try? processor.process(raw) else { continue }
            if events {
                // The worker (OutputPlanner.outputs) publishes the record and one event per anomaly, from one buffer.
                let json = done.outputJSON()
                sink &+= json.bytes.count &+ json.events.count
            } else {
                sink &+= done.recordJSON().count
            }
        }
        return 0
    }
    var seconds = 2.0
    var variants = ["utf8.txt", "gb18030.txt", "html"]
    var tsv = false
    var directory: String?
    while !arguments.isEmpty {
        let argument = arguments.removeFirst()
        switch argument {
        case "--seconds": seconds = Double(arguments.removeFirst()) ?? seconds
        case "--variants": variants = arguments.removeFirst().split(separator: ",").map(String.init)
        case "--tsv": tsv = true
        default: directory = argument
        }
    }
    guard let directory else {
        printError("usage: DisclosureBench DIR [--seconds S] [--variants a,b] [--tsv]\n")
        return 2
    }

    // Size classes are the generator's sub-folders (2k, 10k, …), in numeric order.
    let classes = listDirectory(directory).filter { $0.hasSuffix("k") }.sorted {
        (Int($0.dropLast()) ?? 0) < (Int($1.dropLast()) ?? 0)
    }
    var sets: [DocumentSet] = []
    for sizeClass in classes {
        let names = listDirectory(directory + "/" + sizeClass)
        for variant in variants {
            var raws: [RawDocument] = []
            var decoded: [[UInt8]] = []
            var bytes = 0
            for name in names where name.hasSuffix("." + variant) {
                guard let data = readFile(directory + "/" + sizeClass + "/" + name) else { continue }
                let raw = RawDocument(bytes: data, contentType: contentType(for: variant))
                guard let text = try? processor.decoder.decode(raw) else {
                    printError("DisclosureBench: \(sizeClass)/\(name) does not decode; skipped\n")
                    continue
                }
                raws.append(raw)
                decoded.append(Array(text.text.utf8))
                bytes += data.count
            }
            if !raws.isEmpty {
                sets.append(
                    DocumentSet(label: "\(sizeClass) \(variant)", raws: raws, decodedUTF8: decoded, bytes: bytes)
                )
            }
        }
    }
    if sets.isEmpty {
        printError("DisclosureBench: no documents under \(directory)\n")
        return 1
    }

    // Warm up once, then interleave: each round runs every mode once on every set, until each set had its share of
    // the time budget.
    for set in sets { for mode in Mode.allCases { sink &+= run(mode, on: set) } }
    var tallies = [String: Tally]()
    let budget = UInt64(seconds * 1e9) * UInt64(Mode.allCases.count)
    for set in sets {
        var spent: UInt64 = 0
        var rounds = 0
        while spent < budget || rounds < 3 {
            for mode in Mode.allCases {
                let cpu0 = now(CLOCK_THREAD_CPUTIME_ID)
                let wall0 = now(CLOCK_MONOTONIC)
                sink &+= run(mode, on: set)
                let cpu = now(CLOCK_THREAD_CPUTIME_ID) - cpu0
                let wall = now(CLOCK_MONOTONIC) - wall0
                spent += cpu
                var tally = tallies["\(set.label)|\(mode.rawValue)", default: Tally()]
                tally.documents += set.raws.count
                tally.bytes += set.bytes
                tally.cpuNanos += cpu
                tally.wallNanos += wall
                tallies["\(set.label)|\(mode.rawValue)"] = tally
            }
            rounds += 1
        }
    }

    if !tsv {
        print("set                 mode        docs   avg KB    docs/s/core   MB/s/core   cpu/wall  µs/doc")
    }
    for set in sets {
        for mode in Mode.allCases {
            guard let tally = tallies["\(set.label)|\(mode.rawValue)"] else { continue }
            let cpu = Double(tally.cpuNanos) / 1e9
            let docsPerSecond = Double(tally.documents) / cpu
            let megabytesPerSecond = Double(tally.bytes) / 1e6 / cpu
            let averageKB = Double(set.bytes) / Double(set.raws.count) / 1024
            let share = Double(tally.cpuNanos) / Double(max(tally.wallNanos, 1))
            let micros = cpu * 1e6 / Double(tally.documents)
            if tsv {
                print(
                    "core\t\(set.label)\t\(mode.rawValue)\t\(tally.documents)\t\(format(averageKB, 1))\t"
                        + "\(format(docsPerSecond, 0))\t\(format(megabytesPerSecond, 2))\t\(format(share, 2))\t"
                        + "\(format(micros, 1))"
                )
            } else {
                print(
                    pad(set.label, 20) + pad(mode.rawValue, 10) + lpad("\(tally.documents)", 6)
                        + lpad(format(averageKB, 1), 9) + lpad(format(docsPerSecond, 0), 15)
                        + lpad(format(megabytesPerSecond, 2), 12) + lpad(format(share, 2), 11)
                        + lpad(format(micros, 1), 8)
                )
            }
        }
    }
    if sink == 42 { print("") }
    return 0
}

/// Writes `message` to standard error (the C `stderr` global is not concurrency-safe in Swift 6).
func printError(_ message: String) {
    let bytes = Array(message.utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

func format(_ value: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    if decimals == 0 { return String(Int(rounded)) }
    let whole = Int(rounded)
    var fraction = String(Int(((rounded - Double(whole)) * scale).rounded()))
    while fraction.count < decimals { fraction = "0" + fraction }
    return "\(whole).\(fraction)"
}

func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
func lpad(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }

exit(main())
