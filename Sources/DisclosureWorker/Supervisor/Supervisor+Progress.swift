import Synchronization

extension Supervisor {
    /// Inputs finished (outputs or DLQ copy acknowledged) since the start.
    public var finishedInputs: Int { shared.withLock { $0.finishedInputs } }

    /// Returns once `count` inputs in total have finished (outputs or DLQ copy acknowledged): what tests and
    /// tools await instead of sleeping.
    public func waitForFinishedInputs(_ count: Int) async {
        await withCheckedContinuation { continuation in
            let done = shared.withLock { shared in
                if shared.finishedInputs >= count { return true }
                shared.finishedWaiters.append((count, continuation))
                return false
            }
            if done { continuation.resume() }
        }
    }
}
