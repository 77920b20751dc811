// The calling thread's CPU time without a system call per read, for DisclosureWorker's per-input CPU counter
// (Sources/DisclosureWorker/Observability/ThreadCPUTime.swift says what the reading means and where it is an
// estimate). clock_gettime(CLOCK_THREAD_CPUTIME_ID) is a system call (no vDSO path): ~2-3 us each in a VM, twice
// per input.
#ifndef CTHREADCLOCK_H
#define CTHREADCLOCK_H

#include <stdint.h>

/// The calling thread's CPU time so far, in nanoseconds; never less than this thread's previous reading.
uint64_t cthreadclock_nanoseconds(void);

/// How the calling thread reads its clock: not yet (before its first reading), between context switches without a
/// system call (perf event page + the vDSO's monotonic clock), or clock_gettime(CLOCK_THREAD_CPUTIME_ID) every time.
#define CTHREADCLOCK_UNSET 0
#define CTHREADCLOCK_SWITCH_PAGE 1
#define CTHREADCLOCK_SYSTEM_CALL 2
int cthreadclock_mode(void);

/// From now on the calling thread reads with a system call every time (tests force the fallback with it).
void cthreadclock_use_system_call(void);

/// clock_gettime(CLOCK_THREAD_CPUTIME_ID) calls this thread's readings made so far.
uint64_t cthreadclock_system_calls(void);

#endif
