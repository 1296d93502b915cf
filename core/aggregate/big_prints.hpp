#pragma once
// Big prints: trades, or sweeps (same exchange time, same aggressor, one after the other: one
// market order taking several resting orders), worth at least a floor in quote currency. Bars
// keep them so the chart can draw big-trade bubbles without the trades themselves.
//
// The floor is a quote value (price × size), not a size, because sizes mean nothing across
// markets: 1 BTC was worth 9,700 USDT in the real BTCUSDT hour, 1 ETH 2,680 USDT in the real
// ETHUSDT minutes, and a meme coin's trades count in millions. At 50,000 the real BTCUSDT hour
// has 53 such sweeps of its 2,902 (5.18 BTC and up, under one a minute), the real ETHUSDT capture
// 13 of 1,929 in 5.8 minutes (18.8 ETH and up): what a trader asks bubbles for, and the chart's
// smallest threshold. Every series keeps its own: on bench_engine's dense stream (49 copies of
// the hour laid over each other) 20 hours of all eleven timeframes held 90 MB of bars, 141 MB
// with prints at 50,000 and 277 MB at 25,000 (181 and 37 sweeps in the real data). For markets
// quoted in USD, USDT or USDC, which every venue here lists first; another quote currency needs
// its own floor (Aggregator::set_big_print_floor).
//
#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <type_traits>
#include <utility>

#include "model/decimal.hpp"
#include "model/trade.hpp"

namespace flowscope {

inline constexpr std::int64_t kBigPrintFloorQuote = 50'000;  // in quote currency (USD, USDT, USDC)

// 64 bytes: a busy market's bars hold many.
struct BigPrint {
    std::int64_t time_us = 0;  // exchange time, shared by every trade of a sweep
    Price low, high;           // the prices it swept
    std::uint32_t sweep = 0;   // its first trade's number in the stream (wrapping): to grow it in place
    std::uint16_t trades = 0;  // records in the sweep (65,535 at most)
    Side side = Side::Buy;     // the aggressor
    Quantity quantity;
    int128 notional = 0;       // Σ price.units × quantity.units

    // Volume-weighted average price, rounded half up to 1e-8.
    Price vwap() const {
        if (quantity.units == 0) return low;
        return Price{static_cast<std::int64_t>((notional + quantity.units / 2) / quantity.units)};
    }
    // Quote value (price × size), rounded down to 1e-8: notional is in 1e-16 units.
    Quantity quote_value() const { return Quantity{notional / kDecimalScale}; }
};

// Notional units (1e-16) of a quote value given in whole quote currency.
constexpr int128 notional_of_quote(std::int64_t quote) { return static_cast<int128>(quote) * kDecimalScale * kDecimalScale; }

// Follows the stream's sweeps and says when the one a trade belongs to has reached the floor.
//
// The check every trade pays is kept small (about 36 instructions, no branch on the sweep's
// start, which comes in no predictable order): the sweep's key, the trade's price and size into
// a ring of the last 64, and a running sum of the trades' notionals cut to int64 (each
// rounded down by at most 2^40 units of 1e-16). That sum plus one 2^40 per trade is never below
// the exact notional, so a sweep whose sum stays under the floor is surely below it. Only a sweep
// that may have reached it is summed exactly, from the ring, once per trade; a sweep longer than
// the ring is summed as the ring fills, so no trade is ever lost. Summing every trade exactly
// instead (int128 adds under masks) cost 60 instructions a trade and 15 % of the 1m engine's
// speed; this costs 8 % (bench_engine footprint_1m_trades_per_s), 3 % with all eleven timeframes.
class SweepTracker {
public:
    // The sweep `trade` belongs to after adding it, when it has reached the floor; else nullptr.
    // notional: price.units × quantity.units of the trade.
    const BigPrint* add(const Trade& trade, int128 notional) {
        const std::int64_t key = (trade.exchange_time_us << 1) | static_cast<std::int64_t>(trade.aggressor);
        const std::int64_t keep = -static_cast<std::int64_t>(key == key_);  // all ones while the sweep goes on
        key_ = key;
        const std::uint32_t slot = next_++ & kRingMask;
        prices_[slot] = trade.price.units;
        quantities_[slot] = trade.quantity.units;
        rough_ = (rough_ & keep) + static_cast<std::int64_t>(notional >> kRoughShift);
        trades_ = (trades_ & static_cast<std::uint32_t>(keep)) + 1;
        if (((trades_ & kRingMask) == 0) | (rough_ + trades_ > rough_floor_)) [[unlikely]]
            return sum_exactly(trade);
        return nullptr;
    }
    void set_floor_quote(std::int64_t quote) {
        floor_ = notional_of_quote(quote);
        rough_floor_ = static_cast<std::int64_t>(floor_ >> kRoughShift);
    }
    int128 floor_notional() const { return floor_; }
    // The next trade starts a sweep: a key no trade has.
    void clear() { key_ = std::numeric_limits<std::int64_t>::min(); }

private:
    static constexpr std::uint32_t kRing = 64, kRingMask = kRing - 1;
    static constexpr int kRoughShift = 40;

