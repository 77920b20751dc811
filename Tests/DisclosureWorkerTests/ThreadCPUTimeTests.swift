import DisclosureWorker
import Glibc
import Testing

/// ``ThreadCPUTime`` against the kernel's thread clock (`clock_gettime(CLOCK_THREAD_CPUTIME_ID)`, the path it
/// replaces) on generated busy loops. Every measurement runs on a thread of its own: the clock's state is per thread,
/// and a test must neither force the fallback on, nor pin, a thread the test runner shares.
///
/// Tolerances are CPU time, never wall time: the fast path may count what the kernel leaves out of a thread's CPU
/// time within a run between switches (a hypervisor's steal, interrupt time), so they allow 1% of the CPU time
/// measured, 2 ms, and every tick of steal and interrupt time /proc/stat shows over the measurement, on all CPUs.
@Suite struct ThreadCPUTimeTests {
    /// The kernel's thread clock, read directly.
    private static func kernelNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// Burns `nanoseconds` of this thread's CPU time (by the kernel's clock) in arithmetic; returns its result so
    /// that the loop stays.
    @inline(never)
    private static func spin(cpu nanoseconds: UInt64) -> UInt64 {
        let end = kernelNanoseconds() + nanoseconds
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        while kernelNanoseconds() < end {
            for _ in 0..<20_000 { state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407 }
        }
        return state
    }

