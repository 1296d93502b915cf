// flowscope-cli trades / live: trades from captured websocket frames, or from the exchange live.
//
// trades: one JSON frame per line (NDJSON, as captured from a browser or a websocket tool), or a
// .fsrec recording, → CSV time_ms,price,quantity,side,trade_id (side = the aggressor); prints that
// are not aggression are left out and counted, or listed with a print column when asked for. Frames of
// channels the adapter does not read (depth, bookTicker… of a combined stream) are ignored and
// counted; broken frames and exchange errors are counted and described on stderr.
// live: the same CSV (or one summary line per second of exchange time) from the live feed until
// SIGINT/SIGTERM; connection events go to stderr, and without a network it says so and retries.
// With --alert, one line per alert instead (cli_alerts.hpp). With --group, one market of several
// exchanges: its bars as they close (cli_group_live.hpp).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <cstdio>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli_alerts.hpp"
#include "cli_commands.hpp"
#include "cli_group_live.hpp"
#include "cli_time.hpp"
#include "history/live_splice.hpp"
#include "net/adapters.hpp"
#include "net/http_client.hpp"
#include "net/live_feed.hpp"
#include "record/recording_session.hpp"
#include "record/replayer.hpp"

namespace flowscope::cli {

namespace {

constexpr int kMaxReportedFrames = 10;  // bad frames described one by one; the rest are counted

void complain(const std::string& message) { std::fprintf(stderr, "flowscope-cli: %s\n", message.c_str()); }

std::optional<Exchange> exchange_argument(const std::string& name) {
    const auto exchange = exchange_from_name(name);
    if (!exchange) complain("unknown --exchange '" + name + "': use binance, binance-futures, bybit, okx, coinbase or kraken");
    return exchange;
}

// What happened to the frames of one input, for the closing report.
struct FrameTally {
    std::uint64_t frames = 0, trades = 0, control = 0, unknown = 0, malformed = 0, errors = 0;
    int described = 0;

    void describe(const std::string& where, const FrameResult& result) {
        if (described++ < kMaxReportedFrames)
            std::fprintf(stderr, "flowscope-cli: %s: %s: %s\n", where.c_str(),
                         result.kind == FrameKind::Error ? "exchange error" : "malformed frame", result.message.c_str());
    }
    void count(const FrameResult& result, std::size_t new_trades, const std::string& where) {
        ++frames;
        trades += new_trades;
        switch (result.kind) {
            case FrameKind::Trades: break;
            case FrameKind::Ack:
            case FrameKind::Heartbeat: ++control; break;
            case FrameKind::Unknown: ++unknown; break;
            case FrameKind::Malformed: ++malformed; describe(where, result); break;
            case FrameKind::Error: ++errors; describe(where, result); break;
        }
    }
    // A run that printed no trade failed: says why, in the words of what was counted.
    bool found_trades(const std::string& input, const std::string& exchange) const {
        if (trades > 0) return true;
        std::string why = input + ": no trades";
        if (frames == 0) why += ": it holds no frames";
        else if (malformed == frames) why += ": every one of its " + std::to_string(frames) + " frames is malformed";
        else why += " among its " + std::to_string(frames) + " frames";
        complain(why + "; check that it holds " + exchange + " trade frames (--exchange names whose)");
        return false;
    }
    void report(const std::string& input) const {
        if (described > kMaxReportedFrames)
            std::fprintf(stderr, "flowscope-cli: ... %d more bad frames not shown\n", described - kMaxReportedFrames);
        std::fprintf(stderr,
                     "flowscope-cli: %s: %llu frames, %llu trades, %llu acks/heartbeats, %llu ignored (channels not read), "
                     "%llu malformed (skipped), %llu exchange errors\n",
                     input.c_str(), static_cast<unsigned long long>(frames), static_cast<unsigned long long>(trades),
                     static_cast<unsigned long long>(control), static_cast<unsigned long long>(unknown),
                     static_cast<unsigned long long>(malformed), static_cast<unsigned long long>(errors));
    }
};

// CSV rows through one buffer and fwrite.
class TradeCsv {
public:
    explicit TradeCsv(bool include_non_aggressive) : include_non_aggressive_(include_non_aggressive) {
        text_.reserve(kFlushBytes + 256);
        text_ = include_non_aggressive ? "time_ms,price,quantity,side,trade_id,print\n" : "time_ms,price,quantity,side,trade_id\n";
    }
    ~TradeCsv() { flush(); }
    TradeCsv(const TradeCsv&) = delete;
    TradeCsv& operator=(const TradeCsv&) = delete;

