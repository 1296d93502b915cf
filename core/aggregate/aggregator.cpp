#include "aggregate/aggregator.hpp"

namespace flowscope {

BarSeries& Aggregator::add_series(BarSpec spec, std::int64_t bucket_units) {
    return series_.emplace_back(spec, bucket_units);
}

std::size_t Aggregator::memory_bytes() const {
    std::size_t n = 0;
    for (const BarSeries& s : series_) n += s.memory_bytes();
    return n;
}

void Aggregator::clear() {
    for (BarSeries& s : series_) s.clear();
    cvd_ = {};
    volume_ = {};
    trades_ = 0;
}

}  // namespace flowscope