    /// Steal and interrupt time so far on all CPUs, in nanoseconds (/proc/stat's `irq`, `softirq` and `steal`
    /// columns), rounded up by one tick per column; 0 where /proc/stat is absent.
    private static func stolenOrInterruptedNanoseconds() -> UInt64 {
        guard let file = fopen("/proc/stat", "r") else { return 0 }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 512)
        guard fgets(&line, Int32(line.count), file) != nil else { return 0 }
        let fields = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            .split { $0 == " " || $0 == "\n" }.dropFirst().compactMap { UInt64($0) }
        guard fields.count >= 8 else { return 0 }
        let ticks = fields[5] + fields[6] + fields[7] + 3
        return ticks * (1_000_000_000 / UInt64(sysconf(Int32(_SC_CLK_TCK))))
    }

    /// How far ``ThreadCPUTime`` may stray from the kernel's clock over `cpu` nanoseconds that started when
    /// ``stolenOrInterruptedNanoseconds()`` was `stolenBefore`.
    private static func tolerance(cpu: UInt64, stolenBefore: UInt64) -> UInt64 {
        cpu / 100 + 2_000_000 + (stolenOrInterruptedNanoseconds() &- stolenBefore)
    }

    /// Starts `body` on a new thread.
    private static func startThread(_ body: @escaping () -> Void) -> pthread_t {
        var thread = pthread_t()
        let created = pthread_create(
            &thread,
            nil,
            { context in
                Unmanaged<ThreadBody>.fromOpaque(context!).takeRetainedValue().run()
                return nil
            },
            Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        )
        precondition(created == 0)
        return thread
    }

    /// Runs `body` on a new thread and waits for it.
    private static func onOwnThread(_ body: @escaping () -> Void) {
        pthread_join(startThread(body), nil)
    }

    /// Readings across busy loops: ``ThreadCPUTime``'s and the kernel's, each taken right after the other.
    private struct Trace {
        var clock: [UInt64] = []
        var kernel: [UInt64] = []
        var stolenBefore: UInt64 = 0

        mutating func read() {
            clock.append(ThreadCPUTime.nanoseconds())
            kernel.append(kernelNanoseconds())
        }

        /// Busy loops of 1 to 8 ms (a seeded choice), with readings between them.
        static func busyLoops(count: Int, seed: UInt64) -> Trace {
            var trace = Trace()
            trace.stolenBefore = stolenOrInterruptedNanoseconds()
            var random = seed
            var sink: UInt64 = 0
            trace.read()
            for _ in 0..<count {
                random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                sink &+= spin(cpu: 1_000_000 + (random >> 33) % 7_000_000)
                trace.read()
            }
            precondition(sink != 1)
            return trace
        }

        var isMonotonic: Bool { zip(clock, clock.dropFirst()).allSatisfy { $0 <= $1 } }
        var clockTotal: UInt64 { clock.last! - clock.first! }
        var kernelTotal: UInt64 { kernel.last! - kernel.first! }
        var agrees: Bool {
            let difference = clockTotal > kernelTotal ? clockTotal - kernelTotal : kernelTotal - clockTotal
            return difference <= ThreadCPUTimeTests.tolerance(cpu: kernelTotal, stolenBefore: stolenBefore)
        }
    }

    /// What a test's thread measured.
    private final class Result {
        var trace = Trace()
        var reading = ThreadCPUTime.Reading.unset
        var pinned = false
    }

    @Test func agreesWithTheKernelsClockOnBusyLoops() {
        let result = Result()
        Self.onOwnThread {
            result.trace = Trace.busyLoops(count: 24, seed: 7)
            result.reading = ThreadCPUTime.reading
        }
        #expect(result.reading != .unset)
        #expect(result.trace.isMonotonic)
        #expect(result.trace.kernelTotal >= 24_000_000)
        #expect(result.trace.agrees, "clock \(result.trace.clockTotal) ns, kernel \(result.trace.kernelTotal) ns")
    }

    @Test func theForcedFallbackIsTheKernelsClock() {
        let result = Result()
        var systemCalls: (before: UInt64, after: UInt64) = (0, 0)
        var sandwiched = true
        Self.onOwnThread {
            _ = ThreadCPUTime.nanoseconds()
            ThreadCPUTime.useSystemCallOnThisThread()
            result.reading = ThreadCPUTime.reading
            systemCalls.before = ThreadCPUTime.systemCallsOnThisThread
            result.trace = Trace.busyLoops(count: 8, seed: 11)
            systemCalls.after = ThreadCPUTime.systemCallsOnThisThread
            // Between two readings of the kernel's clock, the fallback's reading lies between them.
            for _ in 0..<1_000 {
                let before = Self.kernelNanoseconds()
                let reading = ThreadCPUTime.nanoseconds()
                let after = Self.kernelNanoseconds()
                if reading < before || reading > after { sandwiched = false }
            }
        }
        #expect(result.reading == .systemCall)
        #expect(systemCalls.after - systemCalls.before == 9)  // one per reading
        #expect(result.trace.isMonotonic)
        #expect(result.trace.agrees, "clock \(result.trace.clockTotal) ns, kernel \(result.trace.kernelTotal) ns")
        #expect(sandwiched)
    }

    @Test func timeBlockedOrAsleepIsNotCounted() {
        var clock: UInt64 = 0
        var kernel: UInt64 = 0
        var stolenBefore: UInt64 = 0
        Self.onOwnThread {
            _ = Self.spin(cpu: 2_000_000)  // a run before the sleep, whose end the sleep interrupts
            stolenBefore = Self.stolenOrInterruptedNanoseconds()
            let start = (ThreadCPUTime.nanoseconds(), Self.kernelNanoseconds())
            usleep(50_000)
            clock = ThreadCPUTime.nanoseconds() - start.0
            kernel = Self.kernelNanoseconds() - start.1
        }
        // A wall clock would show the 50 ms.
        #expect(clock <= kernel + Self.tolerance(cpu: kernel, stolenBefore: stolenBefore), "clock \(clock) ns")
    }

    /// `sched_getaffinity` / `sched_setaffinity` (GNU, not in the Glibc module).
    private typealias Affinity = @convention(c) (pid_t, Int, UnsafeMutableRawPointer) -> Int32

    /// Pins the calling thread to the first CPU it may run on; false where it cannot.
    private static func pinToOneCPU() -> Bool {
        guard let get = dlsym(nil, "sched_getaffinity"), let set = dlsym(nil, "sched_setaffinity") else { return false }
        var mask = [UInt64](repeating: 0, count: 16)
        let size = mask.count * MemoryLayout<UInt64>.size
        guard (mask.withUnsafeMutableBytes { unsafeBitCast(get, to: Affinity.self)(0, size, $0.baseAddress!) }) == 0,
            let word = mask.firstIndex(where: { $0 != 0 })
        else { return false }
        let bit = mask[word].trailingZeroBitCount
        mask = mask.indices.map { $0 == word ? UInt64(1) << bit : 0 }
        return (mask.withUnsafeMutableBytes { unsafeBitCast(set, to: Affinity.self)(0, size, $0.baseAddress!) }) == 0
    }

    @Test func countsOnlyThisThreadsTimeWhenAnotherSharesItsCore() {
        // Two threads pinned to one CPU, both busy: each runs about half the wall time, and each one's clock must
        // show its own CPU time, not the wall time it spent switched out while the other ran.
        let first = Result()
        let second = Result()
        func pinned(_ result: Result, seed: UInt64) -> () -> Void {
            {
                result.pinned = Self.pinToOneCPU()
                result.trace = Trace.busyLoops(count: 16, seed: seed)
            }
        }
        let other = Self.startThread(pinned(second, seed: 5))
        Self.onOwnThread(pinned(first, seed: 3))
        pthread_join(other, nil)
        for result in [first, second] {
            #expect(result.pinned)
            #expect(result.trace.isMonotonic)
            #expect(result.trace.agrees, "clock \(result.trace.clockTotal) ns, kernel \(result.trace.kernelTotal) ns")
        }
    }

    @Test func readsWithoutASystemCallUntilTheThreadIsSwitchedOut() {
        var reading = ThreadCPUTime.Reading.unset
        var systemCalls: UInt64 = 0
        var switches = 0
        Self.onOwnThread {
            _ = ThreadCPUTime.nanoseconds()  // sets the clock up
            reading = ThreadCPUTime.reading
            var usage = rusage()
            getrusage(__rusage_who_t(1), &usage)  // RUSAGE_THREAD
            let switchesBefore = usage.ru_nvcsw + usage.ru_nivcsw
            _ = ThreadCPUTime.nanoseconds()  // a base, after any switch before the count
            let before = ThreadCPUTime.systemCallsOnThisThread
            var sink: UInt64 = 0
            for _ in 0..<10_000 { sink &+= ThreadCPUTime.nanoseconds() }
            systemCalls = ThreadCPUTime.systemCallsOnThisThread - before
            getrusage(__rusage_who_t(1), &usage)  // RUSAGE_THREAD
            switches = usage.ru_nvcsw + usage.ru_nivcsw - switchesBefore
            precondition(sink != 1)
        }
        // Without perf events (perf_event_paranoid 3, a seccomp profile) every reading is a system call, as before.
        guard reading == .betweenSwitches else { return }
        // One new base per switch at most.
        #expect(systemCalls <= UInt64(switches), "\(systemCalls) system calls, \(switches) switches")
    }
}

/// A thread's body, handed to `pthread_create`.
private final class ThreadBody {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}
