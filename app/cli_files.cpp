// flowscope-cli bars / footprint: order-flow bars and footprints from a trade file, as CSV.
//
// Both commands read the whole file into one bar series, then print. Several --input make one
// market of several exchanges (group/market_group.hpp): each input is read whole (the merge needs
// every input's next trade at hand), then merged in exchange-time order (group/group_merge.hpp)
// into the one series. Decimals are printed exactly (fixed point, no exponent); the only rounded
// figure is the bar imbalance, rounded half away from zero to 6 decimals in integer arithmetic.
// Footprint --bucket accepts any positive decimal (it need not be a multiple of the tick):
// bucket = floor(price / bucket) × bucket.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <vector>
#include <memory>
#include <optional>
#include <string>

#include "aggregate/aggregator.hpp"
#include "aggregate/bucket_limit.hpp"
#include "aggregate/footprint_analysis.hpp"
#include "cli_bar_csv.hpp"
#include "cli_commands.hpp"
#include "group/group_merge.hpp"
#include "group/market_group.hpp"
#include "io/tick_inference.hpp"
#include "io/trade_file.hpp"
#include "record/market_file_trades.hpp"
#include "record/recording_trades.hpp"

namespace flowscope::cli {

namespace {

struct FileArgs {
    std::vector<std::string> inputs;
    bool accept_quote_mix = false;
    std::vector<std::string> contract_values;  // "BTC-USDT-250328=0.01"
    std::string timeframe = "1m";
    std::string symbol;
    std::string tick;
    bool stop_on_error = false;
    bool include_non_aggressive = false;
};

struct FootprintArgs {
    std::string bucket;
    std::string ratio = "3";
    std::string min_volume = "0";
    int stack = 3;
    bool zeros = false;
};

void complain(const std::string& message) { std::fprintf(stderr, "flowscope-cli: %s\n", message.c_str()); }

// CSV goes out through one large buffer and fwrite, not a stream call per field.
class CsvOut {
public:
    CsvOut() { text_.reserve(kFlushBytes + 4096); }
    ~CsvOut() { flush(); }
    CsvOut(const CsvOut&) = delete;
    CsvOut& operator=(const CsvOut&) = delete;

