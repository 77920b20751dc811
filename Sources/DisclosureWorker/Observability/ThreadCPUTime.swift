import Glibc

/// The calling thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`), for measuring synchronous work that never suspends.
///
/// A processing task runs the core on an input without a suspension point, so the task stays on one thread for the
/// whole call and the thread's CPU clock before and after bounds exactly the CPU time the core took. Time the thread
/// spent descheduled (other processes on the same cores) is not counted, unlike a wall clock.
enum ThreadCPUTime {
    /// The calling thread's CPU time so far, in nanoseconds.
    static func nanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
