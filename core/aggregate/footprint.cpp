#include "aggregate/footprint.hpp"

#include <algorithm>

namespace flowscope {

namespace {
const FootprintCell kEmptyCell{};
constexpr std::int64_t kMinHeadroom = 8;
}  // namespace

// Called by new_cell once cell_for's scan found no inline level for this bucket.
FootprintCell& Footprint::inline_cell(std::int64_t bucket) {
    if (inline_count_ < kInlineLevels) {
        inline_buckets_[inline_count_] = bucket;
        return inline_cells_[inline_count_++];
    }
    move_to_heap();
    if (bucket < origin_ || bucket >= origin_ + static_cast<std::int64_t>(slots_.size())) grow_to_include(bucket);
    std::uint32_t& slot = slots_[static_cast<std::size_t>(bucket - origin_)];
    cells_.emplace_back();
    slot = static_cast<std::uint32_t>(cells_.size());
    return cells_.back();
}

void Footprint::move_to_heap() {
    cells_.reserve(2 * kInlineLevels);
    for (std::uint32_t i = 0; i < inline_count_; ++i) {
        const std::int64_t b = inline_buckets_[i];
        if (slots_.empty() || b < origin_ || b >= origin_ + static_cast<std::int64_t>(slots_.size()))
            grow_to_include(b);
        cells_.push_back(inline_cells_[i]);
        slots_[static_cast<std::size_t>(b - origin_)] = static_cast<std::uint32_t>(cells_.size());
    }
    inline_count_ = 0;
}

FootprintCell& Footprint::new_cell(std::int64_t bucket) {
    if (is_inline()) return inline_cell(bucket);
    if (bucket < origin_ || bucket >= origin_ + static_cast<std::int64_t>(slots_.size())) grow_to_include(bucket);
    std::uint32_t& slot = slots_[static_cast<std::size_t>(bucket - origin_)];
    if (slot == 0) {
        cells_.emplace_back();
        slot = static_cast<std::uint32_t>(cells_.size());
    }
    return cells_[slot - 1];
}

const FootprintCell& Footprint::at(std::int64_t bucket) const {
    if (empty() || bucket < lowest_ || bucket > highest_) return kEmptyCell;
    if (is_inline()) {
        for (std::uint32_t i = 0; i < inline_count_; ++i)
            if (inline_buckets_[i] == bucket) return inline_cells_[i];
        return kEmptyCell;
    }
    const std::uint32_t slot = slots_[static_cast<std::size_t>(bucket - origin_)];
    return slot == 0 ? kEmptyCell : cells_[slot - 1];
}

void Footprint::grow_to_include(std::int64_t bucket) {
    if (slots_.empty()) {
        origin_ = bucket - kMinHeadroom;
        slots_.resize(2 * kMinHeadroom + 1);
        return;
    }
    const std::int64_t old_size = static_cast<std::int64_t>(slots_.size());
    const std::int64_t want_low = std::min(origin_, bucket);
    const std::int64_t want_high = std::max(origin_ + old_size - 1, bucket);
    // Head room proportional to the current size keeps repeated growth amortized O(1).
    const std::int64_t headroom = std::max(kMinHeadroom, (want_high - want_low + 1) / 2);
    const std::int64_t new_low = bucket < origin_ ? want_low - headroom : origin_;
    const std::int64_t new_high = bucket < origin_ ? want_high : want_high + headroom;
    std::vector<std::uint32_t> grown(static_cast<std::size_t>(new_high - new_low + 1));
    std::copy(slots_.begin(), slots_.end(), grown.begin() + (origin_ - new_low));
    slots_ = std::move(grown);
    origin_ = new_low;
}

}  // namespace flowscope