    void add(const Trade& t) {
        if (!is_aggression(t.print)) {
            ++non_aggressive_;
            if (!include_non_aggressive_) return;
        }
        text_ += std::to_string(t.exchange_time_us / 1000);
        text_ += ',';
        append_units(text_, t.price.units);
        text_ += ',';
        append_units(text_, t.quantity.units);
        text_ += ',';
        text_ += side_name(t.aggressor);
        text_ += ',';
        text_ += t.id.text.view();
        if (include_non_aggressive_) {
            text_ += ',';
            text_ += print_name(t.print);
        }
        text_ += '\n';
        if (text_.size() >= kFlushBytes) flush();
    }
    void flush() {
        if (!text_.empty()) std::fwrite(text_.data(), 1, text_.size(), stdout);
        text_.clear();
        std::fflush(stdout);
    }

    void report_non_aggressive() const {
        const std::string note = non_aggressive_note(non_aggressive_, include_non_aggressive_);
        if (!note.empty()) complain(note);
    }

private:
    static constexpr std::size_t kFlushBytes = 1 << 20;
    std::string text_;
    bool include_non_aggressive_;
    std::uint64_t non_aggressive_ = 0;
};

struct TradesArgs {
    std::string input;
    std::string exchange;
    bool include_non_aggressive = false;
};

void print_ndjson_trades(const TradesArgs& args, const ExchangeAdapter& adapter) {
    errno = 0;
    std::ifstream in(args.input, std::ios::binary);
    if (!in) {
        const int why = errno;
        complain("cannot read --input '" + args.input + "': " + (why != 0 ? std::strerror(why) : "unreadable") +
                 " (give an NDJSON file of websocket frames or a .fsrec recording)");
        set_exit_code(kExitFatal);
        return;
    }
    TradeCsv csv(args.include_non_aggressive);
    FrameTally tally;
    std::vector<Trade> trades;
    std::uint64_t line_number = 0;
    for (std::string line; std::getline(in, line);) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        trades.clear();
        const FrameResult result = adapter.parse(line, 0, trades);
        tally.count(result, trades.size(), args.input + ":" + std::to_string(line_number));
        for (const Trade& t : trades) csv.add(t);
    }
    csv.flush();
    tally.report(args.input);
    csv.report_non_aggressive();
    if (!tally.found_trades(args.input, std::string(exchange_name(adapter.exchange())))) set_exit_code(kExitFatal);
}

// A recording (or a folder of daily recordings) plays as a replay does (record::Replayer): each
// frame through its exchange's adapter, flowscope's own frames apart, every trade once and repaired
// stretches in place.
void print_recording_trades(const TradesArgs& args, std::optional<Exchange> only) {
    auto opened = record::RecordingSession::open(args.input);
    if (!opened) {
        std::string error = opened.error();
        std::error_code ec;
        if (std::filesystem::is_directory(args.input, ec))
            error += " (trades reads an NDJSON file of frames, a .fsrec recording or a folder of recordings)";
        complain(error);
        set_exit_code(kExitFatal);
        return;
    }
    const std::string whose = only ? std::string(exchange_name(*only)) : std::string(exchange_name((*opened)->exchange()));
    record::Replayer replayer(std::move(*opened));
    TradeCsv csv(args.include_non_aggressive);
    std::vector<Trade> trades;
    std::uint64_t listed = 0;
    for (;;) {
        trades.clear();
        if (replayer.advance_to(std::numeric_limits<std::int64_t>::max(), trades, 65'536) == 0) break;
        for (const Trade& t : trades) {
            if (only && t.exchange != *only) continue;
            csv.add(t);
            ++listed;
        }
    }
    csv.flush();
    for (const auto& issue : replayer.session().issues()) complain(issue.describe());
    const record::ReplayStats& s = replayer.stats();
    for (const std::string& problem : s.problems) complain(args.input + ": " + problem);
    FrameTally tally;
    tally.frames = s.frames;
    tally.trades = listed;
    tally.control = s.acks;
    tally.unknown = s.ignored - s.acks;
    tally.malformed = s.malformed;
    tally.errors = s.exchange_errors;
    tally.described = static_cast<int>(std::min<std::uint64_t>(s.malformed + s.exchange_errors, 1'000'000));
    tally.report(args.input);
    if (s.control > 0 || s.duplicates > 0)
        complain(args.input + ": " + std::to_string(s.control) + " backfill markers, " + std::to_string(s.duplicates) +
                 " trades recorded twice (listed once)");
    csv.report_non_aggressive();
    if (!tally.found_trades(args.input, whose)) set_exit_code(kExitFatal);
}

void run_trades(const TradesArgs& args) {
    std::optional<Exchange> exchange;
    if (!args.exchange.empty() && !(exchange = exchange_argument(args.exchange))) {
        set_exit_code(kExitUsage);
        return;
    }
    std::error_code ec;
    if (args.input.ends_with(".fsrec") || std::filesystem::is_directory(args.input, ec) || record::is_recording_file(args.input)) {
        print_recording_trades(args, exchange);
        return;
    }
    if (!exchange) {
        complain("--exchange is required for NDJSON frames (which exchange's format are they in?)");
        set_exit_code(kExitUsage);
        return;
    }
    print_ndjson_trades(args, *make_adapter(*exchange));
}

// ------------------------------------------------------------------------------------------ live

std::atomic<bool> g_interrupted{false};
extern "C" void on_interrupt(int) { g_interrupted = true; }

struct LiveArgs {
    std::string exchange;
    std::vector<std::string> symbols;
    std::string market;  // bybit: spot or linear; binance: aggTrade or trade
    std::vector<std::string> endpoints;  // one URL; with --group, one per member (EXCHANGE=URL)
    std::string ca_file;
    bool summary = false;
    double duration_s = 0;  // 0: until interrupted
    std::uint64_t max_trades = 0;  // 0: no limit
    std::vector<std::string> group;  // --group EXCHANGE:SYMBOL: one market of several exchanges (cli_group_live.hpp)
    bool accept_quote_mix = false;
    std::vector<std::string> contract_values;
    int wait_ms = 300;
    std::string backfill;       // history before the first live trade ("15m", "2h")
    std::vector<std::string> rest_endpoints;  // REST for backfill and repair (a local or test exchange); with --group, one per member (EXCHANGE=URL)
    bool no_repair = false;
    AlertArgs alerts;  // --alert: alert lines instead of trades
    std::string record_dir;  // --group --record DIR: each member recorded on its own
};

// One line per second of exchange time: trades, aggressive buy and sell volume, delta, last price.
class SecondSummary {
public:
    void add(const Trade& t) {
        const std::int64_t second = t.exchange_time_us / 1'000'000;
        if (second != second_ && trades_ > 0) flush();
        second_ = second;
        ++trades_;
        (t.aggressor == Side::Buy ? buy_ : sell_) += t.quantity;
        last_ = t.price;
    }
    void flush() {
        if (trades_ == 0) return;
        std::string line = std::to_string(second_ * 1000) + ',' + std::to_string(trades_) + ',';
        append_units(line, buy_.units);
        line += ',';
        append_units(line, sell_.units);
        line += ',';
        append_units(line, buy_.units - sell_.units);
        line += ',';
        append_units(line, last_.units);
        std::printf("%s\n", line.c_str());
        std::fflush(stdout);
        trades_ = 0;
        buy_ = sell_ = Quantity{};
    }

private:
    std::int64_t second_ = 0;
    std::uint64_t trades_ = 0;
    Quantity buy_, sell_;
    Price last_;
};

// Connection events on stderr, in words a trader understands.
void print_event(const FeedEvent& e, bool& ever_connected, const std::string& exchange) {
    switch (e.kind) {
        case FeedEvent::Kind::Connected:
            ever_connected = true;
            break;
        case FeedEvent::Kind::Disconnected:
            if (!ever_connected) {
                std::fprintf(stderr, "flowscope-cli: cannot reach %s: %s\n", exchange.c_str(), e.message.c_str());
                return;
            }
            break;
        case FeedEvent::Kind::Reconnecting:
            std::fprintf(stderr, "flowscope-cli: retrying in %.1f s (attempt %d, backing off)\n", e.delay_ms / 1000.0, e.attempt);
            return;
        default: break;
    }
    std::fprintf(stderr, "flowscope-cli: %s: %s\n", std::string(feed_event_name(e.kind)).c_str(), e.message.c_str());
}

// --group: the options that mean something for one market of several exchanges go on; the rest
// are refused rather than ignored.
void run_live_group(const LiveArgs& args) {
    std::string alone;
    if (!args.exchange.empty() || !args.symbols.empty()) alone = "--exchange and --symbol (each --group names its exchange and symbol)";
    else if (args.summary) alone = "--summary";
    else if (!args.market.empty()) alone = "--market";
    else if (!args.backfill.empty() || args.no_repair) alone = "--backfill and --no-repair";
    if (!alone.empty()) {
        complain(alone + " cannot go with --group");
        return set_exit_code(kExitUsage);
    }
    GroupLiveArgs group;
    group.members = args.group;
    group.endpoints = args.endpoints;
    group.rest_endpoints = args.rest_endpoints;
    group.ca_file = args.ca_file;
    group.accept_quote_mix = args.accept_quote_mix;
    group.contract_values = args.contract_values;
    group.wait_ms = args.wait_ms;
    group.duration_s = args.duration_s;
    group.max_trades = args.max_trades;
    group.alerts = args.alerts;
    group.record_dir = args.record_dir;
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    run_group_live(group, g_interrupted);
}

void run_live(const LiveArgs& args) {
    if (!args.group.empty()) return run_live_group(args);
    if (!args.record_dir.empty()) {
        complain("--record is for --group (one market: flowscope-cli record --exchange --symbol --out)");
        return set_exit_code(kExitUsage);
    }
    if (args.exchange.empty() || args.symbols.empty()) {
        complain("live needs --exchange and --symbol, or --group EXCHANGE:SYMBOL for each market of a group");
        return set_exit_code(kExitUsage);
    }
    if (args.rest_endpoints.size() > 1) {
        complain("one --rest-endpoint for one exchange (several are for --group)");
        return set_exit_code(kExitUsage);
    }
    const std::string rest_endpoint = args.rest_endpoints.empty() ? std::string() : args.rest_endpoints.front();
    if (args.accept_quote_mix || !args.contract_values.empty() || args.wait_ms != 300) {
        complain("--accept-quote-mix, --contract-value and --wait-ms are for --group");
        return set_exit_code(kExitUsage);
    }
    const auto exchange = exchange_argument(args.exchange);
    if (!exchange) return set_exit_code(kExitUsage);
    LiveFeedConfig config;
    config.exchange = *exchange;
    config.symbols = args.symbols;
    config.extra_ca_file = args.ca_file;
    if (args.endpoints.size() > 1) {
        complain("one --endpoint for one exchange (several are for --group)");
        return set_exit_code(kExitUsage);
    }
    if (!args.endpoints.empty()) {
        config.endpoint_override = parse_endpoint_url(args.endpoints.front());
        if (!config.endpoint_override) {
            complain("bad --endpoint '" + args.endpoints.front() + "': expected ws://host:port/path or wss://...");
            return set_exit_code(kExitUsage);
        }
    }
    if (!args.market.empty()) {
        if (*exchange == Exchange::Bybit && (args.market == "spot" || args.market == "linear"))
            config.adapter = make_bybit_adapter(args.market == "spot" ? BybitCategory::Spot : BybitCategory::Linear);
        else if ((*exchange == Exchange::BinanceSpot || *exchange == Exchange::BinanceFutures) &&
                 (args.market == "aggTrade" || args.market == "trade")) {
            const auto stream = args.market == "trade" ? BinanceStream::Trade : BinanceStream::AggTrade;
            config.adapter = *exchange == Exchange::BinanceSpot ? make_binance_spot_adapter(stream) : make_binance_futures_adapter(stream);
        } else {
            complain("bad --market '" + args.market + "': bybit takes spot or linear, binance takes aggTrade or trade");
            return set_exit_code(kExitUsage);
        }
    }

    // Backfill and repair: one symbol, trades out in the exchange's sequence (history/live_splice.hpp).
    std::unique_ptr<history::LiveSplice> splice;
    std::int64_t backfill_us = 0;
    if (!args.backfill.empty()) {
        const auto parsed = parse_duration_argument(args.backfill);
        if (!parsed) {
            complain("bad --backfill '" + args.backfill + "': give a duration like 90s, 15m, 2h or 1d");
            return set_exit_code(kExitUsage);
        }
        backfill_us = *parsed;
    }
    if (!rest_endpoint.empty() && !parse_http_url(rest_endpoint)) {
        complain("bad --rest-endpoint '" + rest_endpoint + "': expected http://host:port or https://host");
        return set_exit_code(kExitUsage);
    }
    // Alerts print instead of the trades; their bars and levels mean nothing without them.
    std::optional<AlertLines> alerts;
    if (!args.alerts.alerts.empty()) {
        if (args.summary) {
            complain("--alert and --summary each print lines of their own: choose one");
            return set_exit_code(kExitUsage);
        }
        auto engine = make_alert_engine(args.alerts, std::nullopt, false);
        if (!engine) return set_exit_code(kExitUsage);
        alerts.emplace(std::move(*engine));
    } else if (!args.alerts.timeframe.empty() || !args.alerts.bucket.empty()) {
        complain("--timeframe and --bucket set the bars and levels of --alert: give an --alert too");
        return set_exit_code(kExitUsage);
    }
    const bool fetches = backfill_us > 0 || !rest_endpoint.empty();
    if (fetches && args.symbols.size() != 1) {
        complain("--backfill and --rest-endpoint take one --symbol");
        return set_exit_code(kExitUsage);
    }
    // One symbol: its trades go through the splice, so none is printed twice (a reconnect that sends
    // recent trades again); it fetches only when asked to (--backfill, --rest-endpoint).
    if (args.symbols.size() == 1) {
        history::LiveSpliceOptions options;
        options.history.exchange = *exchange;
        const auto adapter = config.adapter ? config.adapter : std::shared_ptr<ExchangeAdapter>(make_adapter(*exchange));
        options.history.symbol = adapter->normalize_symbol(args.symbols.front());
        options.history.rest_url = rest_endpoint;
        options.history.archive_url = "none";  // a live backfill reaches back hours, not days
        options.history.extra_ca_file = args.ca_file;
        options.backfill_us = backfill_us;
        options.repair = fetches && !args.no_repair;
        splice = std::make_unique<history::LiveSplice>(options);
    }

    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    LiveFeed feed(config);
    feed.start();
    std::optional<TradeCsv> csv;
    SecondSummary summary;
    if (args.summary) std::printf("second_ms,trades,buy_volume,sell_volume,delta,last_price\n");
    else if (!alerts) csv.emplace(false);
    FeedBatch batch;
    bool ever_connected = false;
    const auto start = std::chrono::steady_clock::now();
    std::uint64_t received = 0;
    auto done = [&] {
        return g_interrupted.load() || (args.max_trades > 0 && received >= args.max_trades) ||
               (args.duration_s > 0 && std::chrono::steady_clock::now() - start >= std::chrono::duration<double>(args.duration_s));
    };
    std::vector<Trade> ready;
    std::vector<history::SpliceEvent> splice_events;
    auto print = [&](std::span<const Trade> trades) {
        if (alerts) return alerts->add(trades);
        for (const Trade& t : trades) {
            if (csv) csv->add(t);
            else if (is_aggression(t.print)) summary.add(t);
        }
        if (csv) csv->flush();
    };
    auto report = [&] {
        for (const history::SpliceEvent& e : splice_events) {
            if (e.kind == history::SpliceEvent::Kind::Progress) continue;  // throttled below
            complain(e.message);
        }
        splice_events.clear();
    };
    auto last_progress = std::chrono::steady_clock::now();
    for (bool last_round = false; !last_round;) {
        last_round = done();
        if (!last_round) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        batch.clear();
        feed.drain(batch);
        received += batch.trades.size();
        for (const FeedEvent& e : batch.events) {
            print_event(e, ever_connected, args.exchange);
            if (splice && e.kind == FeedEvent::Kind::Disconnected) splice->connection_lost();
        }
        if (!splice) {
            print(batch.trades);
            continue;
        }
        splice->push_live(batch.trades);
        ready.clear();
        splice->take(ready, splice_events);
        for (const auto& e : splice_events)
            if (e.kind == history::SpliceEvent::Kind::Progress && std::chrono::steady_clock::now() - last_progress > std::chrono::seconds(1)) {
                last_progress = std::chrono::steady_clock::now();
                complain(e.message);
            }
        report();
        print(ready);
    }
    if (splice) {
        // What is still being fetched gets a little time; then whatever waits goes out as it is.
        const auto grace = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (!splice->settled() && std::chrono::steady_clock::now() < grace) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            ready.clear();
            splice->take(ready, splice_events);
            report();
            print(ready);
        }
        ready.clear();
        splice->release_all(ready, splice_events);
        report();
        print(ready);
        const history::SpliceCounters c = splice->counters();
        std::fprintf(stderr,
                     "flowscope-cli: %llu history trades, %llu live, %llu repaired, %llu duplicates dropped, %llu late, "
                     "%llu holes given up (%llu trades)\n",
                     static_cast<unsigned long long>(c.history_trades), static_cast<unsigned long long>(c.live_trades),
                     static_cast<unsigned long long>(c.repaired_trades), static_cast<unsigned long long>(c.duplicates),
                     static_cast<unsigned long long>(c.late_trades), static_cast<unsigned long long>(c.holes_given_up),
                     static_cast<unsigned long long>(c.trades_given_up));
    }
    feed.stop();
    summary.flush();
    if (csv) csv->report_non_aggressive();
    if (alerts) complain(alerts->summary());
    const LiveFeedCounters n = feed.counters();
    std::fprintf(stderr,
                 "flowscope-cli: stopped: %llu frames, %llu trades, %llu ignored (channels not read), %llu malformed, %llu exchange errors, "
                 "%llu reconnects, %llu gaps, %llu frames dropped\n",
                 static_cast<unsigned long long>(n.frames), static_cast<unsigned long long>(n.trades),
                 static_cast<unsigned long long>(n.unknown), static_cast<unsigned long long>(n.malformed),
                 static_cast<unsigned long long>(n.exchange_errors), static_cast<unsigned long long>(n.reconnects),
                 static_cast<unsigned long long>(n.gaps), static_cast<unsigned long long>(n.dropped_frames));
}

}  // namespace

void add_net_commands(CLI::App& app) {
    auto trades_args = std::make_shared<TradesArgs>();
    CLI::App* trades = app.add_subcommand("trades", "Trades from captured websocket frames (NDJSON) or a .fsrec recording, as CSV");
    trades->add_option("--input", trades_args->input, "NDJSON file, one exchange frame per line, or a .fsrec recording (or a folder of them)")->required();
    trades->add_option("--exchange", trades_args->exchange, "binance, binance-futures, bybit, okx, coinbase, kraken (required for NDJSON)");
    trades->add_flag("--include-non-aggressive", trades_args->include_non_aggressive,
                     "List prints that are not aggression too (Binance USD-M insurance-fund, ADL and NA trades, Bybit "
                     "block trades), with a last column print naming each row's kind; by default they are left out and counted");
    trades->footer(exit_codes_help());
    trades->callback([trades_args] { run_trades(*trades_args); });

    auto live_args = std::make_shared<LiveArgs>();
    CLI::App* live = app.add_subcommand("live", "Live trades from an exchange as CSV (or per-second summaries), or with --group the bars of "
                                                 "one market traded on several exchanges, until Ctrl-C");
    live->add_option("--exchange", live_args->exchange, "binance, binance-futures, bybit, okx, coinbase, kraken (required without --group)");
    live->add_option("--symbol", live_args->symbols, "symbol, in any spelling (BTCUSDT, btc-usdt, BTC/USD); repeat for several (required without --group)");
    live->add_flag("--summary", live_args->summary, "one line per second: second_ms,trades,buy_volume,sell_volume,delta,last_price");
    live->add_option("--market", live_args->market, "bybit: linear (default) or spot; binance: aggTrade (default) or trade");
    live->add_option("--endpoint", live_args->endpoints,
                     "connect here instead (ws://127.0.0.1:PORT/path for a local test exchange); with --group, "
                     "EXCHANGE=URL or EXCHANGE:SYMBOL=URL, repeated");
    live->add_option("--ca-file", live_args->ca_file, "also trust this CA certificate (PEM), e.g. a test CA");
    live->add_option("--duration", live_args->duration_s, "stop after this many seconds (default: until interrupted)");
    live->add_option("--trades", live_args->max_trades, "stop after this many trades have arrived (default: no limit)");
    live->add_option("--group", live_args->group,
                     "EXCHANGE:SYMBOL, repeated: one market traded on several exchanges (okx:BTC-USDT-SWAP, bybit:BTCUSDT…), "
                     "one feed each, merged in exchange-time order into one series of bars, printed as each closes in the "
                     "bars CSV (--timeframe, default 1m; --bucket, default the coarsest tick); each member's trades and "
                     "latency on stderr");
    live->add_flag("--accept-quote-mix", live_args->accept_quote_mix,
                   "With --group: merge markets quoted in different currencies (USD, USDT, USDC); refused otherwise");
    live->add_option("--contract-value", live_args->contract_values,
                     "With --group: SYMBOL=VALUE, the base asset in one contract (OKX's ctVal; default: read from the "
                     "exchange's instrument metadata, else built in for BTC-USDT-SWAP and ETH-USDT-SWAP)");
    live->add_option("--wait-ms", live_args->wait_ms,
                     "With --group: how long a trade waits for the slowest feed before it goes out anyway")
        ->capture_default_str();
    live->add_option("--backfill", live_args->backfill,
                     "start with this much history before the first live trade (90s, 15m, 2h): one symbol; the CSV "
                     "then holds every trade once, in the exchange's order (holes in ids are fetched and put in place; "
                     "exchanges without consecutive ids get what a reconnect missed after the live rows, said on stderr)");
    live->add_option("--rest-endpoint", live_args->rest_endpoints,
                     "REST API for backfill and repair here instead (http://127.0.0.1:PORT for a local test exchange); "
                     "turns repair on; with --group, EXCHANGE=URL, repeated: where a contract market's ctVal is read");
    live->add_option("--record", live_args->record_dir,
                     "with --group: record each member's raw frames on its own into this folder (one .fsrec per market and UTC day, "
                     "as record makes them; they open again as a group: bars --input A --input B …)");
    live->add_flag("--no-repair", live_args->no_repair, "with --backfill: mark holes, do not fetch them");
    add_alert_options(live, live_args->alerts);
    live->footer(exit_codes_help());
    live->callback([live_args] { run_live(*live_args); });
}

}  // namespace flowscope::cli
