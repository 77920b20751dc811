// C11 threads over pthreads, preloaded (LD_PRELOAD) into the ThreadSanitizer runs of scripts/sanitize-kafka.
//
// librdkafka 2.0.2 (Debian's build) makes its threads with glibc's C11 `thrd_create` and locks with `mtx_*`/`cnd_*`.
// ThreadSanitizer's runtime (clang 21, this toolchain) intercepts the pthread functions but none of these, and
// glibc implements them with internal calls that bypass the pthread interceptors. So a librdkafka thread was unknown
// to TSan: the first instrumented code it ran (our delivery-report, log or rebalance callback) segfaulted on the
// missing thread state (PLATFORM.md §7), and librdkafka's locks gave TSan no happens-before edge.
//
// Each function below does what glibc's does (nptl/thrd_create.c, mtx_init.c, cnd_timedwait.c, call_once.c: the
// C11 types are the pthread ones under another name), through the exported pthread function, which resolves to the
// TSan interceptor in the instrumented executable. Preloaded, these definitions come before libc's for librdkafka's
// unversioned-definition lookup. Uninstrumented processes (kcat) get plain pthreads: the same behaviour.
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <threads.h>

_Static_assert(sizeof(mtx_t) == sizeof(pthread_mutex_t), "mtx_t is a pthread_mutex_t");
_Static_assert(sizeof(cnd_t) == sizeof(pthread_cond_t), "cnd_t is a pthread_cond_t");
_Static_assert(sizeof(thrd_t) == sizeof(pthread_t), "thrd_t is a pthread_t");
_Static_assert(sizeof(once_flag) == sizeof(pthread_once_t), "once_flag is a pthread_once_t");

// glibc's mapping of pthread error numbers to C11 results (thrd_err_map in nptl/thrd_priv.h).
static int result(int error) {
  switch (error) {
  case 0: return thrd_success;
  case ENOMEM: return thrd_nomem;
  case ETIMEDOUT: return thrd_timedout;
  case EBUSY: return thrd_busy;
  default: return thrd_error;
  }
}

// A C11 start routine and its argument, for the pthread one that runs it.
struct start {
  thrd_start_t routine;
  void *argument;
};

// Runs the C11 routine; its int result becomes the thread's value (thrd_join reads it back as an int).
static void *run(void *context) {
  struct start start = *(struct start *)context;
  free(context);
  return (void *)(intptr_t)start.routine(start.argument);
}

int thrd_create(thrd_t *thread, thrd_start_t routine, void *argument) {
  struct start *context = malloc(sizeof *context);
  if (!context) return thrd_nomem;
  *context = (struct start){routine, argument};
  int error = pthread_create((pthread_t *)thread, NULL, run, context);
  if (error) free(context);
  return error == EAGAIN ? thrd_nomem : result(error);
}

int thrd_join(thrd_t thread, int *status) {
  void *value;
  int error = pthread_join((pthread_t)thread, &value);
  if (error == 0 && status) *status = (int)(intptr_t)value;
  return result(error);
}

int mtx_init(mtx_t *mutex, int type) {
  pthread_mutexattr_t attributes;
  pthread_mutexattr_init(&attributes);
  if (type & mtx_recursive) pthread_mutexattr_settype(&attributes, PTHREAD_MUTEX_RECURSIVE);
  int error = pthread_mutex_init((pthread_mutex_t *)mutex, &attributes);
  pthread_mutexattr_destroy(&attributes);
  return result(error);
}

int mtx_lock(mtx_t *mutex) { return result(pthread_mutex_lock((pthread_mutex_t *)mutex)); }
int mtx_trylock(mtx_t *mutex) { return result(pthread_mutex_trylock((pthread_mutex_t *)mutex)); }
int mtx_unlock(mtx_t *mutex) { return result(pthread_mutex_unlock((pthread_mutex_t *)mutex)); }
void mtx_destroy(mtx_t *mutex) { pthread_mutex_destroy((pthread_mutex_t *)mutex); }

int cnd_init(cnd_t *condition) { return result(pthread_cond_init((pthread_cond_t *)condition, NULL)); }
int cnd_signal(cnd_t *condition) { return result(pthread_cond_signal((pthread_cond_t *)condition)); }
int cnd_broadcast(cnd_t *condition) { return result(pthread_cond_broadcast((pthread_cond_t *)condition)); }
void cnd_destroy(cnd_t *condition) { pthread_cond_destroy((pthread_cond_t *)condition); }

int cnd_wait(cnd_t *condition, mtx_t *mutex) {
  return result(pthread_cond_wait((pthread_cond_t *)condition, (pthread_mutex_t *)mutex));
}

int cnd_timedwait(cnd_t *condition, mtx_t *mutex, const struct timespec *deadline) {
  return result(pthread_cond_timedwait((pthread_cond_t *)condition, (pthread_mutex_t *)mutex, deadline));
}

void call_once(once_flag *flag, void (*function)(void)) { pthread_once((pthread_once_t *)flag, function); }
