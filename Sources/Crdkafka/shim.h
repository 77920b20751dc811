// The C boundary for librdkafka (Debian's librdkafka-dev 2.0.2).
// Includes plus static inline helpers for what Swift cannot call directly (macros, variadics).
#ifndef CRDKAFKA_SHIM_H
#define CRDKAFKA_SHIM_H

#include <errno.h>
#include <sched.h>
#include <stdint.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

/// `RD_KAFKA_PARTITION_UA` is a macro; Swift cannot import it.
static const int32_t crdkafka_partition_unassigned = RD_KAFKA_PARTITION_UA;

/// `RD_KAFKA_OFFSET_*` are macros.
static const int64_t crdkafka_offset_beginning = RD_KAFKA_OFFSET_BEGINNING;
static const int64_t crdkafka_offset_end = RD_KAFKA_OFFSET_END;
static const int64_t crdkafka_offset_stored = RD_KAFKA_OFFSET_STORED;
static const int64_t crdkafka_offset_invalid = RD_KAFKA_OFFSET_INVALID;

/// `rd_kafka_mock_broker_push_request_error_rtts` is variadic: one (error, round-trip time) entry for broker
/// `broker_id`'s next request of type `api_key` (`RD_KAFKA_RESP_ERR_NO_ERROR`: answered normally, `rtt_ms` late).
static inline rd_kafka_resp_err_t crdkafka_mock_broker_push_request_error_rtt(rd_kafka_mock_cluster_t *cluster,
                                                                              int32_t broker_id, int16_t api_key,
                                                                              rd_kafka_resp_err_t error,
                                                                              int32_t rtt_ms) {
    return rd_kafka_mock_broker_push_request_error_rtts(cluster, broker_id, api_key, 1, error, rtt_ms);
}

/// Linux's policy numbers: <sched.h> shows `SCHED_BATCH` and `SCHED_IDLE` only under `_GNU_SOURCE`.
static const int crdkafka_sched_other = 0;
static const int crdkafka_sched_batch = 3;

/// Sets the calling thread's scheduling policy (Linux: `sched_setscheduler(0, ...)` applies to the calling thread,
/// not the process) with priority 0, which `SCHED_OTHER`, `SCHED_BATCH` and `SCHED_IDLE` require; no privilege is
/// needed for these. Returns 0 or an errno value; ENOSYS where there is no such call.
static inline int crdkafka_set_current_thread_policy(int policy) {
#if defined(__linux__)
    struct sched_param parameter = {0};
    return sched_setscheduler(0, policy, &parameter) == 0 ? 0 : errno;
#else
    (void)policy;
    return ENOSYS;
#endif
}

/// librdkafka's `on_thread_start` interceptor: each librdkafka thread (main, broker, background) sets its own policy
/// as it starts; `opaque` carries the policy. A failure is ignored (the thread keeps the creator's policy).
static inline rd_kafka_resp_err_t crdkafka_thread_policy_on_thread_start(rd_kafka_t *client,
                                                                         rd_kafka_thread_type_t type,
                                                                         const char *name, void *opaque) {
    (void)client;
    (void)type;
    (void)name;
    (void)crdkafka_set_current_thread_policy((int)(intptr_t)opaque);
    return RD_KAFKA_RESP_ERR_NO_ERROR;
}

/// librdkafka's `on_new` interceptor: adds the `on_thread_start` one to each new client (interceptors on a client
/// can only be added from here), before rd_kafka_new starts its threads.
static inline rd_kafka_resp_err_t crdkafka_thread_policy_on_new(rd_kafka_t *client, const rd_kafka_conf_t *conf,
                                                                void *opaque, char *error, size_t error_size) {
    (void)conf;
    (void)error;
    (void)error_size;
    return rd_kafka_interceptor_add_on_thread_start(client, "disclosure.thread-policy",
                                                    crdkafka_thread_policy_on_thread_start, opaque);
}

/// Has every thread of the clients made from `conf` run under scheduling `policy` (a `SCHED_*` value).
static inline rd_kafka_resp_err_t crdkafka_conf_set_thread_policy(rd_kafka_conf_t *conf, int policy) {
    return rd_kafka_conf_interceptor_add_on_new(conf, "disclosure.thread-policy", crdkafka_thread_policy_on_new,
                                                (void *)(intptr_t)policy);
}

#endif