    CsvOut& text(std::string_view s) { text_.append(s); return *this; }
    CsvOut& comma() { text_.push_back(','); return *this; }
    CsvOut& units(int128 u) { append_units(text_, u); return *this; }
    CsvOut& integer(std::int64_t v) { text_.append(std::to_string(v)); return *this; }
    void end_row() {
        text_.push_back('\n');
        if (text_.size() >= kFlushBytes) flush();
    }
    bool flush() {
        if (!text_.empty() && std::fwrite(text_.data(), 1, text_.size(), stdout) != text_.size()) failed_ = true;
        text_.clear();
        return !failed_ && std::fflush(stdout) == 0;
    }

private:
    static constexpr std::size_t kFlushBytes = 1 << 20;
    std::string text_;
    bool failed_ = false;
};

std::string_view imbalance_name(LevelImbalance imbalance) {
    switch (imbalance) {
        case LevelImbalance::None: return "";
        case LevelImbalance::Buy: return "buy";
        case LevelImbalance::Sell: return "sell";
        case LevelImbalance::Both: return "both";
    }
    return "";
}

std::optional<Price> positive_price(const std::string& text, const char* option) {
    const auto price = parse_price(text);
    if (!price || price->units <= 0) {
        complain(std::string("bad ") + option + " '" + text + "': expected a positive decimal like 0.01");
        return std::nullopt;
    }
    return price;
}

// "2020-02-22 00:05:00 UTC"
std::string utc_text(std::int64_t time_us) {
    using namespace std::chrono;
    const sys_time<microseconds> t{microseconds{time_us}};
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss hms{floor<seconds>(t - day)};
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u %02ld:%02ld:%02lld UTC", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), static_cast<long>(hms.hours().count()),
                  static_cast<long>(hms.minutes().count()), static_cast<long long>(hms.seconds().count()));
    return text;
}

// 10000000000 → "10,000,000,000"
std::string grouped(std::int64_t n) {
    std::string digits = std::to_string(n);
    for (auto i = static_cast<std::ptrdiff_t>(digits.size()) - 3; i > (n < 0 ? 1 : 0); i -= 3) digits.insert(static_cast<std::size_t>(i), 1, ',');
    return digits;
}

// The user should know a guessed tick, since it sets the footprint's levels.
void report_inferred_tick(const std::string& input, const TickEstimate& estimate) {
    std::string message = input + ": tick " + format_price(estimate.tick) + " inferred from " +
                          grouped(static_cast<std::int64_t>(estimate.prices)) + " prices";
    if (estimate.off_grid > 0)
        message += " (" + std::to_string(estimate.off_grid) + " off that grid, each counted in the level below it)";
    complain(message + "; --tick sets it");
}

// What reading a recording met, to stderr; false (exit code set) when it cannot be used.
bool report_recording(const std::string& input, const Result<record::RecordingTrades>& read, TradeFileResult& result) {
    result.ok = read.ok();
    if (!read) {
        result.error = read.error();
        complain(read.error());
        set_exit_code(kExitFatal);
        return false;
    }
    const record::RecordingTrades& r = *read;
    result.exchange = r.exchange;
    result.symbol = r.symbol;
    result.trades = r.trades;
    for (const record::RecordingIssue& issue : r.issues) complain(issue.describe());
    if (r.malformed > 0) complain(std::to_string(r.malformed) + " malformed frames skipped");
    if (r.exchange_errors > 0) complain(std::to_string(r.exchange_errors) + " error frames from the exchange in the recording");
    if (r.trades == 0) {
        complain(input + ": the recording holds no trades");
        set_exit_code(kExitFatal);
        return false;
    }
    return true;
}

// What reading a trade file met, to stderr; false (exit code set) after a fatal error.
bool report_trade_file(const FileArgs& args, const TradeFileResult& result) {
    // A run stopped at its first bad line names that line once, in the error below.
    const bool stopped = args.stop_on_error && !result.ok && result.skipped > 0;
    for (const TradeFileIssue& issue : result.issues)
        if (!stopped) complain(describe_issue(issue));
    if (result.skipped > result.issues.size())
        complain("... " + std::to_string(result.skipped - result.issues.size()) + " more bad lines not shown");
    if (result.skipped > 0 && !stopped)
        complain(std::to_string(result.skipped) + " bad line" + (result.skipped == 1 ? "" : "s") +
                 " skipped (first: " + describe_issue(result.issues.front()) + ")");
    if (result.out_of_order > 0)
        complain(std::to_string(result.out_of_order) + " trades out of time order, each counted in the bar of its time");
    if (!result.ok) {
        complain(stopped ? result.error + "; without --stop-on-error bad lines are skipped and counted" : result.error);
        set_exit_code(kExitFatal);
        return false;
    }
    return true;
}

// A recording (or a folder of them): the frames go through the live parser; the tick comes from
// --tick or, as for trade files, from the first trades' prices.
bool read_recording_into_series(const std::string& input, const TradeFileOptions& options, const BarSpec& spec,
                                std::optional<Price> bucket, Aggregator& aggregator, BarSeries*& series,
                                TradeFileResult& result) {
    constexpr std::size_t kTickSample = 10'000;
    std::vector<Trade> sample;
    auto start_series = [&] {
        if (options.tick) {
            result.tick = *options.tick;
        } else {
            result.inferred_tick = estimate_tick(sample);
            result.tick = result.inferred_tick->tick;
        }
        series = &aggregator.add_series(spec, bucket ? bucket->units : result.tick.units);
        for (const Trade& t : sample) aggregator.add(t);
        sample.clear();
    };
    const auto read = record::read_recording_trades(input, [&](std::span<const Trade> trades) {
        if (series != nullptr) {
            for (const Trade& t : trades) aggregator.add(t);
            return;
        }
        sample.insert(sample.end(), trades.begin(), trades.end());
        if (sample.size() >= kTickSample) start_series();
    });
    if (series == nullptr) start_series();
    if (!report_recording(input, read, result)) return false;
    if (result.inferred_tick && !bucket) report_inferred_tick(input, *result.inferred_tick);
    return true;
}

// One input of a group, read whole: the merge needs every feed's next trade at hand.
struct GroupInput {
    std::string path;
    TradeFileResult result;
    std::vector<Trade> trades;
};

bool read_group_input(const FileArgs& args, const TradeFileOptions& options, GroupInput& in) {
    record::MarketFileTrades read = record::read_market_file_trades(in.path, options);
    in.trades = std::move(read.trades);
    if (read.recording) {
        if (!report_recording(in.path, *read.recorded, in.result)) return false;
        in.result.tick = read.file.tick;
        in.result.inferred_tick = read.file.inferred_tick;
    } else {
        in.result = std::move(read.file);
        if (!report_trade_file(args, in.result)) return false;
    }
    if (in.trades.empty()) {
        complain(in.path + ": holds no trades");
        set_exit_code(kExitFatal);
        return false;
    }
    return true;
}

// Several inputs as one market: each read whole, checked as a group (one base asset, no silent
// quote mix, contract sizes in the base asset), then merged into one series. The bucket is
// `bucket`, else --tick, else the coarsest of the inputs' ticks.
bool read_group_into_series(const FileArgs& args, TradeFileOptions options, const BarSpec& spec, std::optional<Price> bucket,
                            Aggregator& aggregator, BarSeries*& series, TradeFileResult& result) {
    options.symbol.clear();  // --symbol names only the inputs that do not name theirs
    std::vector<std::pair<std::string, Quantity>> given_values;
    for (const std::string& text : args.contract_values) {
        const std::size_t eq = text.find('=');
        const auto value = eq == std::string::npos ? std::nullopt : parse_quantity(text.substr(eq + 1));
        if (!value || value->units <= 0) {
            complain("bad --contract-value '" + text + "': expected SYMBOL=VALUE, the base asset in one contract, like BTC-USDT-250328=0.01");
            set_exit_code(kExitUsage);
            return false;
        }
        given_values.emplace_back(text.substr(0, eq), *value);
    }
    std::vector<GroupInput> inputs(args.inputs.size());
    std::vector<GroupMarket> markets;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        inputs[i].path = args.inputs[i];
        if (!read_group_input(args, options, inputs[i])) return false;
        TradeFileResult& r = inputs[i].result;
        if ((r.symbol.empty() || r.symbol == "UNKNOWN") && !args.symbol.empty()) r.symbol = args.symbol;
        GroupMarket market{r.exchange, r.symbol, std::nullopt, "--contract-value"};
        for (const auto& [symbol, value] : given_values)
            if (symbol == r.symbol) market.metadata_ct_val = value;
        markets.push_back(std::move(market));
    }
    const auto group = make_market_group(markets, args.accept_quote_mix);
    if (!group) {
        std::string hint;
        if (group.error().find("quote currencies") != std::string::npos) hint = " (--accept-quote-mix merges them)";
        if (group.error().find("cannot tell") != std::string::npos) hint = " (--symbol names it)";
        if (group.error().find("ctVal") != std::string::npos) hint = ", or give it: --contract-value SYMBOL=VALUE";
        complain("these inputs are not one market: " + group.error() + hint);
        set_exit_code(kExitUsage);
        return false;
    }
    Price tick = options.tick.value_or(Price{0});
    for (const GroupInput& in : inputs) {
        if (!options.tick) tick = std::max(tick, in.result.tick);
        if (in.result.inferred_tick && !bucket && !options.tick) report_inferred_tick(in.path, *in.result.inferred_tick);
    }
    std::string bucket_note;
    if (!bucket && !options.tick)
        for (const GroupInput& in : inputs)
            if (in.result.tick != tick) bucket_note = "; bucket " + format_price(tick) + ", the coarsest of the inputs' ticks";
    std::string sizes;
    for (const GroupFeed& feed : group->feeds)
        if (!feed.size.is_one()) sizes += "; " + feed.name() + ": " + feed.size.source;
    series = &aggregator.add_series(spec, bucket ? bucket->units : tick.units);
    std::vector<std::span<const Trade>> feeds;
    for (const GroupInput& in : inputs) feeds.emplace_back(in.trades);
    const GroupMergeResult merged = merge_group_feeds(*group, std::span<const std::span<const Trade>>(feeds),
                                                      [&](const Trade& t, std::size_t) { aggregator.add(t); });
    complain("group " + group->title() + ": " + grouped(static_cast<std::int64_t>(merged.trades)) + " trades merged" +
             bucket_note + sizes);
    if (merged.inexact_sizes > 0)
        complain(grouped(static_cast<std::int64_t>(merged.inexact_sizes)) + " contract sizes rounded to 0.00000001 " + group->base);
    result = inputs.front().result;
    result.tick = tick;
    result.trades = merged.trades;
    if (options.tick) result.inferred_tick.reset();
    return true;
}

