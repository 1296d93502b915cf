#pragma once
// Volume at each price bucket of one bar: aggressive sells hit the bid, aggressive buys lift the ask.
//
// A dense slot array over the bar's bucket range makes a trade one index away from its cell; the
// slots hold 4-byte positions into a compact array of the levels that traded, because a bar's
// range at tick resolution is mostly empty (a real BTCUSDT minute: ~1,500 ticks, ~80 levels hit),
// and 48-byte cells over the whole range cost more memory and zeroing than the trades themselves.
// The range grows with head room on both sides, so growth is amortized O(1) and rare.
// Most short bars trade at a handful of levels (a real 1s BTCUSDT bar: 1–3), so the first
// kInlineLevels levels live inside the Footprint itself, found by a short scan: opening a bar
// then costs no allocation at all, which dominated the 1s and 5s series.
#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "model/decimal.hpp"
#include "model/trade.hpp"

namespace flowscope {

struct FootprintCell {
    Quantity bid;              // volume of aggressive sells at this bucket
    Quantity ask;              // volume of aggressive buys at this bucket
    std::uint32_t trades = 0;  // records that printed here

    Quantity total() const { return bid + ask; }
    Quantity delta() const { return ask - bid; }
    bool empty() const { return trades == 0; }
};

class Footprint {
public:
    // Bucket index of a price: floor(price / bucket), so a bucket's price is its lower edge.
    static std::int64_t bucket_of(Price price, std::int64_t bucket_units) {
        return floor_div(price.units, bucket_units);
    }

    void add(std::int64_t bucket, Side aggressor, Quantity quantity) {
        FootprintCell& cell = cell_for(bucket);
        (aggressor == Side::Buy ? cell.ask : cell.bid) += quantity;
        ++cell.trades;
        if (empty()) {
            lowest_ = highest_ = bucket;
        } else {
            lowest_ = std::min(lowest_, bucket);
            highest_ = std::max(highest_, bucket);
        }
    }

    bool empty() const { return lowest_ > highest_; }
    // Inclusive bucket-index range that holds volume; meaningless when empty().
    std::int64_t lowest_bucket() const { return lowest_; }
    std::int64_t highest_bucket() const { return highest_; }
    // The cell at a bucket index; an empty cell outside the range.
    const FootprintCell& at(std::int64_t bucket) const;
    std::size_t level_count() const { return empty() ? 0 : static_cast<std::size_t>(highest_ - lowest_ + 1); }
    // Heap bytes only (the inline levels are part of sizeof(Footprint)).
    std::size_t memory_bytes() const {
        return slots_.capacity() * sizeof(std::uint32_t) + cells_.capacity() * sizeof(FootprintCell);
    }

private:
    static constexpr std::size_t kInlineLevels = 4;
    bool is_inline() const { return cells_.empty(); }
    // The cell of a bucket, created when missing; inline for the common cases.
    FootprintCell& cell_for(std::int64_t bucket) {
        if (is_inline()) {
            for (std::uint32_t i = 0; i < inline_count_; ++i)
                if (inline_buckets_[i] == bucket) return inline_cells_[i];
        } else if (bucket >= origin_ && bucket < origin_ + static_cast<std::int64_t>(slots_.size())) {
            const std::uint32_t slot = slots_[static_cast<std::size_t>(bucket - origin_)];
            if (slot != 0) return cells_[slot - 1];
        }
        return new_cell(bucket);
    }
    FootprintCell& new_cell(std::int64_t bucket);
    FootprintCell& inline_cell(std::int64_t bucket);  // a new inline level, or the move to the heap
    void move_to_heap();
    void grow_to_include(std::int64_t bucket);

    std::array<FootprintCell, kInlineLevels> inline_cells_{};
    std::array<std::int64_t, kInlineLevels> inline_buckets_{};
    std::uint32_t inline_count_ = 0;

    std::vector<std::uint32_t> slots_;  // slots_[i]: 1 + index in cells_ of bucket origin_ + i; 0 = no trade yet
    std::vector<FootprintCell> cells_;  // the levels that traded, in order of their first trade (empty while inline)
    std::int64_t origin_ = 0;
    std::int64_t lowest_ = 1;   // lowest_ > highest_ means no volume yet
    std::int64_t highest_ = 0;
};

}  // namespace flowscope
