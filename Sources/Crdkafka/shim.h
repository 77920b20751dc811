// The C boundary for librdkafka (Debian's librdkafka-dev 2.0.2).
// Includes plus static inline helpers for what Swift cannot call directly (macros, variadics).
#ifndef CRDKAFKA_SHIM_H
#define CRDKAFKA_SHIM_H

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

#endif