// Reads the whole file into one series of bars, bucketed by `bucket` (the tick when empty).
// Prints bad lines and the skip count to stderr. Returns false after a fatal error.
bool read_into_series(const FileArgs& args, std::optional<Price> bucket, Aggregator& aggregator,
                      BarSeries*& series, TradeFileResult& result) {
    const auto spec = BarSpec::parse(args.timeframe);
    if (!spec) {
        complain("bad --timeframe '" + args.timeframe + "': use 1s 5s 15s 30s 1m 5m 15m 30m 1h 4h 1D, Nt (trades) or Nv (volume)");
        set_exit_code(kExitUsage);
        return false;
    }
    aggregator.set_include_non_aggressive(args.include_non_aggressive);
    TradeFileOptions options;
    options.symbol = args.symbol;
    options.stop_on_error = args.stop_on_error;
    if (!args.tick.empty()) {
        options.tick = positive_price(args.tick, "--tick");
        if (!options.tick) {
            set_exit_code(kExitUsage);
            return false;
        }
    }
    if (args.inputs.size() > 1) return read_group_into_series(args, options, *spec, bucket, aggregator, series, result);
    const std::string& input = args.inputs.front();
    if (record::is_recording_path(input)) return read_recording_into_series(input, options, *spec, bucket, aggregator, series, result);
    result = read_trade_file(
        input, options,
        [&](const TradeFileResult& header) {
            series = &aggregator.add_series(*spec, bucket ? bucket->units : header.tick.units);
        },
        [&](std::span<const Trade> trades) {
            for (const Trade& t : trades) aggregator.add(t);
        });
    if (!report_trade_file(args, result)) return false;
    if (result.inferred_tick && !bucket) report_inferred_tick(input, *result.inferred_tick);
    return true;
}

