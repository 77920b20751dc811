import Crdkafka

/// Applies ``KafkaConfiguration/ThreadScheduling`` to librdkafka's threads and to threads of our own.
enum RDKafkaThreadScheduling {
    /// Has every thread librdkafka starts for a client made from `conf` set `scheduling` for itself as it starts
    /// (an `on_thread_start` interceptor, added from an `on_new` one: the shim's C functions). ``normal`` installs
    /// nothing: the threads keep the creating thread's policy, as librdkafka makes them.
    static func install(_ scheduling: KafkaConfiguration.ThreadScheduling, on conf: OpaquePointer) {
        guard let policy = policy(of: scheduling) else { return }
        // Fails only when the same interceptor was already added to `conf`, which then does the same.
        _ = crdkafka_conf_set_thread_policy(conf, policy)
    }

    /// Sets `scheduling` on the calling thread (one of ours, e.g. the producer's delivery-report thread).
    ///
    /// - Returns: 0 or the errno of `sched_setscheduler` (ignored by callers: the thread then keeps its policy).
    @discardableResult
    static func applyToCurrentThread(_ scheduling: KafkaConfiguration.ThreadScheduling) -> Int32 {
        guard let policy = policy(of: scheduling) else { return 0 }
        return crdkafka_set_current_thread_policy(policy)
    }

    /// The `SCHED_*` value to set, or nil to leave the policy alone.
    private static func policy(of scheduling: KafkaConfiguration.ThreadScheduling) -> Int32? {
        switch scheduling {
        case .normal: nil
        case .batch: crdkafka_sched_batch
        }
    }
}
