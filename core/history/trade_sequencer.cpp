#include "history/trade_sequencer.hpp"

#include <algorithm>

namespace flowscope::history {

TradeSequencer::TradeSequencer(SequencerOptions options) : options_(options) {}

void TradeSequencer::start_at(std::uint64_t first_id) {
    started_ = true;
    next_ = first_id;
}

void TradeSequencer::push(std::span<const Trade> trades, std::vector<Trade>& out) {
    for (const Trade& t : trades) {
        if (options_.sequential_ids && t.id.number)
            push_sequential(t, out);
        else
            push_unnumbered(t, out);
    }
}

std::size_t TradeSequencer::pass_through(std::span<const Trade> trades) {
    if (!held_.empty()) return 0;
    std::size_t n = 0;
    for (const Trade& t : trades) {
        if (options_.sequential_ids && t.id.number) {
            const std::uint64_t id = *t.id.number;
            if (!started_) start_at(id);
            if (id == next_) {
                ++next_;
                last_time_us_ = t.exchange_time_us;
            } else if (id < next_ && take_from_given_up(id)) {
                ++counters_.late;
            } else {
                break;
            }
        } else if (!first_sighting(t)) {
            break;
        }
        ++counters_.released;
        ++n;
    }
    return n;
}

void TradeSequencer::push_sequential(const Trade& t, std::vector<Trade>& out) {
    const std::uint64_t id = *t.id.number;
    if (!started_) start_at(id);
    if (id == next_) {
        out.push_back(t);
        ++counters_.released;
        last_time_us_ = t.exchange_time_us;
        ++next_;
        release_ready(out);
        return;
    }
    if (id > next_) {
        if (!held_.emplace(id, t).second) {
            ++counters_.duplicates;
            return;
        }
        if (held_.size() > options_.max_held) {  // the oldest hole has waited for too many trades
            give_up_before(held_.begin()->first, out);
        }
        return;
    }
    // Below next_: counted already, unless it belongs to a hole that was given up.
    if (take_from_given_up(id)) {
        out.push_back(t);
        ++counters_.released;
        ++counters_.late;
        return;
    }
    ++counters_.duplicates;
}

void TradeSequencer::release_ready(std::vector<Trade>& out) {
    while (!held_.empty() && held_.begin()->first == next_) {
        auto node = held_.extract(held_.begin());
        last_time_us_ = node.mapped().exchange_time_us;
        out.push_back(std::move(node.mapped()));
        ++counters_.released;
        ++next_;
    }
}

bool TradeSequencer::take_from_given_up(std::uint64_t id) {
    std::vector<IdHole>::iterator it;
    const std::uint32_t hint = front_hint_[id % kFrontHints];
    if (hint != 0 && hint <= given_up_.size() && given_up_[hint - 1].first == id) {
        it = given_up_.begin() + (hint - 1);
    } else {  // the last hole that starts at or before id
        it = std::upper_bound(given_up_.begin(), given_up_.end(), id,
                              [](std::uint64_t v, const IdHole& h) { return v < h.first; });
        if (it == given_up_.begin() || std::prev(it)->last < id) return false;
        --it;
    }
    --counters_.trades_given_up;
    // Split the hole around the id that came.
    IdHole rest = *it;
    if (it->first == it->last) {
        given_up_.erase(it);
        front_hint_.fill(0);  // indices moved
    } else if (id == it->first) {
        ++it->first;
        front_hint_[it->first % kFrontHints] = static_cast<std::uint32_t>(it - given_up_.begin() + 1);
    } else if (id == it->last) {
        --it->last;
    } else {
        it->last = id - 1;
        rest.first = id + 1;
        given_up_.insert(it + 1, rest);
        front_hint_.fill(0);
    }
    return true;
}

bool TradeSequencer::seen(const Trade& t) const {
    if (options_.sequential_ids && t.id.number) {
        const std::uint64_t id = *t.id.number;
        if (!started_) return false;
        if (id >= next_) return held_.count(id) > 0;
        return std::none_of(given_up_.begin(), given_up_.end(), [id](const IdHole& h) { return id >= h.first && id <= h.last; });
    }
    return !t.id.text.empty() && seen_.count(t.id.text) > 0;
}

std::vector<IdHole> TradeSequencer::holes() const {
    std::vector<IdHole> result;
    if (!started_) return result;
    std::uint64_t expect = next_;
    std::int64_t after_time = last_time_us_;
    for (const auto& [id, trade] : held_) {
        if (id > expect) result.push_back({expect, id - 1, after_time, trade.exchange_time_us});
        expect = id + 1;
        after_time = trade.exchange_time_us;
    }
    return result;
}

void TradeSequencer::give_up_before(std::uint64_t id, std::vector<Trade>& out) {
    while (!held_.empty() && held_.begin()->first <= id && held_.begin()->first > next_) {
        const std::uint64_t resume = held_.begin()->first;
        given_up_.push_back({next_, resume - 1, last_time_us_, held_.begin()->second.exchange_time_us});
        front_hint_[next_ % kFrontHints] = static_cast<std::uint32_t>(given_up_.size());
        ++counters_.holes_given_up;
        counters_.trades_given_up += resume - next_;
        next_ = resume;
        release_ready(out);
    }
}

void TradeSequencer::give_up_all(std::vector<Trade>& out) {
    if (!held_.empty()) give_up_before(held_.rbegin()->first, out);
}

void TradeSequencer::push_unnumbered(const Trade& t, std::vector<Trade>& out) {
    if (!first_sighting(t)) {
        ++counters_.duplicates;
        return;
    }
    out.push_back(t);
    ++counters_.released;
}

bool TradeSequencer::first_sighting(const Trade& t) {
    if (t.id.text.empty()) return true;  // nothing to tell it apart by: count it
    if (!seen_.insert(t.id.text).second) return false;
    newest_time_us_ = std::max(newest_time_us_, t.exchange_time_us);
    seen_order_.emplace_back(t.exchange_time_us, t.id.text);
    while (!seen_order_.empty() && seen_order_.front().first < newest_time_us_ - options_.dedupe_window_us) {
        seen_.erase(seen_order_.front().second);
        seen_order_.pop_front();
    }
    return true;
}

std::size_t TradeSequencer::memory_bytes() const {
    // Map and hash-set nodes: the element and about three pointers each.
    return sizeof(*this) + held_.size() * (sizeof(Trade) + 48) + given_up_.capacity() * sizeof(IdHole) +
           seen_.size() * (sizeof(IdText) + 24) + seen_.bucket_count() * sizeof(void*) +
           seen_order_.size() * sizeof(seen_order_.front());
}

}  // namespace flowscope::history