// Refuses a bucket (or tick) that would make more than kMaxLevelsPerBar levels in some bar, naming
// a bucket that works; `option` is what the user sets it with.
bool bucket_within_limit(const BarSeries& series, const std::string& option, bool inferred) {
    const BucketCheck check = check_bucket(series.bars(), series.bucket_units());
    if (check.ok) return true;
    const Bar& bar = *check.widest;
    complain(std::string(inferred ? "the inferred tick " : option + " ") + format_price(Price{series.bucket_units()}) +
             " makes " + grouped(check.levels) + " levels in the bar of " + utc_text(bar.open_time_us) + " (low " +
             format_price(bar.low) + ", high " + format_price(bar.high) + "); a bar may span at most " +
             grouped(kMaxLevelsPerBar) + ": use " + option + " " + format_price(check.workable) + " or coarser");
    set_exit_code(kExitUsage);
    return false;
}

void report_non_aggressive(const Aggregator& aggregator) {
    const std::string note = non_aggressive_note(aggregator.non_aggressive_trades(), aggregator.include_non_aggressive());
    if (!note.empty()) complain(note);
}

void finish_output(CsvOut& out) {
    if (!out.flush()) {
        complain("cannot write the output");
        set_exit_code(kExitFatal);
    }
}

void run_bars(const FileArgs& args) {
    Aggregator aggregator;
    BarSeries* series = nullptr;
    TradeFileResult result;
    if (!read_into_series(args, std::nullopt, aggregator, series, result)) return;
    report_non_aggressive(aggregator);
    if (!bucket_within_limit(*series, "--tick", result.inferred_tick.has_value())) return;
    CsvOut out;
    out.text(kBarsCsvHeader);
    out.end_row();
    std::string row;
    for (const Bar& bar : series->bars()) {
        row.clear();
        append_bar_row(row, bar, series->bucket_units());
        out.text(row);
        out.end_row();
    }
    finish_output(out);
}

