// The calling thread's CPU time, read without a system call while the thread is not switched out.
//
// While a thread runs without a context switch, its CPU time grows exactly as the monotonic clock does (the kernel
// charges it the whole time; see ThreadCPUTime.swift for interrupts and a hypervisor's steal). So one
// clock_gettime(CLOCK_THREAD_CPUTIME_ID) after a switch gives a base, and later readings add the monotonic clock's
// progress (vDSO, no system call) until the next switch. A switch is seen in the user page of a perf event on the
// thread: the kernel rewrites the page, bumping its `lock` sequence, whenever it schedules the event in or out,
// i.e. at every context switch of the thread (include/uapi/linux/perf_event.h). The page's own timing fields would
// make the base unnecessary, but they need cap_user_time, which the kernel clears when sched_clock is not the TSC
// (kvm-clock, as on this project's hosts), so only the sequence is used.
//
// Any failure (no perf events, perf_event_paranoid, seccomp, a kernel that does not rewrite the page at a switch)
// leaves the thread on clock_gettime for every read, as before.
#define _GNU_SOURCE
#include "CThreadClock.h"

#include <time.h>

#if defined(__linux__)
#include <linux/perf_event.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

struct thread_clock {
    int mode;
#if defined(__linux__)
    int fd;
    const volatile struct perf_event_mmap_page *page;
    /// The page's sequence when the base was read: if it moved, the thread was switched out since.
    uint32_t sequence;
    /// Thread CPU time and monotonic time, read together after the last switch.
    uint64_t base_cpu, base_monotonic;
#endif
    uint64_t last, system_calls;
};

static __thread struct thread_clock thread_clock;

static uint64_t nanoseconds(const struct timespec *time) {
    return (uint64_t)time->tv_sec * 1000000000u + (uint64_t)time->tv_nsec;
}

static uint64_t system_call(struct thread_clock *clock) {
    struct timespec time;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time);
    clock->system_calls += 1;
    return nanoseconds(&time);
}

static uint64_t never_backwards(struct thread_clock *clock, uint64_t value) {
    if (value < clock->last) return clock->last;
    clock->last = value;
    return value;
}

#if defined(__linux__)
#define barrier() __asm__ __volatile__("" ::: "memory")

static uint64_t monotonic(void) {
    struct timespec time;
    clock_gettime(CLOCK_MONOTONIC_RAW, &time);
    return nanoseconds(&time);
}

static pthread_key_t release_key;
static pthread_once_t process_once = PTHREAD_ONCE_INIT;
static int release_key_made;
/// DISCLOSURE_THREAD_CPU_CLOCK=system-call: every thread reads with the system call (an operator's way out, and
/// the same binary's "before" in benchmarks).
static int system_call_only;

static void release_page(struct thread_clock *clock) {
    if (clock->page) munmap((void *)(uintptr_t)clock->page, (size_t)sysconf(_SC_PAGESIZE));
    if (clock->fd >= 0) close(clock->fd);
    clock->page = NULL;
    clock->fd = -1;
    clock->mode = CTHREADCLOCK_SYSTEM_CALL;
}

/// At thread exit: the event and its page would outlive the thread (the fd is the process's).
static void release_at_exit(void *clock) { release_page((struct thread_clock *)clock); }

/// In a forked child the mapping is the parent thread's event, and the child's only thread has a CPU clock of its
/// own, starting near 0: it starts over.
static void start_over_in_child(void) {
    struct thread_clock *clock = &thread_clock;
    if (clock->mode == CTHREADCLOCK_SWITCH_PAGE) {
        pthread_setspecific(release_key, NULL);
        release_page(clock);
    }
    clock->mode = CTHREADCLOCK_UNSET;
    clock->last = 0;
    clock->system_calls = 0;
}

static void set_up_process(void) {
    const char *choice = getenv("DISCLOSURE_THREAD_CPU_CLOCK");
    system_call_only = choice != NULL && strcmp(choice, "system-call") == 0;
    release_key_made = pthread_key_create(&release_key, release_at_exit) == 0 &&
                       pthread_atfork(NULL, NULL, start_over_in_child) == 0;
}

/// Opens the thread's perf event and maps its page; checks that a context switch moves the page's sequence.
static void set_up(struct thread_clock *clock) {
    clock->mode = CTHREADCLOCK_SYSTEM_CALL;
    clock->fd = -1;
    clock->page = NULL;
    pthread_once(&process_once, set_up_process);
    if (system_call_only || !release_key_made) return;

    // A software event on this thread only; user-space only, so perf_event_paranoid 2 allows it unprivileged.
    // Its count is never read: only the page's sequence is.
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.type = PERF_TYPE_SOFTWARE;
    attr.config = PERF_COUNT_SW_TASK_CLOCK;
    attr.exclude_kernel = 1;
    attr.exclude_hv = 1;
    int fd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
    if (fd < 0) return;
    void *page = mmap(NULL, (size_t)sysconf(_SC_PAGESIZE), PROT_READ, MAP_SHARED, fd, 0);
    if (page == MAP_FAILED) {
        close(fd);
        return;
    }
    clock->fd = fd;
    clock->page = (const volatile struct perf_event_mmap_page *)page;
    if (pthread_setspecific(release_key, clock) != 0) {
        release_page(clock);
        return;
    }
    // A short sleep always switches the thread out: the sequence must move, or the page cannot tell.
    uint32_t before = clock->page->lock;
    struct timespec nap = {0, 1000};
    nanosleep(&nap, NULL);
    barrier();
    if (clock->page->lock == before) {
        release_page(clock);
        return;
    }
    clock->mode = CTHREADCLOCK_SWITCH_PAGE;
    clock->sequence = clock->page->lock + 1;  // differs from the page's: the first reading takes a base
}

uint64_t cthreadclock_nanoseconds(void) {
    struct thread_clock *clock = &thread_clock;
    if (__builtin_expect(clock->mode == CTHREADCLOCK_UNSET, 0)) set_up(clock);
    if (clock->mode != CTHREADCLOCK_SWITCH_PAGE) return never_backwards(clock, system_call(clock));

    uint64_t now = monotonic();
    barrier();  // the sequence is read after the clock: a switch before `now` shows in it
    uint32_t sequence = clock->page->lock;
    if (__builtin_expect(sequence == clock->sequence, 1))
        return never_backwards(clock, clock->base_cpu + (now - clock->base_monotonic));
    // Switched out since the base (or the first reading): a new base. The sequence was read before it, so a switch
    // during these two reads shows at the next reading.
    clock->sequence = sequence;
    clock->base_cpu = system_call(clock);
    clock->base_monotonic = monotonic();
    return never_backwards(clock, clock->base_cpu);
}

void cthreadclock_use_system_call(void) {
    struct thread_clock *clock = &thread_clock;
    if (clock->mode == CTHREADCLOCK_SWITCH_PAGE) {
        pthread_setspecific(release_key, NULL);
        release_page(clock);
    }
    clock->mode = CTHREADCLOCK_SYSTEM_CALL;
}

#else

uint64_t cthreadclock_nanoseconds(void) {
    struct thread_clock *clock = &thread_clock;
    clock->mode = CTHREADCLOCK_SYSTEM_CALL;
    return never_backwards(clock, system_call(clock));
}

void cthreadclock_use_system_call(void) { thread_clock.mode = CTHREADCLOCK_SYSTEM_CALL; }

#endif

int cthreadclock_mode(void) { return thread_clock.mode; }

uint64_t cthreadclock_system_calls(void) { return thread_clock.system_calls; }
