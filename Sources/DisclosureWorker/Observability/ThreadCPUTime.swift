import CThreadClock

/// The calling thread's CPU time, for measuring synchronous work that never suspends.
///
/// A processing task runs the core on an input without a suspension point, so the task stays on one thread for the
/// whole call and the thread's CPU clock before and after bounds the CPU time the core took. Time the thread spent
/// descheduled (other processes on the same cores) or blocked is not counted, unlike a wall clock.
///
/// `clock_gettime(CLOCK_THREAD_CPUTIME_ID)` has no vDSO path: it is a system call (0.6 µs in a loop, ~2 µs inside the
/// worker on this project's VMs), and two per input were ~2% of the worker's CPU. So a thread reads it once after each of its context switches and,
/// until the next one, adds the monotonic clock's progress (vDSO, ~30 ns): a thread that is not switched out is
/// charged all that time. A perf event on the thread (its user page's sequence moves at every switch) tells when
/// the thread was switched out; see `Sources/CThreadClock`. Where perf events are unavailable
/// (`perf_event_paranoid` 3, a seccomp profile without `perf_event_open`, no `CONFIG_PERF_EVENTS`) every read is the
/// system call, as before; `DISCLOSURE_THREAD_CPU_CLOCK=system-call` makes it so for the whole process.
///
/// Exact but for two things the kernel leaves out of a thread's CPU time and the monotonic clock does not, both
/// inside one run between switches: time a hypervisor took the vCPU away (steal, with `PARAVIRT_TIME_ACCOUNTING`)
/// and interrupts (with `IRQ_TIME_ACCOUNTING`). /proc/stat's `steal` and `irq` columns bound them; readings never go
/// backwards, and the next switch re-bases the clock on the kernel's value.
public enum ThreadCPUTime {
    /// How the calling thread reads its clock.
    public enum Reading: Sendable, Equatable {
        /// Not read yet on this thread.
        case unset
        /// Without a system call between context switches.
        case betweenSwitches
        /// With a system call every time.
        case systemCall
    }

    /// The calling thread's CPU time so far, in nanoseconds (never less than its previous reading).
    @inline(__always)
    public static func nanoseconds() -> UInt64 { cthreadclock_nanoseconds() }

    /// How the calling thread reads its clock (after its first reading).
    public static var reading: Reading {
        switch cthreadclock_mode() {
        case CTHREADCLOCK_SWITCH_PAGE: .betweenSwitches
        case CTHREADCLOCK_SYSTEM_CALL: .systemCall
        default: .unset
        }
    }

    /// Makes the calling thread read with a system call from now on (the fallback, forced: tests compare it).
    public static func useSystemCallOnThisThread() { cthreadclock_use_system_call() }

    /// System calls the calling thread's readings made so far.
    public static var systemCallsOnThisThread: UInt64 { cthreadclock_system_calls() }
}
