#include "history/history_chain.hpp"

#include <algorithm>
#include <filesystem>

#include "history/daily_archive.hpp"
#include "model/wall_clock.hpp"
#include "net/adapters.hpp"
#include "record/daily_recorder.hpp"
#include "record/frame_synthesis.hpp"
#include "record/recording_trades.hpp"

namespace flowscope::history {

namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kDayUs = 86'400'000'000;
constexpr std::int64_t kHourUs = 3'600'000'000;

std::int64_t day_of(std::int64_t t) { return t >= 0 ? t / kDayUs * kDayUs : (t - kDayUs + 1) / kDayUs * kDayUs; }

bool ids_are_consecutive(Exchange exchange) {
    const auto adapter = make_adapter(exchange);
    return adapter && adapter->trade_ids_are_sequential();
}

// A stretch of consecutive ids one recording holds.
struct StoredRun {
    std::uint64_t first = 0, last = 0;
    std::int64_t first_time_us = 0, last_time_us = 0;
    std::string path;
    bool from_archive = false;  // kept by this walk from an archive (counted there, not as stored)
};

// The recordings of this market whose file names date them within [first_day, last_day].
std::vector<std::string> market_files(const HistoryRequest& request, std::int64_t first_day, std::int64_t last_day) {
    std::vector<std::string> dirs = request.read_dirs;
    if (!request.store_dir.empty()) dirs.insert(dirs.begin(), request.store_dir);
    std::vector<std::string> prefixes;
    for (std::int64_t d = first_day; d <= last_day; d += kDayUs) {
        std::string name = record::recording_file_name(request.exchange, request.symbol, d);
        prefixes.push_back(name.substr(0, name.size() - std::string_view(".fsrec").size()));
    }
    std::vector<std::string> files;
    std::error_code ec;
    for (const std::string& dir : dirs) {
        for (const auto& entry : fs::directory_iterator(dir, ec)) {
            const std::string name = entry.path().filename().string();
            if (!entry.is_regular_file() || entry.path().extension() != ".fsrec") continue;
            for (const std::string& prefix : prefixes)
                if (name.rfind(prefix, 0) == 0 && (name.size() == prefix.size() + 6 || name[prefix.size()] == '.'))
                    files.push_back(entry.path().string());
        }
    }
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    return files;
}

// Splits each file's trades into runs of consecutive ids (a live recording with a hole gives two).
std::vector<StoredRun> scan_runs(const std::vector<std::string>& files) {
    std::vector<StoredRun> runs;
    for (const std::string& path : files) {
        std::optional<StoredRun> run;
        auto read = record::read_recording_trades(path, [&](std::span<const Trade> batch) {
            for (const Trade& t : batch) {
                if (!t.id.number) continue;
                const std::uint64_t id = *t.id.number;
                if (run && id == run->last + 1) {
                    run->last = id;
                    run->last_time_us = t.exchange_time_us;
                    continue;
                }
                if (run && id <= run->last && id >= run->first) continue;  // repeated within the file
                if (run) runs.push_back(*run);
                run = StoredRun{id, id, t.exchange_time_us, t.exchange_time_us, path};
            }
        });
        if (run) runs.push_back(*run);
        (void)read;  // a file that cannot be read holds nothing we can count on: its ids are fetched
    }
    std::sort(runs.begin(), runs.end(), [](const StoredRun& a, const StoredRun& b) { return a.first < b.first; });
    return runs;
}

// Appends fetched trades to the store as their exchange's websocket frames, received at their
// exchange time, one file per UTC day (a day that has a file gets a ".1" file and so on).
class StoreWriter {
public:
    StoreWriter(const HistoryRequest& request) {
        if (request.store_dir.empty()) return;
        std::error_code ec;
        fs::create_directories(request.store_dir, ec);
        record::RecordingWriterOptions options;
        options.flush_interval_us = 0;  // whole blocks: this is not a live session
        recorder_ = std::make_unique<record::DailyRecorder>(request.store_dir, request.exchange, request.symbol, options);
        style_.exchange = request.exchange;
        style_.aggregated = request.exchange == Exchange::BinanceFutures || request.exchange == Exchange::BinanceSpot;
        style_.price_decimals = 0;
        style_.quantity_decimals = 0;
    }
    ~StoreWriter() {
        if (recorder_) recorder_->close();
    }
    Result<void> write(std::span<const Trade> trades) {
        if (!recorder_) return {};
        for (const Trade& t : trades) {
            frame_.clear();
            if (auto made = record::append_exchange_frame(frame_, t, style_); !made) return made;
            if (!recorder_->append(t.exchange_time_us, frame_)) return Failure{recorder_->error()};
        }
        return {};
    }

private:
    std::unique_ptr<record::DailyRecorder> recorder_;
    record::FrameStyle style_;
    std::string frame_;
};

struct Walk {
    const HistoryRequest& request;
    const HistoryCallbacks& callbacks;
    RestClient& client;
    RestClient& archive;  // archives live on a host of their own
    HistoryOutcome outcome;
    StoreWriter store;
    std::int64_t end_time_us;  // to_us, or now
    std::int64_t last_time_us = 0;
    std::string source;

