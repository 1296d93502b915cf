#include "aggregate/aggregator.hpp"

namespace flowscope {

Aggregator::Aggregator(const Aggregator& other)
    : series_(other.series_),
      sweeps_(other.sweeps_),
      cvd_(other.cvd_),
      volume_(other.volume_),
      trades_(other.trades_),
      non_aggressive_trades_(other.non_aggressive_trades_),
      non_aggressive_volume_(other.non_aggressive_volume_),
      include_non_aggressive_(other.include_non_aggressive_) {
    point_hot_at_series();
}

// A moved deque keeps its elements where they are, so the pointers move along.
Aggregator::Aggregator(Aggregator&& other) noexcept
    : series_(std::move(other.series_)),
      hot_(std::move(other.hot_)),
      sweeps_(other.sweeps_),
      cvd_(other.cvd_),
      volume_(other.volume_),
      trades_(other.trades_),
      non_aggressive_trades_(other.non_aggressive_trades_),
      non_aggressive_volume_(other.non_aggressive_volume_),
      include_non_aggressive_(other.include_non_aggressive_) {
    other.series_.clear();
    other.hot_.clear();
}

Aggregator& Aggregator::operator=(const Aggregator& other) {
    if (this == &other) return *this;
    series_ = other.series_;
    sweeps_ = other.sweeps_;
    cvd_ = other.cvd_;
    volume_ = other.volume_;
    trades_ = other.trades_;
    non_aggressive_trades_ = other.non_aggressive_trades_;
    non_aggressive_volume_ = other.non_aggressive_volume_;
    include_non_aggressive_ = other.include_non_aggressive_;
    point_hot_at_series();
    return *this;
}

Aggregator& Aggregator::operator=(Aggregator&& other) noexcept {
    if (this == &other) return *this;
    series_ = std::move(other.series_);
    hot_ = std::move(other.hot_);
    sweeps_ = other.sweeps_;
    cvd_ = other.cvd_;
    volume_ = other.volume_;
    trades_ = other.trades_;
    non_aggressive_trades_ = other.non_aggressive_trades_;
    non_aggressive_volume_ = other.non_aggressive_volume_;
    include_non_aggressive_ = other.include_non_aggressive_;
    other.series_.clear();
    other.hot_.clear();
    return *this;
}

void Aggregator::point_hot_at_series() {
    hot_.clear();
    for (BarSeries& s : series_) hot_.push_back(&s);
}

BarSeries& Aggregator::add_series(BarSpec spec, std::int64_t bucket_units) {
    BarSeries& s = series_.emplace_back(spec, bucket_units);
    hot_.push_back(&s);
    return s;
}

std::size_t Aggregator::memory_bytes() const {
    std::size_t n = 0;
    for (const BarSeries& s : series_) n += s.memory_bytes();
    return n;
}

void Aggregator::record_print(const Trade& trade, const BigPrint& print) {
    for (BarSeries* s : hot_) s->record_print(trade, print);
}

void Aggregator::clear() {
    for (BarSeries& s : series_) s.clear();
    sweeps_.clear();
    cvd_ = {};
    volume_ = {};
    trades_ = 0;
    non_aggressive_trades_ = 0;
    non_aggressive_volume_ = {};
}

}  // namespace flowscope