    // Brings the exact sums up to the newest trade (the ring holds every trade not yet summed).
    const BigPrint* sum_exactly(const Trade& trade) {
        const std::uint32_t sweep = next_ - trades_;  // the ring position of its first trade: one per sweep
        if (print_.sweep != sweep || summed_ == 0 || summed_ > trades_) {
            print_.sweep = sweep;
            print_.low = print_.high = trade.price;
            print_.quantity = {};
            print_.notional = 0;
            summed_ = 0;
        }
        for (std::uint32_t k = trades_ - summed_; k > 0; --k) {
            const std::uint32_t slot = (next_ - k) & kRingMask;
            const std::int64_t price = prices_[slot];
            print_.low.units = std::min(print_.low.units, price);
            print_.high.units = std::max(print_.high.units, price);
            print_.quantity.units += quantities_[slot];
            print_.notional += static_cast<int128>(price) * quantities_[slot];
        }
        summed_ = trades_;
        if (print_.notional < floor_) return nullptr;
        print_.time_us = trade.exchange_time_us;
        print_.side = trade.aggressor;
        print_.trades = static_cast<std::uint16_t>(std::min<std::uint32_t>(trades_, 65'535));
        return &print_;
    }

    std::int64_t key_ = std::numeric_limits<std::int64_t>::min();  // exchange time × 2 + side
    std::int64_t rough_ = 0;      // Σ (notional >> kRoughShift) over the sweep
    std::uint32_t next_ = 0;      // ring position of the next trade
    std::uint32_t trades_ = 0;    // trades in the sweep
    std::uint32_t summed_ = 0;    // trades of print_.sweep in print_'s sums
    int128 floor_ = notional_of_quote(kBigPrintFloorQuote);
    std::int64_t rough_floor_ = static_cast<std::int64_t>(notional_of_quote(kBigPrintFloorQuote) >> kRoughShift);
    BigPrint print_;              // the sums of the sweep summed last
    std::array<std::int64_t, kRing> prices_{};
    std::array<int128, kRing> quantities_{};
};

// A bar's big prints in arrival order. A sweep that reached the floor is recorded once and grown
// in place by its later trades; one that goes on into the next bar (tick and volume bars close
// between trades of the same instant) moves there whole: a print belongs to the bar it ends in.
//
// One pointer wide, null while the bar has none, and one allocation (a count, a capacity, the
// prints): it fills the padding Bar already had, so a Bar stays 496 bytes (a 1s series holds
// 86,400 bars a day, moved whenever their vector grows), and a short bar with one print costs
// 80 bytes, not a vector and its array.
//
// Copies share the allocation until one of them changes (copy on write): a replay keeps copies of
// its aggregation at a grid of times to seek back to, and a closed bar's prints never change, so
// every copy of them was the same bytes again (57 MB of test_ui_replay's dense 2 M-trade day).
// The count of owners is atomic: copies live on other threads (checkpoints prepared aside).
class BigPrints {
public:
    BigPrints() = default;
    BigPrints(const BigPrints& other) : block_(other.block_) { retain(); }
    BigPrints& operator=(const BigPrints& other) {
        if (block_ != other.block_) {
            release();
            block_ = other.block_;
            retain();
        }
        return *this;
    }
    BigPrints(BigPrints&& other) noexcept : block_(std::exchange(other.block_, nullptr)) {}
    BigPrints& operator=(BigPrints&& other) noexcept {
        std::swap(block_, other.block_);
        return *this;
    }
    ~BigPrints() { release(); }

    bool empty() const { return size() == 0; }
    std::size_t size() const { return block_ ? block_->size : 0; }
    const BigPrint* begin() const { return block_ ? block_->items() : nullptr; }
    const BigPrint* end() const { return begin() + size(); }
    const BigPrint& operator[](std::size_t i) const { return begin()[i]; }
    const BigPrint& back() const { return begin()[size() - 1]; }
    BigPrint& back() {
        own();
        return block_->items()[block_->size - 1];
    }
    void push_back(const BigPrint& print) {
        own();
        if (size() == capacity()) grow();
        block_->items()[block_->size++] = print;
    }
    void pop_back() {
        own();
        --block_->size;
    }
    void clear() {
        if (!block_) return;
        if (owners() > 1) {
            release();
            block_ = nullptr;
        } else {
            block_->size = 0;
        }
    }
    void append(const BigPrints& other) {
        if (this == &other || other.empty()) return;
        if (empty()) {
            *this = other;  // shared until one of the two changes
            return;
        }
        for (const BigPrint& p : other) push_back(p);
    }
    // The allocation's bytes, each sharer counting its share.
    std::size_t memory_bytes() const {
        return block_ ? (sizeof(Block) + capacity() * sizeof(BigPrint)) / owners() : 0;
    }

private:
    struct alignas(BigPrint) Block {
        std::uint32_t size = 0, capacity = 0;
        std::uint32_t owners = 1;  // through std::atomic_ref: realloc moves a Block as plain bytes
        BigPrint* items() { return reinterpret_cast<BigPrint*>(this + 1); }
        const BigPrint* items() const { return reinterpret_cast<const BigPrint*>(this + 1); }
    };
    static_assert(std::is_trivially_copyable_v<BigPrint>, "moved with realloc");
    std::size_t capacity() const { return block_ ? block_->capacity : 0; }
    std::uint32_t owners() const { return std::atomic_ref<std::uint32_t>(block_->owners).load(std::memory_order_acquire); }
    void retain() {
        if (block_) std::atomic_ref<std::uint32_t>(block_->owners).fetch_add(1, std::memory_order_relaxed);
    }
    void release() {
        if (block_ && std::atomic_ref<std::uint32_t>(block_->owners).fetch_sub(1, std::memory_order_acq_rel) == 1)
            std::free(block_);
    }
    // Before a change: a block of this one's own when it is shared.
    void own() {
        if (!block_ || owners() == 1) return;
        const std::size_t bytes = sizeof(Block) + capacity() * sizeof(BigPrint);
        auto* block = static_cast<Block*>(std::malloc(bytes));
        if (!block) throw std::bad_alloc();
        std::memcpy(static_cast<void*>(block), block_, bytes);
        block->owners = 1;
        release();
        block_ = block;
    }
    void grow() {
        const std::uint32_t capacity = block_ ? block_->capacity * 2 : 1;
        auto* block = static_cast<Block*>(std::realloc(block_, sizeof(Block) + capacity * sizeof(BigPrint)));
        if (!block) throw std::bad_alloc();
        if (!block_) {
            block->size = 0;
            block->owners = 1;
        }
        block->capacity = capacity;
        block_ = block;
    }

    Block* block_ = nullptr;
};

}  // namespace flowscope
