// Network-side throughput on real frames.
// Figures (one line each, "bench: <name> <value> <unit>"):
//   <exchange>_frames_per_s   adapter parse rate on the real captures, one core
//                             (binance-futures: the captured hour of aggTrade frames; the others:
//                             the exchange's documented example frame, repeated)
//   binance_futures_trade_frames_per_s   the same hour as `trade` frames
//   binance-futures_cpu_ns_per_frame     the aggTrade hour again, in the parsing thread's own CPU
//                                        time per frame (the wall clock also counts other processes)
//   end_to_end_frames_per_s   the captured hour (x20) streamed by the local test exchange over a
//                             loopback websocket, through LiveFeed (parse, gap check, queue) into
//                             an Aggregator with the 11 standard timeframes, drained every 10 ms
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "aggregate/aggregator.hpp"
#include "support/local_exchange.hpp"
#include "net/adapters.hpp"
#include "net/live_feed.hpp"
#include "support/test_data.hpp"
#include <thread>

using namespace flowscope;

namespace {

// One JSON document per line, so the example files (pretty-printed) fold to one frame.
std::string one_line(std::string text) {
    std::string out;
    for (char c : text)
        if (c != '\n' && c != '\r') out.push_back(c);
    return out;
}

void print(const char* name, double value, const char* unit) { std::printf("bench: %s %.0f %s\n", name, value, unit); }

// Parses the frames over and over for at least min_seconds; returns frames per second.
double frames_per_second(const ExchangeAdapter& adapter, const std::vector<std::string>& frames, double min_seconds = 0.5) {
    std::vector<Trade> trades;
    trades.reserve(4096);
    std::size_t parsed = 0, trade_count = 0;
    const auto start = std::chrono::steady_clock::now();
    double elapsed = 0;
    do {
        for (const auto& frame : frames) {
            trades.clear();
            if (adapter.parse(frame, 0, trades).kind != FrameKind::Trades) {
                std::fprintf(stderr, "bench_net: a real frame did not parse as trades\n");
                std::exit(1);
            }
            trade_count += trades.size();
        }
        parsed += frames.size();
        elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    } while (elapsed < min_seconds);
    if (trade_count == 0) std::exit(1);
    return static_cast<double>(parsed) / elapsed;
}

double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

double cpu_ns_per_frame(const ExchangeAdapter& adapter, const std::vector<std::string>& frames, int rounds = 200) {
    std::vector<Trade> trades;
    trades.reserve(4096);
    std::size_t trade_count = 0;
    const double start = thread_cpu_seconds();
    for (int r = 0; r < rounds; ++r) {
        for (const auto& frame : frames) {
            trades.clear();
            if (adapter.parse(frame, 0, trades).kind != FrameKind::Trades) std::exit(1);
            trade_count += trades.size();
        }
    }
    const double elapsed = thread_cpu_seconds() - start;
    if (trade_count == 0) std::exit(1);
    return elapsed * 1e9 / (double(rounds) * double(frames.size()));
}

double end_to_end_frames_per_second(const std::vector<std::string>& hour) {
    constexpr int kRepeats = 20;
    testing::LocalExchangeOptions options;
    for (int i = 0; i < kRepeats; ++i) options.frames.insert(options.frames.end(), hour.begin(), hour.end());
    testing::LocalExchange server(options);
    LiveFeedConfig config;
    config.exchange = Exchange::BinanceFutures;
    config.symbols = {"BTCUSDT"};
    config.endpoint_override = parse_endpoint_url(server.url("/market/ws"));
    config.queue_capacity = 1 << 20;
    Aggregator aggregator;
    for (std::string_view tf : kStandardTimeframes) aggregator.add_series(*BarSpec::parse(tf), 1'000'000);  // 0.01 buckets

    const std::size_t expected_trades = options.frames.size();
    LiveFeed feed(config);
    const auto start = std::chrono::steady_clock::now();
    feed.start();
    FeedBatch batch;
    std::uint64_t frames = 0;
    while (aggregator.trades() < expected_trades) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        batch.clear();
        feed.drain(batch);
        frames += batch.frames.size();
        for (const Trade& t : batch.trades) aggregator.add(t);
        if (std::chrono::steady_clock::now() - start > std::chrono::seconds(120)) {
            std::fprintf(stderr, "bench_net: end-to-end stream did not finish\n");
            std::exit(1);
        }
    }
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    feed.stop();
    if (feed.dropped_frames() != 0) std::exit(1);
    return static_cast<double>(frames) / elapsed;
}

}  // namespace

int main() {
    const auto agg_hour = test::read_lines(test::data_path("ws/binance-futures-btcusdt-aggTrade-2020-02-22T00.ndjson"));
    const auto trade_hour = test::read_lines(test::data_path("ws/binance-futures-btcusdt-trade-2020-02-22T00.ndjson"));
    auto example = [](const char* file) {
        return std::vector<std::string>(1000, one_line(test::read_text_file(test::data_path(std::string("ws/exchange-examples/") + file))));
    };
    print("binance-futures_frames_per_s", frames_per_second(*make_binance_futures_adapter(), agg_hour), "frames/s");
    print("binance-futures_cpu_ns_per_frame", cpu_ns_per_frame(*make_binance_futures_adapter(), agg_hour), "ns");
    print("binance_futures_trade_frames_per_s",
          frames_per_second(*make_binance_futures_adapter(BinanceStream::Trade), trade_hour), "frames/s");
    print("binance_frames_per_s", frames_per_second(*make_binance_spot_adapter(), example("binance-spot-aggTrade-combined.json")), "frames/s");
    print("bybit_frames_per_s", frames_per_second(*make_bybit_adapter(), example("bybit-v5-publicTrade.json")), "frames/s");
    print("okx_frames_per_s", frames_per_second(*make_okx_adapter(), example("okx-v5-trades.json")), "frames/s");
    print("coinbase_frames_per_s", frames_per_second(*make_coinbase_adapter(), example("coinbase-advanced-market_trades.json")), "frames/s");
    print("kraken_frames_per_s", frames_per_second(*make_kraken_adapter(), example("kraken-v2-trade.json")), "frames/s");
    print("end_to_end_frames_per_s", end_to_end_frames_per_second(agg_hour), "frames/s");
    return 0;
}
