#pragma once
// The live merge of a group's feeds, with a bounded wait for the slowest.
//
// Each exchange delivers its trades late by its own network path, so a trade of a fast feed may
// not go out until every slower feed has shown that it has nothing earlier: the merger holds the
// trades it was given and releases, in the order rule of group_merge.hpp, every held trade at or
// before the time all feeds have reached (each feed's newest trade time, or a time it declared
// with reached(): a heartbeat, an empty quiet second). A feed that falls silent would hold the
// whole group, so the wait is bounded: a trade held max_wait_us (default 300 ms of receive
// clock) goes out anyway, with every held trade up to its time, and the feeds that had not
// reached that time are counted as behind. A trade that arrives after later trades went out is
// late: it goes out at the next release, out of order, and is counted with how late it was.
//
// latency() says what the wait costs and what was late; the chart shows it as the group's latency.
// Sizes are converted to the base asset on the way in (contract feeds).
#include <cstdint>
#include <deque>
#include <limits>
#include <span>
#include <vector>

#include "group/market_group.hpp"
#include "model/trade.hpp"

namespace flowscope {

inline constexpr std::int64_t kDefaultGroupWaitUs = 300'000;

struct FeedLateness {
    std::uint64_t late_trades = 0;     // arrived after later trades of the group had gone out
    std::int64_t latest_late_us = 0;   // the most any of them was behind what had gone out
    std::uint64_t waits_run_out = 0;   // releases forced by the wait while this feed was behind
    std::int64_t behind_us = 0;        // at the last forced release: how far this feed was behind (0: it was not)
    bool heard = false;                // at the last forced release: it had shown a time (else it had said nothing yet)
};

struct MergeLatency {
    std::int64_t last_hold_us = 0;  // how long the last released trade was held
    std::int64_t max_hold_us = 0;
    std::uint64_t released = 0;
    std::uint64_t released_by_wait = 0;  // released before every feed had reached their time
    std::uint64_t inexact_sizes = 0;     // contract sizes rounded to 1e-8
    std::vector<FeedLateness> feeds;     // by feed index
};

class GroupMerger {
public:
    explicit GroupMerger(MarketGroup group, std::int64_t max_wait_us = kDefaultGroupWaitUs);

    // One feed's new trades, in its exchange-time order, received at now_us (any monotonic µs clock,
    // the same for every call).
    void push(std::size_t feed, std::span<const Trade> trades, std::int64_t now_us);
    // The feed declares it has nothing before exchange_time_us (it is alive and quiet).
    void reached(std::size_t feed, std::int64_t exchange_time_us);

    // Hands out(trade, feed) every trade that may go out at now_us, in order.
    template <typename Out>
    void release(std::int64_t now_us, Out&& out) {
        const std::int64_t cutoff = cutoff_at(now_us);
        for (;;) {
            std::size_t best = held_.size();
            for (std::size_t f = 0; f < held_.size(); ++f)
                if (!held_[f].empty() && (best == held_.size() || held_[f].front().trade.exchange_time_us <
                                                                       held_[best].front().trade.exchange_time_us))
                    best = f;
            if (best == held_.size()) return;
            const Held& h = held_[best].front();
            if (h.trade.exchange_time_us > cutoff && !h.late) return;
            note_release(h, now_us);
            out(static_cast<const Trade&>(h.trade), best);
            held_[best].pop_front();
        }
    }

    const MarketGroup& group() const { return group_; }
    std::int64_t max_wait_us() const { return max_wait_us_; }
    const MergeLatency& latency() const { return latency_; }
    std::size_t held() const;

private:
    struct Held {
        Trade trade;
        std::int64_t arrival_us = 0;
        bool late = false;
        bool forced = false;  // under a cutoff set by the wait, past what every feed had reached
    };
    std::int64_t cutoff_at(std::int64_t now_us);
    void note_release(const Held& h, std::int64_t now_us);

    MarketGroup group_;
    std::int64_t max_wait_us_;
    std::vector<std::deque<Held>> held_;
    std::vector<std::int64_t> reached_;  // per feed: the newest exchange time it has shown
    std::int64_t cutoff_ = std::numeric_limits<std::int64_t>::min();
    std::int64_t released_time_ = std::numeric_limits<std::int64_t>::min();  // newest exchange time gone out
    MergeLatency latency_;
};

}  // namespace flowscope
