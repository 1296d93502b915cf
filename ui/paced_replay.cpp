#include "paced_replay.hpp"

#include <algorithm>
#include <cmath>

namespace flowscope::ui {

void PacedReplay::load(std::vector<Trade> trades) {
    trades_ = std::move(trades);
    std::stable_sort(trades_.begin(), trades_.end(),
                     [](const Trade& a, const Trade& b) { return a.exchange_time_us < b.exchange_time_us; });
    next_ = 0;
    market_us_ = start_us();
}

std::span<const Trade> PacedReplay::advance(std::int64_t wall_us, std::size_t max_batch) {
    if (at_end()) return {};
    if (speed_ == kMaxSpeed) {
        const std::size_t begin = next_;
        next_ = std::min(trades_.size(), next_ + max_batch);
        market_us_ = at_end() ? end_us() + 1 : trades_[next_].exchange_time_us;
        return std::span(trades_).subspan(begin, next_ - begin);
    }
    const auto step = static_cast<std::int64_t>(std::llround(static_cast<double>(wall_us) * speed_));
    return advance_to(market_us_ + std::max<std::int64_t>(step, 0));
}

std::span<const Trade> PacedReplay::advance_to(std::int64_t market_us) {
    if (market_us <= market_us_) return {};
    const std::size_t begin = next_;
    while (next_ < trades_.size() && trades_[next_].exchange_time_us < market_us) ++next_;
    market_us_ = market_us;
    return std::span(trades_).subspan(begin, next_ - begin);
}

std::int64_t PacedReplay::next_bar_end(const BarSpec& spec) const {
    if (at_end()) return market_us_;
    const std::int64_t t = std::max(market_us_, trades_[next_].exchange_time_us);
    switch (spec.kind) {
    case BarKind::Time: {
        const std::int64_t d = spec.duration_us;
        return (t / d + 1) * d;
    }
    case BarKind::Tick: {
        const std::size_t last = std::min(trades_.size() - 1, next_ + static_cast<std::size_t>(spec.trades_per_bar) - 1);
        return trades_[last].exchange_time_us + 1;
    }
    case BarKind::Volume: {
        Quantity sum;
        std::size_t i = next_;
        for (; i < trades_.size() - 1 && sum < spec.volume_per_bar; ++i) sum += trades_[i].quantity;
        return trades_[i].exchange_time_us + 1;
    }
    }
    return t;
}

std::int64_t PacedReplay::previous_bar_start(const BarSpec& spec) const {
    if (next_ == 0) return start_us();
    switch (spec.kind) {
    case BarKind::Time: return std::max(start_us(), floor_div(market_us_ - 1, spec.duration_us) * spec.duration_us);
    case BarKind::Tick: {
        const auto back = static_cast<std::size_t>(std::max<std::int64_t>(spec.trades_per_bar, 1));
        return trades_[next_ > back ? next_ - back : 0].exchange_time_us;
    }
    case BarKind::Volume: {
        Quantity sum;
        std::size_t i = next_;
        while (i > 0 && sum < spec.volume_per_bar) sum += trades_[--i].quantity;
        return trades_[i].exchange_time_us;
    }
    }
    return start_us();
}

std::span<const Trade> PacedReplay::seek(std::int64_t market_us) {
    const auto it = std::lower_bound(trades_.begin(), trades_.end(), market_us,
                                     [](const Trade& t, std::int64_t time) { return t.exchange_time_us < time; });
    next_ = static_cast<std::size_t>(it - trades_.begin());
    market_us_ = std::max(market_us, start_us());
    return played();
}

}  // namespace flowscope::ui
