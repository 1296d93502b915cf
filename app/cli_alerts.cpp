// flowscope-cli alerts: the alerts a trade file or recording fires, one line each, as `live --alert`
// prints them while the market trades (the rules are in core/alert/alert_engine.hpp).
#include "cli_alerts.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "cli_commands.hpp"
#include "io/tick_inference.hpp"
#include "io/trade_file.hpp"
#include "record/recording_session.hpp"
#include "record/recording_trades.hpp"

namespace flowscope::cli {

namespace {

void complain(const std::string& message) { std::fprintf(stderr, "flowscope-cli: %s\n", message.c_str()); }

constexpr const char* kAlertHelp =
    "Alert, repeat for several: large=SIZE (a trade or same-instant same-side sweep of at least SIZE), "
    "level=PRICE[,REARM] (price reaching PRICE from the other side; once, or again after moving REARM away), "
    "stacked[=RATIO[,STACK[,MIN_VOLUME[,zeros]]]] (a new stacked imbalance in the current bar; default 3,3), "
    "divergence[=N] (price at a new N-bar high or low while CVD is not; default 5)";

}  // namespace

std::string alert_time_text(std::int64_t time_us) {
    using namespace std::chrono;
    const sys_time<microseconds> t{microseconds{time_us}};
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const auto in_day = duration_cast<milliseconds>(t - day);
    const hh_mm_ss hms{in_day};
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02ld:%02ld:%02lld.%03lldZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), static_cast<long>(hms.hours().count()),
                  static_cast<long>(hms.minutes().count()), static_cast<long long>(hms.seconds().count()),
                  static_cast<long long>(hms.subseconds().count()));
    return text;
}

void add_alert_options(CLI::App* command, AlertArgs& args) {
    command->add_option("--alert", args.alerts, kAlertHelp)->expected(1)->take_all();
    command->add_option("--timeframe", args.timeframe,
                        "Bars the stacked and divergence alerts watch: 1s … 1D, Nt (N trades) or Nv (volume N); default 1m");
    command->add_option("--bucket", args.bucket, "Footprint price step of the stacked alerts (default: the tick)");
}

std::optional<AlertEngine> make_alert_engine(const AlertArgs& args, std::optional<Price> tick, bool include_non_aggressive) {
    std::vector<AlertRule> rules;
    for (const std::string& text : args.alerts) {
        Result<AlertRule> rule = parse_alert_rule(text);
        if (!rule) {
            complain(rule.error());
            return std::nullopt;
        }
        rules.push_back(*rule);
    }
    const auto spec = BarSpec::parse(args.timeframe.empty() ? "1m" : args.timeframe);
    if (!spec) {
        complain("bad --timeframe '" + args.timeframe + "': use 1s 5s 15s 30s 1m 5m 15m 30m 1h 4h 1D, Nt (trades) or Nv (volume)");
        return std::nullopt;
    }
    std::optional<Price> bucket = tick;
    if (!args.bucket.empty()) {
        bucket = parse_price(args.bucket);
        if (!bucket || bucket->units <= 0) {
            complain("bad --bucket '" + args.bucket + "': expected a positive decimal like 0.5");
            return std::nullopt;
        }
    }
    const bool stacked = std::any_of(rules.begin(), rules.end(), [](const AlertRule& r) { return std::holds_alternative<StackedImbalanceAlert>(r); });
    if (!bucket && stacked) {
        complain("--alert stacked needs --bucket here (the footprint's price step, like 0.5): the tick is not known before the first trades");
        return std::nullopt;
    }
    Result<AlertEngine> engine = AlertEngine::create(std::move(rules), *spec, bucket ? bucket->units : kDecimalScale, include_non_aggressive);
    if (!engine) {
        complain(engine.error());
        return std::nullopt;
    }
    return std::move(*engine);
}

void AlertLines::add(std::span<const Trade> trades) {
    fired_.clear();
    engine_.add(trades, fired_);
    if (fired_.empty()) return;
    std::string text;
    for (const AlertEvent& e : fired_) {
        text += alert_time_text(e.exchange_time_us);
        text += ' ';
        text += e.text;
        text += '\n';
        ++counts_[std::string(alert_kind_name(e.kind))];
        ++total_;
    }
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
}

std::string AlertLines::summary() const {
    std::string text = std::to_string(total_) + (total_ == 1 ? " alert" : " alerts");
    if (counts_.empty()) return text;
    text += " (";
    bool first = true;
    for (const auto& [kind, n] : counts_) {
        text += (first ? "" : ", ") + kind + " " + std::to_string(n);
        first = false;
    }
    return text + ")";
}

