#pragma once
// Plays a list of trades at a chosen speed against the wall clock, in market time. Pure logic
// (no Qt, no threads): the source worker calls advance() from its timer and feeds what is due.
#include <cstdint>
#include <span>
#include <vector>

#include "aggregate/bar_spec.hpp"
#include "model/trade.hpp"

namespace flowscope::ui {

class PacedReplay {
public:
    static constexpr double kMaxSpeed = 0;  // as fast as the consumer takes trades

    // Sorts by exchange time (stable: file order breaks ties) and rewinds to the start.
    void load(std::vector<Trade> trades);
    bool empty() const { return trades_.empty(); }

    void set_speed(double speed) { speed_ = speed; }
    double speed() const { return speed_; }

    // Moves market time forward by wall_us × speed (or, at max speed, by up to max_batch trades)
    // and returns the trades that became due. Never returns trades twice.
    std::span<const Trade> advance(std::int64_t wall_us, std::size_t max_batch);
    // Feeds everything strictly before market_us and moves the clock there (never backwards).
    std::span<const Trade> advance_to(std::int64_t market_us);
    // The end of the bar that is open at the current market time (for "step one bar").
    std::int64_t next_bar_end(const BarSpec& spec) const;
    // Where "step back one bar" seeks to: the start of the newest bar played so far.
    std::int64_t previous_bar_start(const BarSpec& spec) const;
    // Back to a market time: the clock moves there and every trade before it is returned, so the
    // caller rebuilds its bars from scratch.
    std::span<const Trade> seek(std::int64_t market_us);

    std::int64_t market_time_us() const { return market_us_; }
    std::int64_t start_us() const { return trades_.empty() ? 0 : trades_.front().exchange_time_us; }
    std::int64_t end_us() const { return trades_.empty() ? 0 : trades_.back().exchange_time_us; }
    bool at_end() const { return next_ >= trades_.size(); }
    std::size_t position() const { return next_; }
    std::span<const Trade> played() const { return std::span(trades_).first(next_); }
    std::span<const Trade> all() const { return trades_; }

private:
    std::vector<Trade> trades_;
    std::size_t next_ = 0;        // first trade not yet delivered
    std::int64_t market_us_ = 0;  // trades before this time have been delivered
    double speed_ = 1;
};

}  // namespace flowscope::ui
