#include "record/batch_pipeline.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>

namespace flowscope::record {

namespace {

// The batches between the two threads: `free` ones for the producer to fill, `ready` ones for the
// consumer, in the order they were filled.
class BatchQueue {
public:
    explicit BatchQueue(const BatchPipelineOptions& options) : slots_(std::max<std::size_t>(1, options.batches_in_flight)) {
        for (auto& slot : slots_) {
            slot.reserve(options.batch_trades);
            free_.push_back(&slot);
        }
    }

    // A batch to fill; null once the consumer has stopped.
    std::vector<Trade>* take_free() {
        std::unique_lock lock(mutex_);
        free_changed_.wait(lock, [&] { return !free_.empty() || stopped_; });
        if (stopped_) return nullptr;
        std::vector<Trade>* batch = free_.front();
        free_.pop_front();
        return batch;
    }
    // Hands a filled batch (or none) to the consumer; last: no batch follows.
    void put_ready(std::vector<Trade>* batch, bool last) {
        {
            std::lock_guard lock(mutex_);
            if (batch) ready_.push_back(batch);
            finished_ = finished_ || last;
        }
        ready_changed_.notify_one();
    }
    // The next filled batch; null when the producer has finished and every batch was taken.
    std::vector<Trade>* take_ready() {
        std::unique_lock lock(mutex_);
        ready_changed_.wait(lock, [&] { return !ready_.empty() || finished_; });
        if (ready_.empty()) return nullptr;
        std::vector<Trade>* batch = ready_.front();
        ready_.pop_front();
        return batch;
    }
    void give_back(std::vector<Trade>* batch) {
        {
            std::lock_guard lock(mutex_);
            free_.push_back(batch);
        }
        free_changed_.notify_one();
    }
    // The consumer gives up: the producer's next take_free() returns null.
    void stop() {
        {
            std::lock_guard lock(mutex_);
            stopped_ = true;
        }
        free_changed_.notify_one();
    }

private:
    std::vector<std::vector<Trade>> slots_;
    std::mutex mutex_;
    std::condition_variable free_changed_, ready_changed_;
    std::deque<std::vector<Trade>*> free_, ready_;
    bool finished_ = false;
    bool stopped_ = false;
};

}  // namespace

void run_batch_pipeline(const std::function<bool(std::vector<Trade>&)>& produce,
                        const std::function<void(std::span<const Trade>)>& consume, const BatchPipelineOptions& options) {
    BatchQueue queue(options);
    std::exception_ptr producer_error;
    const auto make_batches = [&] {
        try {
            for (bool more = true; more;) {
                std::vector<Trade>* batch = queue.take_free();
                if (!batch) break;
                batch->clear();
                more = produce(*batch);
                if (batch->empty()) {  // nothing to consume: the slot goes straight back
                    queue.give_back(batch);
                    batch = nullptr;
                }
                queue.put_ready(batch, !more);
            }
        } catch (...) {
            producer_error = std::current_exception();
            queue.put_ready(nullptr, true);
        }
    };
    // The same batches, made and consumed in turn on this thread.
    const auto in_turn = [&] {
        for (std::vector<Trade> batch;; batch.clear()) {
            const bool more = produce(batch);
            if (!batch.empty()) consume(batch);
            if (!more) return;
        }
    };
    if (!options.second_thread) return in_turn();
    std::thread producer;
    try {
        producer = std::thread(make_batches);
    } catch (const std::system_error&) {
        return in_turn();  // no thread to be had (resource limits)
    }
    {
        // Whatever happens while consuming, the producer is stopped and joined before leaving.
        struct Join {
            BatchQueue& queue;
            std::thread& thread;
            ~Join() {
                queue.stop();
                thread.join();
            }
        } join{queue, producer};
        while (std::vector<Trade>* batch = queue.take_ready()) {
            consume(*batch);
            queue.give_back(batch);
        }
    }
    if (producer_error) std::rethrow_exception(producer_error);
}

}  // namespace flowscope::record
