#pragma once
// Every print of the session for time & sales, in a bounded ring, and the rows a filter makes of
// them. A Trade is 144 bytes (its id and symbol as text); what the list shows of a print is 48, so
// the ring holds kCapacity = 1,048,576 prints in 48 MiB: a whole day of Binance USD-M BTCUSDT
// (1.03 M trades in bench_history's archive day), the session of any market short of the busiest.
// Prints are numbered from the start of the session (seq); the ring keeps the newest of them.
//
// Rows are made on demand from the ring: a minimum size and, on a switch, combining. Combining
// joins consecutive prints with the same exchange time, the same side, the same kind and the same
// exchange (a sweep through several price levels by one market order) into one row whose size is their sum; the
// minimum size applies to that sum. No Qt here: the model in time_sales_model.* shows the rows.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "model/trade.hpp"

namespace flowscope::ui {

struct TapePrint {
    std::int64_t time_us = 0;  // exchange time
    Price price;
    Quantity quantity;
    Side aggressor = Side::Buy;
    Print print = Print::Aggression;
    Exchange exchange = Exchange::Unknown;  // a group's prints come from several (in the padding: still 48 bytes)
};

// A row of the list: `count` consecutive prints from `first`.
struct TapeRow {
    std::uint64_t first = 0;
    std::uint32_t count = 1;
};

// What a row adds up to, computed from its prints.
struct TapeRowSummary {
    std::int64_t time_us = 0;
    Price low, high;           // the prices the row traded at
    Price first_price, last_price;
    Quantity size;             // summed
    Quantity notional_units;   // Σ price × size, in 1e-16 units (for the VWAP)
    std::uint32_t count = 0;
    Side aggressor = Side::Buy;
    Print print = Print::Aggression;
    Exchange exchange = Exchange::Unknown;
};

class TimeSalesTape {
public:
    static constexpr std::size_t kCapacity = std::size_t{1} << 20;

    explicit TimeSalesTape(std::size_t capacity = kCapacity);

    // Appends oldest first; the oldest prints leave once the ring is full.
    void append(std::span<const Trade> trades);
    void clear();
    // Drops every print after seq (a replay seeking back).
    void truncate_after(std::uint64_t seq);
    // The newest print equal to `t` (time, price, size, side, kind), looking back no further than
    // its exchange time: where a new chart over the same trades goes on from.
    std::optional<std::uint64_t> find_newest(const Trade& t) const;

    std::uint64_t begin_seq() const { return begin_; }  // oldest print kept
    std::uint64_t end_seq() const { return end_; }      // one past the newest
    std::size_t size() const { return static_cast<std::size_t>(end_ - begin_); }
    std::size_t capacity() const { return capacity_; }
    const TapePrint& at(std::uint64_t seq) const { return ring_[static_cast<std::size_t>(seq % capacity_)]; }

    // Whether print `next` joins a combined row that ends with `last`.
    static bool continues(const TapePrint& last, const TapePrint& next);
    TapeRowSummary summary(const TapeRow& row) const;

private:
    std::size_t capacity_;
    std::vector<TapePrint> ring_;  // grows to capacity_, then wraps
    std::uint64_t begin_ = 0;
    std::uint64_t end_ = 0;
};

// Makes rows of the tape's prints as they arrive, oldest first. The newest group stays open (the
// next print may join it): it becomes a row once it meets the minimum, and that row's count grows
// in place while prints join it.
class TapeRowBuilder {
public:
    struct Changes {
        std::vector<TapeRow> added;     // new rows, oldest first
        std::uint32_t newest_count = 0;  // not 0: the newest row shown before took more prints, now this many
    };
    TapeRowBuilder(Quantity min_size, bool combine) : min_size_(min_size), combine_(combine) {}

    // The rows the prints [from, tape.end_seq()) make, after those made of the prints before.
    Changes take(const TimeSalesTape& tape, std::uint64_t from);
    // Forgets the open group: the next take starts afresh.
    void reset() { *this = TapeRowBuilder(min_size_, combine_); }

private:
    void settle(Changes& changes);

    Quantity min_size_;
    bool combine_;
    TapeRow open_{0, 0};  // the newest group (count 0: none)
    Quantity open_size_;
    std::uint32_t shown_count_ = 0;  // the open group is the newest row, shown with this many prints
};

}  // namespace flowscope::ui
