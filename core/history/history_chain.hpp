#pragma once
// A market's trades over a time range, each from the cheapest source that has it, in this order:
// recordings already on disk (the history store and the app's own live recordings), the
// exchange's daily archive for whole past days (kept in the store as a recording), and REST pages
// for the rest (kept in the store too, so a second launch is local).
//
// Where ids are consecutive (Binance) the range is walked in id order: what the recordings hold is
// read, every id they lack is fetched, and what the exchange cannot serve is reported as a hole.
// Elsewhere the range is walked in time order and the consumer de-duplicates by id
// (trade_sequencer.hpp does both). Trades are delivered as they are read or fetched, oldest first
// within each source, so a chart fills while pages arrive.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "history/rate_budget.hpp"
#include "history/rest_client.hpp"
#include "history/trade_sequencer.hpp"
#include "model/result.hpp"
#include "model/trade.hpp"

namespace flowscope::history {

struct HistoryRequest {
    Exchange exchange = Exchange::Unknown;
    std::string symbol;                     // the exchange's spelling
    std::int64_t from_us = 0;               // [from_us, to_us)
    std::int64_t to_us = 0;                 // 0: up to the latest trade the exchange serves
    std::optional<std::uint64_t> until_id;  // consecutive ids: stop before this id (the live stream's first trade)
    std::string store_dir;                  // daily recordings read here, and what is fetched kept here (empty: kept nowhere)
    std::vector<std::string> read_dirs;     // more recordings of this market, only read (the app's live recordings)
    std::string rest_url;                   // empty: the exchange's own
    std::string archive_url;                // empty: the exchange's own; "none": no archive is tried
    std::string extra_ca_file;
    std::shared_ptr<RateBudget> budget;     // shared by everything that talks to this exchange; null: made here
    double share = 0.5;                     // of the exchange's limit, when the budget is made here
    // A day's archive is looked for once the day has been over this long (Binance publishes the
    // previous day's files in the morning UTC); before that, REST pages.
    std::int64_t archive_delay_us = 0;
};

struct HistoryProgress {
    std::string source;  // "recordings", "archive", "REST"
    std::string day;     // "2020-02-22"
    double percent = 0;  // of the range, by time
    std::uint64_t trades = 0;  // delivered so far
    std::string message;       // for a status bar or a CLI line, e.g. "REST 2026-12-02 43% 12,000 trades"
};

struct HistoryCallbacks {
    std::function<void(std::span<const Trade>)> on_trades;  // null: only fill the store
    std::function<void(const HistoryProgress&)> on_progress;
    std::function<void(const std::string&)> on_note;        // waits, fall-throughs, refusals: for people
    std::function<bool()> stopped;
    std::function<std::int64_t()> now_us;                   // tests and benches; null: the wall clock
    std::function<void(std::int64_t)> sleep_us;
};

struct HistoryOutcome {
    std::uint64_t delivered = 0;     // trades handed to on_trades (or that would have been)
    std::uint64_t from_store = 0, from_archive = 0, from_rest = 0;
    std::uint64_t rest_pages = 0, archive_days = 0;
    std::optional<std::uint64_t> first_id, last_id;  // consecutive ids: the range's ids
    std::vector<IdHole> unfilled;    // ids the exchange did not serve
    std::vector<std::string> notes;  // what people should know (archive not published, REST used instead …)
};

Result<HistoryOutcome> fetch_history(const HistoryRequest& request, const HistoryCallbacks& callbacks = {});

// A REST client for the exchange as the request describes it (base URL, CA, budget).
RestClient make_rest_client(const HistoryRequest& request, const HistoryCallbacks& callbacks);

// Gap repair: the trades with ids first … last (inclusive), oldest first, fetched by id
// (exchanges whose pages start at an id). Fewer come back when the exchange has no more.
Result<std::vector<Trade>> fetch_trade_ids(RestClient& client, Exchange exchange, const std::string& symbol,
                                           std::uint64_t first, std::uint64_t last);

// The exchange's first trade at or after time_us (and before limit_us), by REST; nothing when none.
Result<std::optional<Trade>> fetch_first_trade_at(RestClient& client, Exchange exchange, const std::string& symbol,
                                                  std::int64_t time_us, std::int64_t limit_us);

}  // namespace flowscope::history