    Walk(const HistoryRequest& r, const HistoryCallbacks& c, RestClient& rc, RestClient& ac, std::int64_t end)
        : request(r), callbacks(c), client(rc), archive(ac), store(r), end_time_us(end) {}

    bool stopped() const { return callbacks.stopped && callbacks.stopped(); }
    void note(const std::string& text) {
        outcome.notes.push_back(text);
        if (callbacks.on_note) callbacks.on_note(text);
    }
    void deliver(std::span<const Trade> trades, std::uint64_t& counter) {
        if (trades.empty()) return;
        counter += trades.size();
        outcome.delivered += trades.size();
        last_time_us = std::max(last_time_us, trades.back().exchange_time_us);
        for (const Trade& t : trades)
            if (t.id.number) outcome.last_id = std::max(outcome.last_id.value_or(0), *t.id.number);
        if (callbacks.on_trades) callbacks.on_trades(trades);
        progress();
    }
    void progress() {
        if (!callbacks.on_progress) return;
        HistoryProgress p;
        p.source = source;
        p.day = record::utc_date(last_time_us ? last_time_us : request.from_us);
        const double span = double(end_time_us - request.from_us);
        p.percent = span > 0 ? std::clamp(100.0 * double(last_time_us - request.from_us) / span, 0.0, 100.0) : 100.0;
        p.trades = callbacks.on_trades ? outcome.delivered : outcome.from_store + outcome.from_archive + outcome.from_rest;
        char text[160];
        std::snprintf(text, sizeof text, "history: %s %s %.0f%% %llu trades", source.c_str(), p.day.c_str(), p.percent,
                      static_cast<unsigned long long>(p.trades));
        p.message = text;
        callbacks.on_progress(p);
    }
};

bool archive_allowed(const HistoryRequest& request) {
    return request.archive_url != "none" && has_daily_archive(request.exchange) && !request.store_dir.empty();
}

// Consecutive ids: [start, end) walked in id order.
Result<void> walk_ids(Walk& walk, std::uint64_t start, std::optional<std::uint64_t> end, std::int64_t start_time_us,
                      const std::vector<std::string>& files, std::int64_t now_us) {
    const HistoryRequest& request = walk.request;
    std::vector<StoredRun> runs = scan_runs(files);
    std::uint64_t cursor = start;
    walk.last_time_us = start_time_us;
    std::vector<Trade> batch;
    const auto in_range = [&](const Trade& t) {
        return t.id.number && *t.id.number >= cursor && (!end || *t.id.number < *end) &&
               (request.to_us == 0 || t.exchange_time_us < request.to_us);
    };
    bool reached_end = false;
    while (!reached_end && (!end || cursor < *end)) {
        if (walk.stopped()) return Failure{"stopped"};
        // A recording holds the cursor: read it from there.
        auto held = std::find_if(runs.begin(), runs.end(), [&](const StoredRun& r) { return r.first <= cursor && cursor <= r.last; });
        if (held != runs.end()) {
            walk.source = held->from_archive ? "archive" : "recordings";
            const std::uint64_t run_last = held->last;
            std::uint64_t archive_counted = 0;  // trades of a run just fetched: counted as archive trades already
            std::uint64_t& counter = held->from_archive ? archive_counted : walk.outcome.from_store;
            if (walk.callbacks.on_trades) {
                std::vector<Trade> kept;
                auto read = record::read_recording_trades(held->path, [&](std::span<const Trade> trades) {
                    kept.clear();
                    for (const Trade& t : trades)
                        if (in_range(t) && *t.id.number <= run_last) kept.push_back(t);
                    std::sort(kept.begin(), kept.end(), [](const Trade& a, const Trade& b) { return *a.id.number < *b.id.number; });
                    walk.deliver(kept, counter);
                });
                if (!read) return Failure{read.error()};
            } else {
                counter += run_last - cursor + 1;
                walk.outcome.last_id = std::max(walk.outcome.last_id.value_or(0), run_last);
                walk.last_time_us = std::max(walk.last_time_us, held->last_time_us);
                walk.progress();
            }
            if (request.to_us != 0 && held->last_time_us >= request.to_us) reached_end = true;
            cursor = run_last + 1;
            continue;
        }
        std::optional<std::uint64_t> next_stored;
        for (const StoredRun& r : runs)
            if (r.first > cursor && (!next_stored || r.first < *next_stored)) next_stored = r.first;
        // Whole past days the recordings lack come from the archive, when there is one and more
        // than an hour of the day is missing (cheaper than 100+ pages).
        // The day the missing trades are in: the last one known's, or the next when that one
        // ends within the hour (its last trade was the day's last, most likely).
        std::int64_t day = day_of(walk.last_time_us);
        if (day + kDayUs - walk.last_time_us <= kHourUs) day += kDayUs;
        const std::int64_t day_end = day + kDayUs;
        std::int64_t missing_until = std::min(walk.end_time_us, day_end);
        for (const StoredRun& r : runs)
            if (next_stored && r.first == *next_stored) missing_until = std::min(missing_until, r.first_time_us);
        if (archive_allowed(request) && day_end + request.archive_delay_us <= now_us &&
            missing_until - std::max(walk.last_time_us, day) > kHourUs) {
            const std::string path = (fs::path(request.store_dir) / record::recording_file_name(request.exchange, request.symbol, day)).string();
            if (!fs::exists(path)) {
                walk.source = "archive";
                walk.progress();
                auto got = fetch_daily_archive(walk.archive, request.exchange, request.symbol, day, path);
                if (!got) return Failure{got.error()};
                if (got->outcome == ArchiveDay::Outcome::Kept) {
                    ++walk.outcome.archive_days;
                    walk.outcome.from_archive += got->trades;
                    if (!got->note.empty()) walk.note(got->note);
                    std::vector<StoredRun> added = scan_runs({path});
                    for (StoredRun& r : added) r.from_archive = true;
                    runs.insert(runs.end(), added.begin(), added.end());
                    std::sort(runs.begin(), runs.end(), [](const StoredRun& a, const StoredRun& b) { return a.first < b.first; });
                    if (std::any_of(added.begin(), added.end(), [&](const StoredRun& r) { return r.first <= cursor && cursor <= r.last; }))
                        continue;
                } else {
                    walk.note(got->note + ": REST pages instead");
                }
            }
        }
        // REST pages from the cursor up to the next stored run (or the end). An empty page where
        // more trades are known to exist is asked for once more before it counts as the end.
        walk.source = "REST";
        TradePageQuery query;
        query.symbol = request.symbol;
        query.from_id = cursor;
        Result<TradePage> page = Failure{"no page"};
        for (int attempt = 0; attempt < 2; ++attempt) {
            auto answer = walk.client.get(trade_page_target(request.exchange, query), trade_page_weight(request.exchange, query));
            if (!answer) return Failure{answer.error()};
            page = parse_trade_page(request.exchange, request.symbol, answer->body);
            if (!page) return Failure{"REST page from id " + std::to_string(cursor) + ": " + page.error()};
            const bool more_known = (end && cursor < *end) || next_stored;
            if (!page->trades.empty() || !more_known) break;
            if (attempt == 1)
                walk.note("the exchange answered an empty page from trade " + std::to_string(cursor) +
                          " though later trades exist: they stay missing");
        }
        ++walk.outcome.rest_pages;
        batch.clear();
        bool past_end = false;
        for (const Trade& t : page->trades) {
            if (!t.id.number || *t.id.number < cursor) continue;
            if ((end && *t.id.number >= *end) || (request.to_us != 0 && t.exchange_time_us >= request.to_us)) {
                past_end = true;
                break;
            }
            if (next_stored && *t.id.number >= *next_stored) break;
            batch.push_back(t);
        }
        if (batch.empty() && !past_end) {
            // The exchange has nothing from the cursor up to the next stored run (or at all).
            const std::uint64_t hole_end = next_stored ? *next_stored : end.value_or(cursor);
            if (hole_end > cursor) walk.outcome.unfilled.push_back({cursor, hole_end - 1, walk.last_time_us, 0});
            if (!next_stored) break;
            cursor = *next_stored;
            continue;
        }
        if (!batch.empty()) {
            if (*batch.front().id.number != cursor)
                walk.outcome.unfilled.push_back({cursor, *batch.front().id.number - 1, walk.last_time_us, batch.front().exchange_time_us});
            if (auto kept = walk.store.write(batch); !kept) return Failure{"keeping fetched trades: " + kept.error()};
            walk.deliver(batch, walk.outcome.from_rest);
            cursor = *batch.back().id.number + 1;
        }
        if (past_end) reached_end = true;
    }
    return {};
}

// Ids that are not consecutive: the range walked in time order; the consumer de-duplicates.
Result<void> walk_time(Walk& walk, const std::vector<std::string>& files) {
    const HistoryRequest& request = walk.request;
    const std::int64_t to = walk.end_time_us;
    std::int64_t stored_until = request.from_us;
    walk.source = "recordings";
    for (const std::string& path : files) {
        std::vector<Trade> kept;
        auto read = record::read_recording_trades(path, [&](std::span<const Trade> trades) {
            kept.clear();
            for (const Trade& t : trades)
                if (t.exchange_time_us >= request.from_us && t.exchange_time_us < to) kept.push_back(t);
            for (const Trade& t : kept) stored_until = std::max(stored_until, t.exchange_time_us);
            walk.deliver(kept, walk.outcome.from_store);
        });
        (void)read;
    }
    const RestLimits limits = rest_limits(request.exchange);
    walk.source = "REST";
    std::vector<Trade> collected;
    if (limits.newest_first) {
        // Newest first (OKX): page back from the latest until the range's start is passed.
        std::optional<std::uint64_t> before;
        for (int pages = 0; pages < 100'000; ++pages) {
            if (walk.stopped()) return Failure{"stopped"};
            TradePageQuery query;
            query.symbol = request.symbol;
            query.before_id = before;
            auto answer = walk.client.get(trade_page_target(request.exchange, query), trade_page_weight(request.exchange, query));
            if (!answer) return Failure{answer.error()};
            auto page = parse_trade_page(request.exchange, request.symbol, answer->body);
            if (!page) return Failure{page.error()};
            ++walk.outcome.rest_pages;
            if (page->trades.empty() || !page->trades.front().id.number) break;
            for (const Trade& t : page->trades)
                if (t.exchange_time_us >= stored_until && t.exchange_time_us < to) collected.push_back(t);
            before = *page->trades.front().id.number;
            if (page->trades.front().exchange_time_us < stored_until) break;
        }
        std::sort(collected.begin(), collected.end(), [](const Trade& a, const Trade& b) {
            return a.exchange_time_us != b.exchange_time_us ? a.exchange_time_us < b.exchange_time_us
                                                            : a.id.number.value_or(0) < b.id.number.value_or(0);
        });
    } else if (limits.pages_by_time) {
        std::int64_t cursor = stored_until;
        std::optional<std::string> kraken_cursor;
        for (int pages = 0; pages < 100'000 && cursor < to; ++pages) {
            if (walk.stopped()) return Failure{"stopped"};
            TradePageQuery query;
            query.symbol = request.symbol;
            query.start_us = cursor;
            if (limits.max_window_us > 0) query.end_us = std::min(to, cursor + limits.max_window_us);
            auto answer = walk.client.get(trade_page_target(request.exchange, query), trade_page_weight(request.exchange, query));
            if (!answer) return Failure{answer.error()};
            auto page = parse_trade_page(request.exchange, request.symbol, answer->body);
            if (!page) return Failure{page.error()};
            ++walk.outcome.rest_pages;
            std::int64_t newest = cursor;
            for (const Trade& t : page->trades) {
                newest = std::max(newest, t.exchange_time_us);
                if (t.exchange_time_us >= cursor && t.exchange_time_us < to) collected.push_back(t);
            }
            if (page->trades.empty()) {
                if (!query.end_us || *query.end_us >= to) break;
                cursor = *query.end_us;
                continue;
            }
            // Next page from the newest time seen (trades at that very time come again: de-duplicated).
            if (newest == cursor) ++newest;
            cursor = newest;
            if (static_cast<int>(page->trades.size()) < limits.max_page_trades && (!query.end_us || *query.end_us >= to)) break;
        }
    } else {
        // Only the latest trades (Bybit): what reaches back into the range.
        TradePageQuery query;
        query.symbol = request.symbol;
        auto answer = walk.client.get(trade_page_target(request.exchange, query), trade_page_weight(request.exchange, query));
        if (!answer) return Failure{answer.error()};
        auto page = parse_trade_page(request.exchange, request.symbol, answer->body);
        if (!page) return Failure{page.error()};
        ++walk.outcome.rest_pages;
        for (const Trade& t : page->trades)
            if (t.exchange_time_us >= stored_until && t.exchange_time_us < to) collected.push_back(t);
        if (!page->trades.empty() && page->trades.front().exchange_time_us > stored_until)
            walk.note("the exchange's REST serves only its latest " + std::to_string(page->trades.size()) +
                      " trades: history before " + record::utc_date(page->trades.front().exchange_time_us) + " is not available");
    }
    // One id once, even when pages overlapped.
    std::vector<Trade> unique;
    std::unordered_set<std::string> seen;
    for (const Trade& t : collected)
        if (seen.insert(std::string(t.id.text.view())).second) unique.push_back(t);
    if (auto kept = walk.store.write(unique); !kept) return Failure{"keeping fetched trades: " + kept.error()};
    walk.deliver(unique, walk.outcome.from_rest);
    return {};
}

}  // namespace

