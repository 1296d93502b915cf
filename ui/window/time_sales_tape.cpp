#include "window/time_sales_tape.hpp"

#include <algorithm>

namespace flowscope::ui {

TimeSalesTape::TimeSalesTape(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 1)) {}

void TimeSalesTape::append(std::span<const Trade> trades) {
    // More than the ring holds: only the newest can stay.
    if (trades.size() > capacity_) {
        end_ += trades.size() - capacity_;
        begin_ = end_;
        trades = trades.last(capacity_);
        ring_.resize(capacity_);  // every slot is written below
    }
    for (const Trade& t : trades) {
        const TapePrint p{t.exchange_time_us, t.price, t.quantity, t.aggressor, t.print, t.exchange};
        const auto slot = static_cast<std::size_t>(end_ % capacity_);
        if (slot < ring_.size())
            ring_[slot] = p;
        else
            ring_.push_back(p);  // the ring grows until it is full, slot == size here
        ++end_;
    }
    if (end_ - begin_ > capacity_) begin_ = end_ - capacity_;
}

void TimeSalesTape::clear() {
    ring_.clear();
    begin_ = end_ = 0;
}

void TimeSalesTape::truncate_after(std::uint64_t seq) {
    if (seq + 1 >= end_) return;
    end_ = std::max(seq + 1, begin_);
    // While the ring grows, print seq sits at slot seq: keep ring_.size() == end_ so appends go on.
    if (ring_.size() < capacity_) ring_.resize(static_cast<std::size_t>(end_));
}

std::optional<std::uint64_t> TimeSalesTape::find_newest(const Trade& t) const {
    for (std::uint64_t seq = end_; seq > begin_; --seq) {
        const TapePrint& p = at(seq - 1);
        if (p.time_us < t.exchange_time_us) break;
        if (p.time_us == t.exchange_time_us && p.price == t.price && p.quantity == t.quantity &&
            p.aggressor == t.aggressor && p.print == t.print && p.exchange == t.exchange)
            return seq - 1;
    }
    return std::nullopt;
}

bool TimeSalesTape::continues(const TapePrint& last, const TapePrint& next) {
    return next.time_us == last.time_us && next.aggressor == last.aggressor && next.print == last.print &&
           next.exchange == last.exchange;
}

TapeRowSummary TimeSalesTape::summary(const TapeRow& row) const {
    TapeRowSummary s;
    const TapePrint& first = at(row.first);
    s.time_us = first.time_us;
    s.aggressor = first.aggressor;
    s.print = first.print;
    s.exchange = first.exchange;
    s.low = s.high = s.first_price = first.price;
    for (std::uint64_t seq = row.first; seq < row.first + row.count; ++seq) {
        const TapePrint& p = at(seq);
        s.low = std::min(s.low, p.price);
        s.high = std::max(s.high, p.price);
        s.last_price = p.price;
        s.size += p.quantity;
        s.notional_units += Quantity{static_cast<int128>(p.price.units) * p.quantity.units};
        ++s.count;
    }
    return s;
}

void TapeRowBuilder::settle(Changes& changes) {
    if (open_.count == 0) return;
    if (shown_count_ > 0) {
        if (open_.count != shown_count_) changes.newest_count = shown_count_ = open_.count;
        return;
    }
    if (open_size_ < min_size_) return;
    changes.added.push_back(open_);
    shown_count_ = open_.count;
}

TapeRowBuilder::Changes TapeRowBuilder::take(const TimeSalesTape& tape, std::uint64_t from) {
    Changes changes;
    from = std::max(from, tape.begin_seq());
    if (open_.count > 0 && open_.first < tape.begin_seq()) open_ = {0, 0};  // the ring let it go
    for (std::uint64_t seq = from; seq < tape.end_seq(); ++seq) {
        const TapePrint& p = tape.at(seq);
        if (combine_ && open_.count > 0 && open_.first + open_.count == seq && TimeSalesTape::continues(tape.at(seq - 1), p)) {
            ++open_.count;
            open_size_ += p.quantity;
            continue;
        }
        settle(changes);
        open_ = {seq, 1};
        open_size_ = p.quantity;
        shown_count_ = 0;
    }
    settle(changes);
    return changes;
}

}  // namespace flowscope::ui
