#include "group/group_merger.hpp"

#include <algorithm>

namespace flowscope {

GroupMerger::GroupMerger(MarketGroup group, std::int64_t max_wait_us)
    : group_(std::move(group)), max_wait_us_(max_wait_us), held_(group_.feeds.size()),
      reached_(group_.feeds.size(), std::numeric_limits<std::int64_t>::min()) {
    latency_.feeds.resize(group_.feeds.size());
}

void GroupMerger::push(std::size_t feed, std::span<const Trade> trades, std::int64_t now_us) {
    const ContractValue& size = group_.feeds[feed].size;
    for (const Trade& t : trades) {
        Held h{t, now_us, t.exchange_time_us < released_time_, false};
        bool inexact = false;
        h.trade.quantity = base_size(t.quantity, size, inexact);
        if (inexact) ++latency_.inexact_sizes;
        if (h.late) {
            FeedLateness& lateness = latency_.feeds[feed];
            ++lateness.late_trades;
            lateness.latest_late_us = std::max(lateness.latest_late_us, released_time_ - t.exchange_time_us);
        }
        reached_[feed] = std::max(reached_[feed], t.exchange_time_us);
        held_[feed].push_back(h);
    }
}

void GroupMerger::reached(std::size_t feed, std::int64_t exchange_time_us) {
    reached_[feed] = std::max(reached_[feed], exchange_time_us);
}

std::int64_t GroupMerger::cutoff_at(std::int64_t now_us) {
    const std::int64_t all_reached = *std::min_element(reached_.begin(), reached_.end());
    // Held trades whose wait has run out: the newest exchange time among them (each feed's held
    // trades arrived in order, so they are at its front).
    std::int64_t waited = std::numeric_limits<std::int64_t>::min();
    for (const std::deque<Held>& feed : held_)
        for (const Held& h : feed) {
            if (now_us - h.arrival_us < max_wait_us_) break;
            waited = std::max(waited, h.trade.exchange_time_us);
        }
    const std::int64_t cutoff = std::max({cutoff_, all_reached, waited});
    if (cutoff > cutoff_ && cutoff > all_reached) {
        for (std::size_t f = 0; f < reached_.size(); ++f) {
            FeedLateness& lateness = latency_.feeds[f];
            const bool behind = reached_[f] < cutoff;
            lateness.heard = reached_[f] != std::numeric_limits<std::int64_t>::min();
            lateness.behind_us = behind && lateness.heard ? cutoff - reached_[f] : 0;
            if (behind) ++lateness.waits_run_out;
        }
        for (std::deque<Held>& feed : held_)
            for (Held& h : feed) {
                if (h.trade.exchange_time_us > cutoff) break;
                if (h.trade.exchange_time_us > all_reached) h.forced = true;
            }
    }
    cutoff_ = cutoff;
    return cutoff;
}

void GroupMerger::note_release(const Held& h, std::int64_t now_us) {
    latency_.last_hold_us = now_us - h.arrival_us;
    latency_.max_hold_us = std::max(latency_.max_hold_us, latency_.last_hold_us);
    ++latency_.released;
    if (h.forced) ++latency_.released_by_wait;
    released_time_ = std::max(released_time_, h.trade.exchange_time_us);
}

std::size_t GroupMerger::held() const {
    std::size_t n = 0;
    for (const auto& feed : held_) n += feed.size();
    return n;
}

}  // namespace flowscope