void run_footprint(const FileArgs& args, const FootprintArgs& fp_args) {
    std::optional<Price> bucket;
    if (!fp_args.bucket.empty() && !(bucket = positive_price(fp_args.bucket, "--bucket"))) {
        set_exit_code(kExitUsage);
        return;
    }
    ImbalanceSettings settings;
    const auto ratio = parse_quantity(fp_args.ratio);
    const auto min_volume = parse_quantity(fp_args.min_volume);
    if (!ratio || ratio->is_zero() || !min_volume || fp_args.stack < 1) {
        complain("bad --ratio, --min-volume or --stack: expected a ratio > 0 like 3 or 2.5, a volume ≥ 0 and a stack ≥ 1");
        set_exit_code(kExitUsage);
        return;
    }
    settings.ratio = *ratio;
    settings.min_volume = *min_volume;
    settings.stack = fp_args.stack;
    settings.zero_counts = fp_args.zeros;

    Aggregator aggregator;
    BarSeries* series = nullptr;
    TradeFileResult result;
    if (!read_into_series(args, bucket, aggregator, series, result)) return;
    report_non_aggressive(aggregator);
    if (!bucket_within_limit(*series, "--bucket", !bucket && result.inferred_tick)) return;
    const std::int64_t units = series->bucket_units();
    const auto edge = [&](std::int64_t b) { return static_cast<int128>(b) * units; };
    CsvOut out;
    out.text("open_time_ms,price,bid_volume,ask_volume,trades,imbalance");
    out.end_row();
    for (const Bar& bar : series->bars()) {
        const Footprint& fp = bar.footprint;
        for (const FootprintCell* level : fp.levels_by_price()) {
            const FootprintCell& cell = *level;
            const std::int64_t b = cell.bucket;
            out.integer(open_time_ms(bar)).comma().units(edge(b)).comma().units(cell.bid.units).comma();
            out.units(cell.ask.units).comma().integer(cell.trades).comma();
            out.text(imbalance_name(level_imbalance(fp, b, settings)));
            out.end_row();
        }
    }
    for (const Bar& bar : series->bars()) {
        for (const StackedImbalance& stack : stacked_imbalances(bar.footprint, settings)) {
            out.text("stacked,").integer(open_time_ms(bar)).comma().text(side_name(stack.side)).comma();
            out.units(edge(stack.low)).comma().units(edge(stack.high));
            out.end_row();
        }
    }
    finish_output(out);
}

void add_file_options(CLI::App* command, FileArgs& args) {
    command->add_option("--input,-i", args.inputs, "Trade file (Binance aggTrades/trades CSV or zip, Tardis trades CSV) or a flowscope recording (.fsrec file or folder); "
                        "repeat it for one market traded on several exchanges, merged in exchange-time order")->required();
    command->add_flag("--accept-quote-mix", args.accept_quote_mix, "With several --input: merge markets quoted in different currencies (USD, USDT, USDC); "
                      "refused otherwise, as their prices differ by the stablecoin's rate");
    command->add_option("--contract-value", args.contract_values, "With several --input: SYMBOL=VALUE, the base asset in one contract of a market sized in contracts "
                        "(OKX's ctVal; built in for BTC-USDT-SWAP and ETH-USDT-SWAP)");
    command->add_option("--timeframe,-t", args.timeframe, "1s 5s 15s 30s 1m 5m 15m 30m 1h 4h 1D, Nt (N trades) or Nv (volume N)")
        ->capture_default_str();
    command->add_option("--symbol", args.symbol, "Symbol (default: from the file; with several --input, for the files that do not name theirs)");
    command->add_option("--tick", args.tick, "Tick size (default: inferred from the prices)");
    command->add_flag("--stop-on-error", args.stop_on_error, "Stop at the first bad line instead of skipping it");
    command->add_flag("--include-non-aggressive", args.include_non_aggressive, kIncludeNonAggressiveHelp);
}


}  // namespace

void add_file_commands(CLI::App& app) {
    auto bars_args = std::make_shared<FileArgs>();
    CLI::App* bars = app.add_subcommand("bars", "Order-flow bars of a trade file as CSV");
    add_file_options(bars, *bars_args);
    bars->footer(exit_codes_help());
    bars->callback([bars_args] { run_bars(*bars_args); });

    auto fp_file_args = std::make_shared<FileArgs>();
    auto fp_args = std::make_shared<FootprintArgs>();
    CLI::App* footprint = app.add_subcommand("footprint", "Footprint cells and stacked imbalances of a trade file as CSV");
    add_file_options(footprint, *fp_file_args);
    footprint->add_option("--bucket", fp_args->bucket, "Price bucket, any positive decimal (default: the tick)");
    footprint->add_option("--ratio", fp_args->ratio, "Diagonal imbalance ratio, a plain multiplier (3 = 3.0x)")->capture_default_str();
    footprint->add_option("--min-volume", fp_args->min_volume, "The imbalanced side must exceed this volume")->capture_default_str();
    footprint->add_option("--stack", fp_args->stack, "Consecutive imbalanced levels that make a stacked imbalance")->capture_default_str();
    footprint->add_flag("--zeros", fp_args->zeros, "Count a comparison against zero volume as an imbalance");
    footprint->footer(exit_codes_help());
    footprint->callback([fp_file_args, fp_args] { run_footprint(*fp_file_args, *fp_args); });
}

}  // namespace flowscope::cli
