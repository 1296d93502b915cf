// flowscope-cli record / info / convert: the recorder for servers, a recording's summary, and
// public trade files turned into recordings.
//
// record: the live feed's raw frames into daily files in a folder (or into one file when --out
// ends in .fsrec) until SIGINT/SIGTERM or --duration; the pending block is written on exit.
// info: span, frames, trades, gaps, size and damage of a recording (or a folder of them).
// convert: Binance public CSV/ZIP or Tardis CSV → recording (synthesized Binance frames), or
// captured NDJSON frames with their receive times → recording (--receive-times).
#include <CLI/CLI.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "cli_commands.hpp"
#include "model/wall_clock.hpp"
#include "net/live_feed.hpp"
#include "record/daily_recorder.hpp"
#include "record/frame_file_conversion.hpp"
#include "record/recording_info.hpp"
#include "record/trade_file_conversion.hpp"

namespace flowscope::cli {

namespace {

std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop.store(true); }

void complain(const std::string& message) { std::fprintf(stderr, "flowscope-cli: %s\n", message.c_str()); }

// "2020-02-22 00:00:02.418 UTC"
std::string utc_time(std::int64_t time_us) {
    const std::int64_t day_us = 86'400'000'000;
    const std::int64_t in_day = ((time_us % day_us) + day_us) % day_us;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s %02lld:%02lld:%02lld.%03lld UTC", record::utc_date(time_us).c_str(),
                  static_cast<long long>(in_day / 3'600'000'000), static_cast<long long>(in_day / 60'000'000 % 60),
                  static_cast<long long>(in_day / 1'000'000 % 60), static_cast<long long>(in_day / 1000 % 1000));
    return buf;
}

std::string duration_text(std::int64_t us) {
    const std::int64_t s = us / 1'000'000;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%lldh%02lldm%02llds", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
    return buf;
}

struct RecordArgs {
    std::string exchange, symbol, out, endpoint, ca_file;
    double duration_s = 0;
};

// Writes either one file (no rotation) or daily files in a folder.
class FrameSink {
public:
    bool open(const RecordArgs& args, Exchange exchange, const std::string& symbol) {
        const bool single = args.out.size() > record::kFileExtension.size() &&
                            args.out.ends_with(record::kFileExtension);
        if (!single) {
            daily_ = std::make_unique<record::DailyRecorder>(args.out, exchange, symbol);
            return true;
        }
        auto created = record::RecordingWriter::create(args.out, exchange, symbol);
        if (created) file_ = std::move(*created);
        else complain(created.error());
        exchange_ = exchange;
        symbol_ = symbol;
        return file_ != nullptr;
    }
    bool append(const RawFrame& f) {
        if (daily_) return daily_->append(f.receive_time_us, f.text) || report(daily_->error());
        return file_->append({f.receive_time_us, exchange_, symbol_, f.text}) || report(file_->error());
    }
    bool flush_if_due(std::int64_t now) {
        if (daily_) return daily_->flush_if_due(now) || report(daily_->error());
        return file_->flush_if_due(now) || report(file_->error());
    }
    bool close() {
        if (daily_) return daily_->close() || report(daily_->error());
        return file_->close() || report(file_->error());
    }
    std::string where() const { return daily_ ? daily_->current_path() : file_->path(); }
    std::uint64_t bytes() const { return daily_ ? daily_->bytes_written() : file_->bytes_written(); }

private:
    static bool report(const std::string& error) {
        complain("recording: " + error);
        return false;
    }
    std::unique_ptr<record::DailyRecorder> daily_;
    std::unique_ptr<record::RecordingWriter> file_;
    Exchange exchange_ = Exchange::Unknown;
    std::string symbol_;
};

void run_record(const RecordArgs& args) {
    const auto exchange = exchange_from_name(args.exchange);
    if (!exchange) {
        complain("unknown --exchange '" + args.exchange + "': use binance, binance-futures, bybit, okx, coinbase or kraken");
        return set_exit_code(kExitUsage);
    }
    LiveFeedConfig config;
    config.exchange = *exchange;
    config.symbols = {args.symbol};
    config.extra_ca_file = args.ca_file;
    if (!args.endpoint.empty()) {
        config.endpoint_override = parse_endpoint_url(args.endpoint);
        if (!config.endpoint_override) {
            complain("bad --endpoint '" + args.endpoint + "': expected ws://host:port/path or wss://...");
            return set_exit_code(kExitUsage);
        }
    }
    const auto adapter = make_adapter(*exchange);
    const std::string symbol = adapter->normalize_symbol(args.symbol);
    FrameSink sink;
    if (!sink.open(args, *exchange, symbol)) return set_exit_code(kExitFatal);

    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    LiveFeed feed(config);
    feed.start();
    std::fprintf(stderr, "flowscope-cli: recording %s %s into %s (Ctrl-C to stop)\n", args.exchange.c_str(),
                 symbol.c_str(), args.out.c_str());
    FeedBatch batch;
    bool ok = true;
    std::uint64_t frames = 0;
    const auto start = std::chrono::steady_clock::now();
    auto last_status = start;
    const auto done = [&] {
        return g_stop.load() || (args.duration_s > 0 &&
                                 std::chrono::steady_clock::now() - start >= std::chrono::duration<double>(args.duration_s));
    };
    for (bool last_round = false; !last_round;) {
        last_round = done();
        if (!last_round) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (last_round) feed.stop();  // then drain what it queued before stopping
        batch.clear();
        feed.drain(batch);
        for (const FeedEvent& e : batch.events)
            std::fprintf(stderr, "flowscope-cli: %s %s\n", std::string(feed_event_name(e.kind)).c_str(), e.message.c_str());
        for (const RawFrame& f : batch.frames) ok = sink.append(f) && ok;
        frames += batch.frames.size();
        ok = sink.flush_if_due(wall_now_us()) && ok;
        if (std::chrono::steady_clock::now() - last_status >= std::chrono::seconds(60)) {
            last_status = std::chrono::steady_clock::now();
            std::fprintf(stderr, "flowscope-cli: %llu frames, %llu bytes, now in %s\n",
                         static_cast<unsigned long long>(frames), static_cast<unsigned long long>(sink.bytes()),
                         sink.where().c_str());
        }
    }
    ok = sink.close() && ok;
    const LiveFeedCounters n = feed.counters();
    std::fprintf(stderr, "flowscope-cli: stopped: %llu frames recorded, %llu bytes, %llu frames dropped by the feed, %llu gaps\n",
                 static_cast<unsigned long long>(frames), static_cast<unsigned long long>(sink.bytes()),
                 static_cast<unsigned long long>(n.dropped_frames), static_cast<unsigned long long>(n.gaps));
    if (!ok) set_exit_code(kExitFatal);
}

struct InfoArgs {
    std::string input;
    double gap_s = 10;
};

void run_info(const InfoArgs& args) {
    const auto read = record::recording_info(args.input, static_cast<std::int64_t>(args.gap_s * 1e6));
    if (!read) {
        complain(read.error());
        return set_exit_code(kExitFatal);
    }
    const record::RecordingInfo& info = *read;
    std::printf("recording: %s\n", args.input.c_str());
    if (info.files.size() > 1) std::printf("files: %zu\n", info.files.size());
    std::printf("stream: %s %s\n", std::string(exchange_name(info.exchange)).c_str(), info.symbol.c_str());
    if (info.frames > 0)
        std::printf("span: %s to %s (%s)\n", utc_time(info.first_time_us).c_str(), utc_time(info.last_time_us).c_str(),
                    duration_text(info.last_time_us - info.first_time_us).c_str());
    std::printf("frames: %llu (%llu ignored: acks, heartbeats and channels not read; %llu malformed; %llu exchange errors",
                static_cast<unsigned long long>(info.frames), static_cast<unsigned long long>(info.ignored),
                static_cast<unsigned long long>(info.malformed), static_cast<unsigned long long>(info.exchange_errors));
    if (info.control > 0) std::printf("; %llu backfill markers", static_cast<unsigned long long>(info.control));
    std::printf(")\n");
    std::printf("trades: %llu", static_cast<unsigned long long>(info.trades));
    if (info.duplicates > 0) std::printf(" (%llu more recorded twice, counted once)", static_cast<unsigned long long>(info.duplicates));
    std::printf("\n");
    std::printf("gaps: %zu silences over %.0f s", info.gaps.size(), args.gap_s);
    std::int64_t longest = 0;
    for (const auto& g : info.gaps) longest = std::max(longest, g.to_us - g.from_us);
    if (!info.gaps.empty()) std::printf(" (longest %s)", duration_text(longest).c_str());
    std::printf(", %llu trade id gaps (%llu ids missing)\n", static_cast<unsigned long long>(info.id_gaps),
                static_cast<unsigned long long>(info.missing_ids));
    std::printf("size: %llu bytes (%.2f bytes per frame)\n", static_cast<unsigned long long>(info.bytes),
                info.frames ? double(info.bytes) / double(info.frames) : 0.0);
    std::printf("index: %s\n", info.all_indexed ? "footer present" : "rebuilt by scanning (not closed cleanly)");
    std::printf("damaged: %llu\n", static_cast<unsigned long long>(info.damage_reports));
    for (const auto& issue : info.issues)
        std::printf("  %s: %s\n", issue.damage ? "damaged" : "note", issue.describe().c_str());
    if (info.damage_reports > 0) set_exit_code(kExitDamaged);
}

struct ConvertArgs {
    std::string input, output, symbol, exchange = "binance-futures", receive_times;
};

// Captured frames (NDJSON) with their receive times, e.g. to build resources/sessions/.
void run_convert_frames(const ConvertArgs& args) {
    const auto exchange = exchange_from_name(args.exchange);
    if (!exchange || args.symbol.empty()) {
        complain("converting frames needs --exchange (known name) and --symbol");
        return set_exit_code(kExitUsage);
    }
    const auto converted = record::convert_frame_file(args.input, args.receive_times, *exchange, args.symbol, args.output);
    if (!converted) {
        complain(converted.error());
        return set_exit_code(kExitFatal);
    }
    const record::FrameFileConversion& result = *converted;
    std::fprintf(stderr, "flowscope-cli: %s → %s: %llu frames, %llu bytes\n", args.input.c_str(), args.output.c_str(),
                 static_cast<unsigned long long>(result.frames), static_cast<unsigned long long>(result.bytes));
}

// Checked before reading: a long conversion must not end in "cannot create".
bool output_folder_exists(const std::string& output) {
    const std::filesystem::path folder = std::filesystem::path(output).parent_path();
    std::error_code ec;
    if (folder.empty() || std::filesystem::is_directory(folder, ec)) return true;
    complain("cannot create " + output + ": the folder " + folder.string() + " does not exist (create it, or choose another output)");
    set_exit_code(kExitFatal);
    return false;
}

void run_convert(const ConvertArgs& args) {
    if (!output_folder_exists(args.output)) return;
    if (!args.receive_times.empty()) return run_convert_frames(args);
    TradeFileOptions options;
    options.symbol = args.symbol;
    const auto result = record::convert_trade_file(args.input, args.output, options);
    for (const auto& issue : result.file.issues) complain(describe_issue(issue));
    if (!result.ok) {
        complain(result.error);
        return set_exit_code(kExitFatal);
    }
    std::fprintf(stderr, "flowscope-cli: %s (%s, %s %s) → %s: %llu trades as %llu frames, %llu bytes, %llu bad lines skipped\n",
                 args.input.c_str(), std::string(trade_file_format_name(result.file.format)).c_str(),
                 std::string(exchange_name(result.file.exchange)).c_str(), result.file.symbol.c_str(), args.output.c_str(),
                 static_cast<unsigned long long>(result.file.trades), static_cast<unsigned long long>(result.frames),
                 static_cast<unsigned long long>(result.bytes), static_cast<unsigned long long>(result.file.skipped));
    if (args.symbol.empty() && result.file.symbol == "UNKNOWN")
        complain(args.input + ": no symbol in the file or its name (Binance names its files SYMBOL-aggTrades-DATE.zip), so the "
                 "recording says UNKNOWN; convert again with --symbol (e.g. --symbol BTCUSDT) to name it");
}

}  // namespace

