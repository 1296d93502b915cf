#pragma once
// The hand-over between the network thread and the consumer: a bounded queue of frames with
// their trades, plus events, behind one mutex held only for a push or a move. Policy: drop
// newest (see live_feed.hpp); a Gap event reports each hole once the queue has room again.
#include <cstdint>
#include <mutex>
#include <vector>

#include "net/live_feed.hpp"

namespace flowscope {

class FeedQueue {
public:
    explicit FeedQueue(std::size_t capacity_frames) : capacity_(capacity_frames ? capacity_frames : 1) {}

    // Queues a frame and the trades parsed from it, or drops both when full. False when dropped.
    bool push_frame(RawFrame&& frame, std::vector<Trade>& trades, std::int64_t now_us);
    void push_event(FeedEvent event);
    void drain(FeedBatch& out);
    std::uint64_t dropped_frames() const;

private:
    std::size_t capacity_;
    mutable std::mutex mutex_;
    FeedBatch pending_;
    std::uint64_t dropped_frames_ = 0;
    // The hole being dropped right now, reported when the queue accepts a frame again.
    std::uint64_t hole_frames_ = 0, hole_trades_ = 0;
    std::uint64_t last_queued_id_ = 0;
};

}  // namespace flowscope
