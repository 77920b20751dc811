// swift-tools-version:6.1
//
// disclosure-worker: Chinese public-budget disclosures in, checked structured data out, over Kafka.
// Dependencies point one way: CLI -> Worker -> {DisclosureKafka, DisclosureCore}; Core depends on none of ours
// but the C-library leaf targets (HTML via libxml2).
import PackageDescription

let upcomingFeatures: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "disclosure-worker",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "disclosure-worker", targets: ["DisclosureWorkerCLI"]),
        .library(name: "DisclosureCore", targets: ["DisclosureCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // MARK: - C libraries (system)
        .systemLibrary(
            name: "Crdkafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(
            name: "CPoppler",
            pkgConfig: "poppler-glib",
            providers: [.apt(["libpoppler-glib-dev"])]
        ),
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),

        // MARK: - HTML to text (libxml2; kept apart from Foundation, whose bundled ICU clashes with libxml2's)
        .target(
            name: "DisclosureHTML",
            dependencies: ["CLibXML2"],
            swiftSettings: upcomingFeatures
        ),

        // MARK: - PDF to layout text (poppler's GLib API; no C type leaves the module)
        .target(
            name: "DisclosurePDF",
            dependencies: ["CPoppler", "CCrypto", "DisclosureCore"],
            swiftSettings: upcomingFeatures
        ),

        // MARK: - SHA-256 blocks with the x86 SHA extensions (the ids; the portable code is Swift, in the core)
        .target(name: "CSHA256"),

        // MARK: - The calling thread's CPU time without a system call per read (the worker's per-input CPU counter)
        .target(name: "CThreadClock"),

        // MARK: - Shared pure-Swift core: decode, parse, normalize, rules, JSON, ids
        .target(
            name: "DisclosureCore",
            dependencies: [
                "CSHA256",
                "DisclosureHTML",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: upcomingFeatures
        ),

        // MARK: - Thin librdkafka wrapper (the only module that imports Crdkafka)
        .target(
            name: "DisclosureKafka",
            dependencies: [
                "Crdkafka",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcomingFeatures
        ),

        // MARK: - Supervisor and pipeline
        .target(
            name: "DisclosureWorker",
            dependencies: [
                "CThreadClock",
                "DisclosureCore",
                "DisclosurePDF",
                "DisclosureKafka",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: upcomingFeatures
        ),

        // MARK: - Command line: `disclosure-worker parse|run|dev-broker|publish|tail|replay-dlq`
        .executableTarget(
            name: "DisclosureWorkerCLI",
            dependencies: [
                "DisclosureCore",
                "DisclosurePDF",
                "DisclosureKafka",
                "DisclosureWorker",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcomingFeatures,
            // mimalloc replaces glibc's malloc in the worker process only (the core library stays allocator-agnostic):
            // per-thread heaps and cross-thread frees without arena locks, where ~10 threads shared glibc's arenas
            // (docs/BENCHMARKS.md, "The allocator"). Debian: libmimalloc-dev (scripts/setup, deploy/Dockerfile).
            linkerSettings: [.linkedLibrary("mimalloc", .when(platforms: [.linux]))]
        ),

        // MARK: - Benchmarks: the core alone on generated documents (scripts/bench; no benchmark framework, CI stays fast)
        .executableTarget(
            name: "DisclosureBench",
            dependencies: ["DisclosureCore"],
            path: "benchmarks/DisclosureBench",
            swiftSettings: upcomingFeatures
        ),

        // MARK: - Tests
        // What several test targets share (the seeded generator): a plain target, not in any product, that only test
        // targets depend on; it lives under Tests/, hence the path.
        .target(
            name: "DisclosureTestSupport",
            path: "Tests/DisclosureTestSupport",
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "DisclosureCoreTests",
            dependencies: ["DisclosureCore", "DisclosureHTML", "DisclosureTestSupport"],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "DisclosureCore",
                "DisclosureKafka",
                "DisclosureWorker",
                "DisclosureTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Support/kafka_tool.py"],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "DisclosureWorkerTests",
            dependencies: [
                "DisclosureCore",
                "DisclosureKafka",
                "DisclosureWorker",
                "DisclosureTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "DisclosurePDFTests",
            dependencies: ["DisclosurePDF", "DisclosureCore", "DisclosureWorker"],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "DisclosureKafkaTests",
            dependencies: [
                "DisclosureKafka",
                "DisclosureTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcomingFeatures
        ),
    ],
    swiftLanguageModes: [.v6]
)

// MARK: - Fuzzing (scripts/fuzz): libFuzzer over the core, declared only when asked, so that `swift build` and CI
// never see it (libFuzzer supplies `main`, so the target links only under `--sanitize fuzzer`).
if Context.environment["DISCLOSURE_FUZZ"] == "1" {
    package.targets.append(
        .executableTarget(
            name: "DisclosureFuzz",
            dependencies: ["DisclosureCore", "DisclosurePDF"],
            path: "fuzz/DisclosureFuzz",
            swiftSettings: upcomingFeatures
        )
    )
}