RestClient make_rest_client(const HistoryRequest& request, const HistoryCallbacks& callbacks) {
    const RestLimits limits = rest_limits(request.exchange);
    RestClientOptions options;
    options.base_url = request.rest_url.empty() ? limits.base_url : request.rest_url;
    options.extra_ca_file = request.extra_ca_file;
    options.budget = request.budget;
    if (!options.budget) {
        RateBudgetOptions b;
        b.weight_per_minute = limits.weight_per_minute > 0 ? limits.weight_per_minute : limits.requests_per_second * 60;
        b.share = request.share;
        options.budget = std::make_shared<RateBudget>(b);
    }
    options.used_weight_header = limits.used_weight_header;
    options.now_us = callbacks.now_us;
    options.sleep_us = callbacks.sleep_us;
    options.stopped = callbacks.stopped;
    options.on_wait = callbacks.on_note;
    return RestClient(std::move(options));
}

Result<std::optional<Trade>> fetch_first_trade_at(RestClient& client, Exchange exchange, const std::string& symbol,
                                                  std::int64_t time_us, std::int64_t limit_us) {
    const RestLimits limits = rest_limits(exchange);
    const std::int64_t window = limits.max_window_us > 0 ? limits.max_window_us : kDayUs;
    for (std::int64_t t = time_us; t < limit_us; t += window) {
        TradePageQuery query;
        query.symbol = symbol;
        query.start_us = t;
        query.end_us = std::min(limit_us, t + window) - 1000;  // Binance's endTime is inclusive, in ms
        query.limit = 1;
        // A window answered empty is asked once more: an exchange's empty answer is not proof.
        for (int attempt = 0; attempt < 2; ++attempt) {
            auto answer = client.get(trade_page_target(exchange, query), trade_page_weight(exchange, query));
            if (!answer) return Failure{answer.error()};
            auto page = parse_trade_page(exchange, symbol, answer->body);
            if (!page) return Failure{page.error()};
            if (!page->trades.empty()) return std::optional<Trade>(page->trades.front());
        }
        if (client.options().on_wait)
            client.options().on_wait("the exchange answered an empty page twice for " + record::utc_date(t) +
                                     " from " + std::to_string((t / 1'000'000) % 86400 / 3600) + ":00 UTC: history starts later");
    }
    return std::optional<Trade>();
}

