#pragma once
// Two-stage pipeline for replay: one thread makes batches of trades (decoding and parsing frames),
// the calling thread consumes them (aggregating), so a replay takes about as long as the slower
// of the two instead of their sum.
//
// Batches go through a small bounded queue and are consumed in the order they were made, so the
// consumer sees exactly the trades a plain produce/consume loop would show it. The thread lives
// only for one call: nothing runs in the background between calls.
#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "model/trade.hpp"

namespace flowscope::record {

struct BatchPipelineOptions {
    std::size_t batch_trades = 2048;  // capacity reserved per batch (produce decides how many it adds)
    std::size_t batches_in_flight = 16;  // enough to bridge the decoding of a whole block
    bool second_thread = true;  // false: make and consume in turn here (as when no thread can start)
};

// Calls produce(batch) on a second thread with an empty batch until it returns false (after
// filling its last batch), and consume(trades) on this thread with every batch that is not
// empty, in order. An exception from either side stops both; it is rethrown here once the
// second thread has ended (from produce: after the batches made before it were consumed). When
// no thread can be started, the same batches are made and consumed in turn on this thread.
void run_batch_pipeline(const std::function<bool(std::vector<Trade>&)>& produce,
                        const std::function<void(std::span<const Trade>)>& consume,
                        const BatchPipelineOptions& options = {});

}  // namespace flowscope::record
