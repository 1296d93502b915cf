#include "aggregate/footprint.hpp"

#include <algorithm>

namespace flowscope {

namespace {
const FootprintCell kEmptyCell{};
constexpr std::int64_t kMinHeadroom = 8;
}  // namespace

void Footprint::add(std::int64_t bucket, Side aggressor, Quantity quantity) {
    if (bucket < origin_ || bucket >= origin_ + static_cast<std::int64_t>(cells_.size()))
        grow_to_include(bucket);
    FootprintCell& cell = cells_[static_cast<std::size_t>(bucket - origin_)];
    (aggressor == Side::Buy ? cell.ask : cell.bid) += quantity;
    ++cell.trades;
    if (empty()) {
        lowest_ = highest_ = bucket;
    } else {
        lowest_ = std::min(lowest_, bucket);
        highest_ = std::max(highest_, bucket);
    }
}

const FootprintCell& Footprint::at(std::int64_t bucket) const {
    if (empty() || bucket < lowest_ || bucket > highest_) return kEmptyCell;
    return cells_[static_cast<std::size_t>(bucket - origin_)];
}

void Footprint::grow_to_include(std::int64_t bucket) {
    if (cells_.empty()) {
        origin_ = bucket - kMinHeadroom;
        cells_.resize(2 * kMinHeadroom + 1);
        return;
    }
    const std::int64_t old_size = static_cast<std::int64_t>(cells_.size());
    const std::int64_t want_low = std::min(origin_, bucket);
    const std::int64_t want_high = std::max(origin_ + old_size - 1, bucket);
    // Head room proportional to the current size keeps repeated growth amortized O(1).
    const std::int64_t headroom = std::max(kMinHeadroom, (want_high - want_low + 1) / 2);
    const std::int64_t new_low = bucket < origin_ ? want_low - headroom : origin_;
    const std::int64_t new_high = bucket < origin_ ? want_high : want_high + headroom;
    std::vector<FootprintCell> grown(static_cast<std::size_t>(new_high - new_low + 1));
    std::copy(cells_.begin(), cells_.end(), grown.begin() + (origin_ - new_low));
    cells_ = std::move(grown);
    origin_ = new_low;
}

}  // namespace flowscope
