#pragma once
// One market's trades from every source that sends them (the live stream, a reconnect that sends
// recent trades again, REST pages, archives, repairs) put into one sequence where no trade counts
// twice and, where the exchange numbers its trades consecutively (Binance aggTrade ids), none is
// skipped: a trade after a hole waits until the hole is filled, then everything goes out in id
// order. So bars and CVD are built from trades in the order the exchange made them, and a repaired
// hole gives exactly the bars an unbroken stream would have given.
//
// Waiting is bounded: the owner gives a hole up (the exchange cannot serve it, the repair took too
// long) and the waiting trades go out; the hole stays on record, and trades of it that still come
// go out late, each once. Past max_held waiting trades the oldest hole is given up by itself.
//
// Exchanges whose ids are not consecutive (Bybit UUIDs, Coinbase, Kraken, OKX) are only
// de-duplicated: by id among the trades of the last dedupe_window_us of exchange time.
#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "model/trade.hpp"

namespace flowscope::history {

struct SequencerOptions {
    bool sequential_ids = false;
    std::size_t max_held = 4'000'000;             // waiting trades before the oldest hole is given up
    std::int64_t dedupe_window_us = 600'000'000;  // non-sequential ids: ids remembered this long
};

// Consecutive ids first … last (inclusive) that were not there when later ones came.
struct IdHole {
    std::uint64_t first = 0, last = 0;
    std::int64_t after_time_us = 0;   // exchange time of the trade before the hole (0: unknown)
    std::int64_t before_time_us = 0;  // exchange time of the first trade after it
    std::uint64_t count() const { return last - first + 1; }
};

struct SequencerCounters {
    std::uint64_t released = 0;     // trades handed out
    std::uint64_t duplicates = 0;   // trades already counted, dropped
    std::uint64_t late = 0;         // trades of a given-up hole that came after all (handed out late)
    std::uint64_t holes_given_up = 0;
    std::uint64_t trades_given_up = 0;  // ids in given-up holes that never came
};

class TradeSequencer {
public:
    explicit TradeSequencer(SequencerOptions options = {});

    // Sequential ids: the first id that belongs to the sequence. Without it the first trade pushed
    // starts it. Set it below the live stream's first trade to have history fill the difference
    // (that span is a hole until it is filled or given up).
    void start_at(std::uint64_t first_id);

    // Any source, any order. Ready trades are appended to out in sequence.
    void push(std::span<const Trade> trades, std::vector<Trade>& out);
    // The fast path of push() for trades that need no copy: how many leading trades go out as they
    // are, in the order given, with nothing held: each the next id (or a late trade of a given-up
    // hole, or, ids not consecutive, one not seen before). The sequence moves past them; the
    // caller hands them on itself and push()es the trade that stopped the run (a hole, a duplicate).
    // A replay's stream of ready trades runs through here at the cost of a comparison per trade.
    std::size_t pass_through(std::span<const Trade> trades);

    // True when push() would drop this trade as one already counted (or waiting).
    bool seen(const Trade& t) const;

    // The holes waiting to be filled, oldest first (sequential ids only).
    std::vector<IdHole> holes() const;
    // Gives up every hole that ends before id (inclusive: last < id): waiting trades after them go
    // out into out. Repairs that come later for those ids go out late, once.
    void give_up_before(std::uint64_t id, std::vector<Trade>& out);
    void give_up_all(std::vector<Trade>& out);
    // Given-up holes that are still (partly) missing, oldest first; for the chart's gap marks.
    const std::vector<IdHole>& given_up() const { return given_up_; }

    std::size_t held() const { return held_.size(); }
    // The next id the sequence expects (sequential ids, once started).
    std::optional<std::uint64_t> next_id() const { return started_ ? std::optional<std::uint64_t>(next_) : std::nullopt; }
    const SequencerCounters& counters() const { return counters_; }
    // What a copy holds (a replay checkpoint keeps one), roughly.
    std::size_t memory_bytes() const;

private:
    void push_sequential(const Trade& t, std::vector<Trade>& out);
    void push_unnumbered(const Trade& t, std::vector<Trade>& out);
    bool first_sighting(const Trade& t);  // non-sequential ids: remembers it; false for a duplicate
    void release_ready(std::vector<Trade>& out);
    bool take_from_given_up(std::uint64_t id);

    SequencerOptions options_;
    bool started_ = false;
    std::uint64_t next_ = 0;                  // every id below it is counted or given up
    std::int64_t last_time_us_ = 0;           // exchange time of the last trade released in sequence
    std::map<std::uint64_t, Trade> held_;     // waiting after a hole, by id
    // Ids still missing in given-up holes, split as they fill: ascending and apart (holes are given
    // up in id order), so a late trade finds its hole by binary search. A replay of a stream whose
    // ids interleave (copies laid over each other) keeps about a thousand here.
    std::vector<IdHole> given_up_;
    // Where the hole is that a late id fills from its front, by the id's low bits (index + 1; 0:
    // none): late trades mostly come in id order, each the first missing id of its hole, and then
    // skip the binary search (which cost bench_record's day of 49 interleaved copies, nearly
    // every trade late, about 5 % of its replay).
    static constexpr std::size_t kFrontHints = 1024;
    std::array<std::uint32_t, kFrontHints> front_hint_{};
    // Non-sequential: ids seen, with their times, to forget them after the window. Kept as the
    // trade's own inline text, so remembering an id never allocates.
    using IdText = decltype(TradeId::text);
    struct IdTextHash {
        std::size_t operator()(const IdText& s) const { return std::hash<std::string_view>{}(s.view()); }
    };
    std::unordered_set<IdText, IdTextHash> seen_;
    std::deque<std::pair<std::int64_t, IdText>> seen_order_;
    std::int64_t newest_time_us_ = 0;
    SequencerCounters counters_;
};

}  // namespace flowscope::history