void add_record_commands(CLI::App& app) {
    auto record_args = std::make_shared<RecordArgs>();
    CLI::App* rec = app.add_subcommand("record", "Record an exchange's live trade frames until Ctrl-C (headless recorder)");
    rec->add_option("--exchange", record_args->exchange, "binance, binance-futures, bybit, okx, coinbase, kraken")->required();
    rec->add_option("--symbol", record_args->symbol, "symbol, in any spelling (BTCUSDT, btc-usdt)")->required();
    rec->add_option("--out", record_args->out, "FOLDER for daily files <exchange>-<symbol>-YYYY-MM-DD.fsrec, or FILE.fsrec")
        ->required();
    rec->add_option("--endpoint", record_args->endpoint, "connect here instead (ws://127.0.0.1:PORT/path for a local test exchange)");
    rec->add_option("--ca-file", record_args->ca_file, "also trust this CA certificate (PEM)");
    rec->add_option("--duration", record_args->duration_s, "stop after this many seconds (default: until interrupted)");
    rec->footer(exit_codes_help());
    rec->callback([record_args] { run_record(*record_args); });

    auto info_args = std::make_shared<InfoArgs>();
    CLI::App* info = app.add_subcommand("info", "Span, frames, trades, gaps, size and damage of a recording");
    info->add_option("input", info_args->input, "a .fsrec recording or a folder of them")->required();
    info->add_option("--gap-seconds", info_args->gap_s, "report silences longer than this (default 10)");
    info->footer(exit_codes_help());
    info->callback([info_args] { run_info(*info_args); });

    auto convert_args = std::make_shared<ConvertArgs>();
    CLI::App* convert = app.add_subcommand("convert", "Binance public CSV/ZIP or Tardis CSV → recording");
    convert->add_option("input", convert_args->input, "trade file (.csv or .zip)")->required();
    convert->add_option("output", convert_args->output, "the recording to create (.fsrec); never overwritten")->required();
    convert->add_option("--symbol", convert_args->symbol, "symbol when the file does not say (default: from the file name)");
    convert->add_option("--receive-times", convert_args->receive_times,
                        "input is NDJSON websocket frames; this CSV (line,receive_time_us) gives their receive times");
    convert->add_option("--exchange", convert_args->exchange, "with --receive-times: whose frames (default binance-futures)");
    convert->footer(exit_codes_help());
    convert->callback([convert_args] { run_convert(*convert_args); });
}

}  // namespace flowscope::cli
