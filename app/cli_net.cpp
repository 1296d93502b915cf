// flowscope-cli trades / live: trades from captured websocket frames, or from the exchange live.
//
// trades: one JSON frame per line (NDJSON, as captured from a browser or a websocket tool), or a
// .fsrec recording, → CSV time_ms,price,quantity,side,trade_id (side = the aggressor). Frames that
// are broken, unknown or exchange errors are counted and reported on stderr, never fatal.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "cli_commands.hpp"
#include "net/adapters.hpp"
#include "record/recording_reader.hpp"

namespace flowscope::cli {

namespace {

constexpr int kExitFatal = 1;  // the input could not be read
constexpr int kExitUsage = 2;  // a bad argument
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
    void report(const std::string& input) const {
        if (described > kMaxReportedFrames)
            std::fprintf(stderr, "flowscope-cli: ... %d more bad frames not shown\n", described - kMaxReportedFrames);
        std::fprintf(stderr,
                     "flowscope-cli: %s: %llu frames, %llu trades, %llu acks/heartbeats, %llu unknown (ignored), "
                     "%llu malformed (skipped), %llu exchange errors\n",
                     input.c_str(), static_cast<unsigned long long>(frames), static_cast<unsigned long long>(trades),
                     static_cast<unsigned long long>(control), static_cast<unsigned long long>(unknown),
                     static_cast<unsigned long long>(malformed), static_cast<unsigned long long>(errors));
    }
};

// CSV rows through one buffer and fwrite.
class TradeCsv {
public:
    TradeCsv() {
        text_.reserve(kFlushBytes + 256);
        text_ = "time_ms,price,quantity,side,trade_id\n";
    }
    ~TradeCsv() { flush(); }
    TradeCsv(const TradeCsv&) = delete;
    TradeCsv& operator=(const TradeCsv&) = delete;

    void add(const Trade& t) {
        text_ += std::to_string(t.exchange_time_us / 1000);
        text_ += ',';
        append_units(text_, t.price.units);
        text_ += ',';
        append_units(text_, t.quantity.units);
        text_ += ',';
        text_ += side_name(t.aggressor);
        text_ += ',';
        text_ += t.id.text.view();
        text_ += '\n';
        if (text_.size() >= kFlushBytes) flush();
    }
    void flush() {
        if (!text_.empty()) std::fwrite(text_.data(), 1, text_.size(), stdout);
        text_.clear();
        std::fflush(stdout);
    }

private:
    static constexpr std::size_t kFlushBytes = 1 << 20;
    std::string text_;
};

struct TradesArgs {
    std::string input;
    std::string exchange;
};

void print_ndjson_trades(const TradesArgs& args, const ExchangeAdapter& adapter) {
    std::ifstream in(args.input, std::ios::binary);
    if (!in) {
        complain("cannot read --input '" + args.input + "'");
        set_exit_code(kExitFatal);
        return;
    }
    TradeCsv csv;
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
}

// A recording holds frames of any exchange: each is parsed by its own exchange's adapter.
void print_recording_trades(const TradesArgs& args, std::optional<Exchange> only) {
    std::string error;
    auto reader = record::RecordingReader::open(args.input, error);
    if (!reader) {
        complain(error);
        set_exit_code(kExitFatal);
        return;
    }
    std::unique_ptr<ExchangeAdapter> adapters[8];
    TradeCsv csv;
    FrameTally tally;
    std::vector<Trade> trades;
    record::FrameCursor cursor(*reader);
    record::RecordedFrame frame;
    std::uint64_t index = 0;
    while (cursor.next(frame)) {
        ++index;
        if (only && frame.exchange != *only) continue;
        auto& adapter = adapters[static_cast<std::size_t>(frame.exchange) % 8];
        if (!adapter) adapter = make_adapter(frame.exchange);
        if (!adapter) continue;
        trades.clear();
        const FrameResult result = adapter->parse(frame.text, frame.receive_time_us, trades);
        tally.count(result, trades.size(), args.input + ": frame " + std::to_string(index));
        for (const Trade& t : trades) csv.add(t);
    }
    csv.flush();
    for (const auto& issue : reader->issues()) complain(issue.describe());
    tally.report(args.input);
}

void run_trades(const TradesArgs& args) {
    std::optional<Exchange> exchange;
    if (!args.exchange.empty() && !(exchange = exchange_argument(args.exchange))) {
        set_exit_code(kExitUsage);
        return;
    }
    if (args.input.ends_with(".fsrec")) {
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

}  // namespace

void add_net_commands(CLI::App& app) {
    auto trades_args = std::make_shared<TradesArgs>();
    CLI::App* trades = app.add_subcommand("trades", "Trades from captured websocket frames (NDJSON) or a .fsrec recording, as CSV");
    trades->add_option("--input", trades_args->input, "NDJSON file, one exchange frame per line, or a .fsrec recording")->required();
    trades->add_option("--exchange", trades_args->exchange, "binance, binance-futures, bybit, okx, coinbase, kraken (required for NDJSON)");
    trades->callback([trades_args] { run_trades(*trades_args); });
}

}  // namespace flowscope::cli
