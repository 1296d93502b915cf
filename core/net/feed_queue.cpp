#include "net/feed_queue.hpp"

namespace flowscope {

bool FeedQueue::push_frame(RawFrame&& frame, std::vector<Trade>& trades, std::int64_t now_us) {
    std::lock_guard lock(mutex_);
    if (pending_.frames.size() >= capacity_) {
        ++dropped_frames_;
        ++hole_frames_;
        hole_trades_ += trades.size();
        return false;
    }
    if (hole_frames_ > 0) {
        FeedEvent gap{FeedEvent::Kind::Gap, now_us,
                      "consumer too slow: " + std::to_string(hole_frames_) + " frames dropped (queue full)"};
        gap.gap_from = last_queued_id_;
        gap.gap_to = !trades.empty() && trades.front().id.number ? *trades.front().id.number : 0;
        gap.missed = hole_trades_;
        pending_.events.push_back(std::move(gap));
        hole_frames_ = hole_trades_ = 0;
    }
    if (!trades.empty() && trades.back().id.number) last_queued_id_ = *trades.back().id.number;
    pending_.frames.push_back(std::move(frame));
    pending_.trades.insert(pending_.trades.end(), trades.begin(), trades.end());
    return true;
}

void FeedQueue::push_event(FeedEvent event) {
    std::lock_guard lock(mutex_);
    pending_.events.push_back(std::move(event));
}

void FeedQueue::drain(FeedBatch& out) {
    std::lock_guard lock(mutex_);
    auto append = [](auto& to, auto& from) {
        if (to.empty()) to.swap(from);
        else {
            to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
            from.clear();
        }
    };
    append(out.frames, pending_.frames);
    append(out.trades, pending_.trades);
    append(out.events, pending_.events);
}

std::uint64_t FeedQueue::dropped_frames() const {
    std::lock_guard lock(mutex_);
    return dropped_frames_;
}

}  // namespace flowscope
