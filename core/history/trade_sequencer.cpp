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
    auto it = std::find_if(given_up_.begin(), given_up_.end(),
                           [id](const IdHole& h) { return id >= h.first && id <= h.last; });
    if (it == given_up_.end()) return false;
    --counters_.trades_given_up;
    // Split the hole around the id that came.
    IdHole rest = *it;
    if (it->first == it->last) {
        given_up_.erase(it);
    } else if (id == it->first) {
        ++it->first;
    } else if (id == it->last) {
        --it->last;
    } else {
        it->last = id - 1;
        rest.first = id + 1;
        given_up_.insert(it + 1, rest);
    }
    return true;
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
    const std::string_view id = t.id.text.view();
    if (id.empty()) {  // nothing to tell it apart by: count it
        out.push_back(t);
        ++counters_.released;
        return;
    }
    std::string key(id);
    if (!seen_.insert(key).second) {
        ++counters_.duplicates;
        return;
    }
    newest_time_us_ = std::max(newest_time_us_, t.exchange_time_us);
    seen_order_.emplace_back(t.exchange_time_us, std::move(key));
    while (!seen_order_.empty() && seen_order_.front().first < newest_time_us_ - options_.dedupe_window_us) {
        seen_.erase(seen_order_.front().second);
        seen_order_.pop_front();
    }
    out.push_back(t);
    ++counters_.released;
}

}  // namespace flowscope::history