namespace {

struct AlertsCommandArgs {
    std::string input;
    std::string symbol;
    std::string tick;
    bool include_non_aggressive = false;
    AlertArgs alerts;
};

// A recording: its tick (when neither --bucket nor --tick gives the levels) from its first trades,
// as `bars` and `footprint` infer it.
void run_recording(const AlertsCommandArgs& args, std::optional<Price> tick) {
    constexpr std::size_t kTickSample = 10'000;
    std::vector<Trade> sample;
    std::unique_ptr<AlertLines> lines;
    bool bad = false;
    auto start = [&] {
        if (!tick && args.alerts.bucket.empty()) tick = estimate_tick(sample).tick;
        auto engine = make_alert_engine(args.alerts, tick, args.include_non_aggressive);
        if (!engine) {
            bad = true;
            return;
        }
        lines = std::make_unique<AlertLines>(std::move(*engine));
        lines->add(sample);
        sample.clear();
    };
    std::uint64_t trades = 0;
    const auto read = record::read_recording_trades(args.input, [&](std::span<const Trade> batch) {
        trades += batch.size();
        if (bad) return;
        if (lines) return lines->add(batch);
        sample.insert(sample.end(), batch.begin(), batch.end());
        if (sample.size() >= kTickSample) start();
    });
    if (!read) {
        complain(read.error());
        return set_exit_code(kExitFatal);
    }
    if (!lines && !bad) start();
    if (bad) return set_exit_code(kExitUsage);
    for (const record::RecordingIssue& issue : read->issues) complain(issue.describe());
    if (trades == 0) {
        complain(args.input + ": the recording holds no trades");
        return set_exit_code(kExitFatal);
    }
    complain(args.input + ": " + std::to_string(trades) + " trades, " + lines->summary());
}

void run_alerts(const AlertsCommandArgs& args) {
    if (args.alerts.alerts.empty()) {
        complain("alerts needs at least one --alert, like --alert large=10 or --alert level=9700");
        return set_exit_code(kExitUsage);
    }
    TradeFileOptions options;
    options.symbol = args.symbol;
    if (!args.tick.empty()) {
        options.tick = parse_price(args.tick);
        if (!options.tick || options.tick->units <= 0) {
            complain("bad --tick '" + args.tick + "': expected a positive decimal like 0.01");
            return set_exit_code(kExitUsage);
        }
    }
    // Bad rules are said before any file is read.
    if (!make_alert_engine(args.alerts, Price{1}, args.include_non_aggressive)) return set_exit_code(kExitUsage);
    std::error_code ec;
    if (record::is_recording_file(args.input) || std::filesystem::is_directory(args.input, ec)) return run_recording(args, options.tick);

    std::unique_ptr<AlertLines> lines;
    const TradeFileResult result = read_trade_file(
        args.input, options,
        [&](const TradeFileResult& header) {
            lines = std::make_unique<AlertLines>(*make_alert_engine(args.alerts, header.tick, args.include_non_aggressive));
        },
        [&](std::span<const Trade> trades) { lines->add(trades); });
    for (const TradeFileIssue& issue : result.issues) complain(describe_issue(issue));
    if (result.skipped > result.issues.size())
        complain("... " + std::to_string(result.skipped - result.issues.size()) + " more bad lines not shown");
    if (!result.ok || !lines) {
        complain(!result.ok ? result.error : args.input + ": no trades");
        return set_exit_code(kExitFatal);
    }
    complain(args.input + ": " + std::to_string(result.trades) + " trades, " + lines->summary());
}

}  // namespace

void add_alert_commands(CLI::App& app) {
    auto args = std::make_shared<AlertsCommandArgs>();
    CLI::App* alerts = app.add_subcommand("alerts", "The alerts a trade file or recording fires, one line each, as live --alert prints them");
    alerts->add_option("--input,-i", args->input,
                       "Trade file (Binance aggTrades/trades CSV or zip, Tardis trades CSV) or a flowscope recording (.fsrec file or folder)")
        ->required();
    add_alert_options(alerts, args->alerts);
    alerts->add_option("--symbol", args->symbol, "Symbol (default: from the file)");
    alerts->add_option("--tick", args->tick, "Tick size (default: inferred from the prices)");
    alerts->add_flag("--include-non-aggressive", args->include_non_aggressive, kIncludeNonAggressiveHelp);
    alerts->footer(exit_codes_help());
    alerts->callback([args] { run_alerts(*args); });
}

}  // namespace flowscope::cli
