#include "aggregate/footprint.hpp"

#include <algorithm>
#include <bit>

namespace flowscope {

namespace {
const FootprintCell kEmptyCell{};
constexpr std::size_t kFirstIndexSize = 32;  // room for 16 levels before the first rebuild
}  // namespace

// Called by cell_for once its lookup found no level for this bucket.
FootprintCell& Footprint::new_cell(std::int64_t bucket) {
    if (is_inline()) {
        if (inline_count_ < kInlineLevels) {
            FootprintCell& cell = inline_cells_[inline_count_++];
            cell.bucket = bucket;
            return cell;
        }
        move_to_heap();
    }
    // At most half full: probes stay short even when a bar's buckets wrap around the index.
    if (2 * (cells_.size() + 1) > index_.size()) rebuild_index(2 * index_.size());
    FootprintCell& cell = cells_.emplace_back();
    cell.bucket = bucket;
    insert_into_index(static_cast<std::uint32_t>(cells_.size()));
    return cell;
}

void Footprint::move_to_heap() {
    cells_.reserve(kFirstIndexSize / 2);
    cells_.assign(inline_cells_.begin(), inline_cells_.begin() + inline_count_);
    inline_count_ = 0;
    rebuild_index(kFirstIndexSize);
}

void Footprint::rebuild_index(std::size_t size) {
    index_.assign(size, 0);
    index_shift_ = static_cast<std::uint32_t>(64 - std::countr_zero(size));
    for (std::uint32_t slot = 1; slot <= cells_.size(); ++slot) insert_into_index(slot);
}

void Footprint::insert_into_index(std::uint32_t slot) {
    const std::size_t mask = index_.size() - 1;
    std::size_t i = home(cells_[slot - 1].bucket);
    while (index_[i] != 0) i = (i + 1) & mask;
    index_[i] = slot;
}

std::vector<const FootprintCell*> Footprint::levels_by_price() const {
    std::vector<const FootprintCell*> levels;
    levels.reserve(level_count());
    if (is_inline()) {
        for (std::uint32_t i = 0; i < inline_count_; ++i) levels.push_back(&inline_cells_[i]);
    } else {
        for (const FootprintCell& cell : cells_) levels.push_back(&cell);
    }
    std::ranges::sort(levels, {}, &FootprintCell::bucket);
    return levels;
}

const FootprintCell& Footprint::at(std::int64_t bucket) const {
    if (empty() || bucket < lowest_ || bucket > highest_) return kEmptyCell;
    if (is_inline()) {
        for (std::uint32_t i = 0; i < inline_count_; ++i)
            if (inline_cells_[i].bucket == bucket) return inline_cells_[i];
        return kEmptyCell;
    }
    const std::size_t mask = index_.size() - 1;
    for (std::size_t i = home(bucket);; i = (i + 1) & mask) {
        const std::uint32_t slot = index_[i];
        if (slot == 0) return kEmptyCell;
        if (cells_[slot - 1].bucket == bucket) return cells_[slot - 1];
    }
}

}  // namespace flowscope
