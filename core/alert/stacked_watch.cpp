#include "alert/stacked_watch.hpp"

namespace flowscope {

namespace {
constexpr std::uint8_t kImbalanceBits = 3;
std::uint8_t side_bit(Side side) { return side == Side::Buy ? 1 : 2; }
}  // namespace

void StackedWatch::set_bits(std::int64_t bucket, std::uint8_t bits) {
    if (bits == 0) levels_.erase(bucket);
    else levels_[bucket] = bits;
}

void StackedWatch::start_from(const Footprint& footprint) {
    levels_.clear();
    for (const FootprintCell* cell : footprint.levels_by_price())
        set_bits(cell->bucket, static_cast<std::uint8_t>(level_imbalance(footprint, cell->bucket, settings_)));
    for (const StackedImbalance& stack : stacked_imbalances(footprint, settings_))
        for (std::int64_t b = stack.low; b <= stack.high; ++b)
            levels_[b] |= stack.side == Side::Buy ? kSeenBuy : kSeenSell;
}

void StackedWatch::bucket_changed(const Footprint& footprint, std::int64_t bucket, std::vector<StackedImbalance>& appeared) {
    std::uint8_t turned_on[3] = {0, 0, 0};
    for (int i = 0; i < 3; ++i) {
        const std::int64_t b = bucket - 1 + i;
        const std::uint8_t old_bits = bits_at(b);
        const auto now = static_cast<std::uint8_t>(level_imbalance(footprint, b, settings_));
        turned_on[i] = static_cast<std::uint8_t>(now & ~old_bits & kImbalanceBits);
        set_bits(b, static_cast<std::uint8_t>((old_bits & ~kImbalanceBits) | now));
    }
    // Only a level that became imbalanced can make a new run long enough; a level that stopped
    // being imbalanced only splits a run into parts of what was there.
    for (Side side : {Side::Buy, Side::Sell})
        for (int i = 0; i < 3; ++i)
            if (turned_on[i] & side_bit(side)) check_run(bucket - 1 + i, side, appeared);
}

void StackedWatch::check_run(std::int64_t bucket, Side side, std::vector<StackedImbalance>& appeared) {
    const std::uint8_t bit = side_bit(side);
    const std::uint8_t seen_bit = side == Side::Buy ? kSeenBuy : kSeenSell;
    std::int64_t low = bucket, high = bucket;
    bool seen = (bits_at(bucket) & seen_bit) != 0;
    while (bits_at(low - 1) & bit) seen |= (bits_at(--low) & seen_bit) != 0;
    while (bits_at(high + 1) & bit) seen |= (bits_at(++high) & seen_bit) != 0;
    if (high - low + 1 < settings_.stack) return;
    for (std::int64_t b = low; b <= high; ++b) levels_[b] |= seen_bit;
    if (!seen) appeared.push_back({side, low, high});
}

}  // namespace flowscope