Result<std::vector<Trade>> fetch_trade_ids(RestClient& client, Exchange exchange, const std::string& symbol,
                                           std::uint64_t first, std::uint64_t last) {
    std::vector<Trade> result;
    std::uint64_t cursor = first;
    while (cursor <= last) {
        TradePageQuery query;
        query.symbol = symbol;
        query.from_id = cursor;
        const std::uint64_t wanted = last - cursor + 1;
        const int max_page = rest_limits(exchange).max_page_trades;
        query.limit = static_cast<int>(std::min<std::uint64_t>(wanted, static_cast<std::uint64_t>(max_page)));
        auto answer = client.get(trade_page_target(exchange, query), trade_page_weight(exchange, query));
        if (!answer) return Failure{answer.error()};
        auto page = parse_trade_page(exchange, symbol, answer->body);
        if (!page) return Failure{page.error()};
        std::uint64_t advanced = cursor;
        for (const Trade& t : page->trades) {
            if (!t.id.number || *t.id.number < cursor || *t.id.number > last) continue;
            result.push_back(t);
            advanced = std::max(advanced, *t.id.number + 1);
        }
        if (advanced == cursor) break;  // the exchange has no more
        cursor = advanced;
    }
    return result;
}

Result<HistoryOutcome> fetch_history(const HistoryRequest& request, const HistoryCallbacks& callbacks) {
    if (request.symbol.empty()) return Failure{"no symbol"};
    RestClient client = make_rest_client(request, callbacks);
    const std::int64_t now_us = callbacks.now_us ? callbacks.now_us() : wall_now_us();
    const std::int64_t end_time = request.to_us != 0 ? request.to_us : now_us;
    if (end_time <= request.from_us) return HistoryOutcome{};
    const std::vector<std::string> files = market_files(request, day_of(request.from_us) - kDayUs, day_of(end_time));

    // Archives come from their own server, which states no rate limit.
    RestClient archive_client = [&] {
        RestClientOptions options = client.options();
        options.base_url = request.archive_url.empty() || request.archive_url == "none" ? daily_archive_base_url(request.exchange)
                                                                                         : request.archive_url;
        options.budget = nullptr;
        options.used_weight_header.clear();
        options.timeout_s = 120;  // tens of MB
        return RestClient(std::move(options));
    }();
    Walk walk(request, callbacks, client, archive_client, end_time);
    if (!ids_are_consecutive(request.exchange)) {
        if (auto done = walk_time(walk, files); !done) return Failure{done.error()};
        return walk.outcome;
    }
    // Consecutive ids: find the range's first id (one small REST page), then walk the ids.
    auto first = fetch_first_trade_at(client, request.exchange, request.symbol, request.from_us, end_time);
    if (!first) return Failure{first.error()};
    if (!*first) return walk.outcome;  // no trade in the range
    const std::uint64_t start = *(*first)->id.number;
    std::optional<std::uint64_t> end = request.until_id;
    if (end && *end <= start) return walk.outcome;
    walk.outcome.first_id = start;
    auto done = walk_ids(walk, start, end, (*first)->exchange_time_us, files, now_us);
    if (!done) return Failure{done.error()};
    return walk.outcome;
}

}  // namespace flowscope::history
