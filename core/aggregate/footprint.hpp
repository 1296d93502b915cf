#pragma once
// Volume at each price bucket of one bar: aggressive sells hit the bid, aggressive buys lift the ask.
//
// Most short bars trade at a handful of levels (a real 1s BTCUSDT bar: 1–3), so the first
// kInlineLevels levels live inside the Footprint itself, found by a short scan: opening a bar
// costs no allocation at all, which dominated the 1s and 5s series.
// Past that, the levels that traded sit in a compact array in order of their first trade, found
// through a small open-addressing index (Fibonacci hashing, linear probing; Fibonacci because a
// bar's buckets are one contiguous run, which identity hashing would pile into one long probe
// chain once the run is longer than the index). The index is sized by the levels that traded,
// not by the bar's price range (a real BTCUSDT minute at tick resolution: ~500 ticks of range, ~40 levels hit):
// a dense slot array over the range cost more zeroing and copying than the trades themselves.
#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "model/decimal.hpp"
#include "model/trade.hpp"

namespace flowscope {

struct FootprintCell {
    Quantity bid;              // volume of aggressive sells at this bucket
    Quantity ask;              // volume of aggressive buys at this bucket
    std::uint32_t trades = 0;  // records that printed here
    std::int64_t bucket = 0;   // this cell's bucket index (0 for the empty cell); fills the padding

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
        lowest_ = std::min(lowest_, bucket);
        highest_ = std::max(highest_, bucket);
    }

    // Another footprint's level, whole (bars merged into a longer one): its volumes and prints.
    void add_level(std::int64_t bucket, const FootprintCell& level) {
        FootprintCell& cell = cell_for(bucket);
        cell.bid += level.bid;
        cell.ask += level.ask;
        cell.trades += level.trades;
        lowest_ = std::min(lowest_, bucket);
        highest_ = std::max(highest_, bucket);
    }

    bool empty() const { return lowest_ > highest_; }
    // Inclusive bucket-index range that holds volume; meaningless when empty().
    std::int64_t lowest_bucket() const { return lowest_; }
    std::int64_t highest_bucket() const { return highest_; }
    // The cell at a bucket index; an empty cell where nothing traded.
    const FootprintCell& at(std::int64_t bucket) const;
    // Levels that traded (not the buckets between lowest and highest).
    std::size_t level_count() const { return is_inline() ? inline_count_ : cells_.size(); }
    // The levels that traded, lowest bucket first. Whatever walks a bar's levels goes through
    // this, so its cost follows the levels traded and never the range ÷ bucket: one stray print
    // far from the rest adds one level, not billions of empty buckets in between.
    std::vector<const FootprintCell*> levels_by_price() const;
    // Every level that traded, in no particular order, without allocating (merging bars).
    template <typename F> void for_each_level(F&& f) const {
        if (is_inline()) {
            for (std::uint32_t i = 0; i < inline_count_; ++i) f(inline_cells_[i]);
        } else {
            for (const FootprintCell& cell : cells_) f(cell);
        }
    }
    // Heap bytes only (the inline levels are part of sizeof(Footprint)).
    std::size_t memory_bytes() const {
        return index_.capacity() * sizeof(std::uint32_t) + cells_.capacity() * sizeof(FootprintCell);
    }

private:
    static constexpr std::uint32_t kInlineLevels = 4;
    bool is_inline() const { return index_.empty(); }
    // The cell of a bucket, created when missing; inline for the common cases.
    FootprintCell& cell_for(std::int64_t bucket) {
        if (is_inline()) {
            for (std::uint32_t i = 0; i < inline_count_; ++i)
                if (inline_cells_[i].bucket == bucket) return inline_cells_[i];
        } else {
            const std::size_t mask = index_.size() - 1;
            for (std::size_t i = home(bucket);; i = (i + 1) & mask) {
                const std::uint32_t slot = index_[i];
                if (slot == 0) break;
                if (cells_[slot - 1].bucket == bucket) return cells_[slot - 1];
            }
        }
        return new_cell(bucket);
    }
    FootprintCell& new_cell(std::int64_t bucket);
    void move_to_heap();
    void rebuild_index(std::size_t size);  // size: a power of two, more than twice the levels
    void insert_into_index(std::uint32_t slot);
    std::size_t home(std::int64_t bucket) const {  // the index entry a bucket's probe starts at
        return static_cast<std::size_t>((static_cast<std::uint64_t>(bucket) * 0x9E3779B97F4A7C15ull) >> index_shift_);
    }

    std::array<FootprintCell, kInlineLevels> inline_cells_{};
    std::uint32_t inline_count_ = 0;

    std::vector<std::uint32_t> index_;  // 1 + position in cells_, at home(bucket) or the next free entry; 0 = free
    std::vector<FootprintCell> cells_;  // the levels that traded, in order of their first trade (empty while inline)
    std::uint32_t index_shift_ = 63;  // 64 − log2(index_.size())
    // lowest_ > highest_ means no volume yet; these starting values let add() take min and max.
    std::int64_t lowest_ = std::numeric_limits<std::int64_t>::max();
    std::int64_t highest_ = std::numeric_limits<std::int64_t>::min();
};

}  // namespace flowscope
