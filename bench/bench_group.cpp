// A market group's merge speed: three feeds of one market merged into one 1m footprint.
//
// Figures (one line each, "bench: <name> <value> <unit>"):
//   group_merge_trades_per_s       3 feeds (Binance, Bybit, OKX in contracts) merged offline
//                                  (merge_group_feeds) into one 1m footprint series, bucket = tick
//   group_merge_only_trades_per_s  the same merge into a sink that only counts: the merge's own cost
//   group_merger_live_trades_per_s the live merger (GroupMerger: held trades, bounded wait) fed in
//                                  30 ms batches and released every 30 ms, into the same footprint
//
// Each feed is the dense stream hour of bench_engine (49 copies of the real hour laid over each
// other, copy c shifted by c × 37 ms, ~247 k trades an hour), relabelled: Bybit shifted by 13 ms,
// OKX by 29 ms with its sizes in contracts of 0.01 BTC, so ties and contract conversion both occur.
// Hour after hour (not timed: shifting the next hour), one simulated day held at a time.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "aggregate/aggregator.hpp"
#include "group/group_merge.hpp"
#include "group/group_merger.hpp"
#include "io/trade_file.hpp"

using namespace flowscope;

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::int64_t kHourUs = 3'600'000'000;
constexpr std::uint64_t kDefaultTrades = 15'000'000;  // `bench_group N` runs a shorter or longer stream
constexpr int kCopiesPerHour = 49;
const std::string kHourFile = std::string(FLOWSCOPE_TEST_DATA_DIR) + "/binance-futures-BTCUSDT-2020-02-22T00.tardis.csv";

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

void print_figure(const char* name, double value, const char* unit) {
    std::printf("bench: %s %.0f %s\n", name, value, unit);
    std::fflush(stdout);
}

struct Hour {
    std::vector<Trade> trades;
    Price tick;
};

Hour stream_hour() {
    Hour real;
    const TradeFileResult r = read_trade_file(
        kHourFile, {}, [&](const TradeFileResult& header) { real.tick = header.tick; },
        [&](std::span<const Trade> batch) { real.trades.insert(real.trades.end(), batch.begin(), batch.end()); });
    if (!r.ok) {
        std::fprintf(stderr, "bench_group: %s\n", r.error.c_str());
        std::exit(1);
    }
    Hour out{{}, real.tick};
    out.trades.reserve(real.trades.size() * kCopiesPerHour);
    // Copies that spill past the hour are cut (with room for the 29 ms shift), so the next hour
    // follows in order.
    const std::int64_t hour_start = real.trades.front().exchange_time_us / kHourUs * kHourUs;
    for (int c = 0; c < kCopiesPerHour; ++c)
        for (Trade t : real.trades) {
            t.exchange_time_us += c * 37'000;
            if (t.exchange_time_us < hour_start + kHourUs - 50'000) out.trades.push_back(t);
        }
    std::stable_sort(out.trades.begin(), out.trades.end(),
                     [](const Trade& a, const Trade& b) { return a.exchange_time_us < b.exchange_time_us; });
    return out;
}

struct Feeds {
    MarketGroup group;
    std::array<std::vector<Trade>, 3> trades;
};

Feeds make_feeds(const Hour& hour) {
    const std::vector<GroupMarket> markets{{Exchange::BinanceFutures, "BTCUSDT", std::nullopt},
                                           {Exchange::Bybit, "BTCUSDT", std::nullopt},
                                           {Exchange::Okx, "BTC-USDT-SWAP", *parse_quantity("0.01")}};
    auto group = make_market_group(markets, false);
    if (!group) {
        std::fprintf(stderr, "bench_group: %s\n", group.error().c_str());
        std::exit(1);
    }
    Feeds f{*group, {hour.trades, hour.trades, hour.trades}};
    for (Trade& t : f.trades[1]) {
        t.exchange = Exchange::Bybit;
        t.exchange_time_us += 13'000;
    }
    for (Trade& t : f.trades[2]) {
        t.exchange = Exchange::Okx;
        t.exchange_time_us += 29'000;
        t.quantity.units *= 100;
    }
    return f;
}

void next_hour(Feeds& f) {
    for (auto& feed : f.trades)
        for (Trade& t : feed) t.exchange_time_us += kHourUs;
}

Aggregator one_minute(Price tick) {
    Aggregator a;
    a.add_series(*BarSpec::parse("1m"), tick.units);
    return a;
}

// Offline merge, hour after hour; into the footprint, or only counted.
double offline_rate(const Hour& hour, std::uint64_t total, bool aggregate) {
    Feeds f = make_feeds(hour);
    Aggregator aggregator = one_minute(hour.tick);
    std::uint64_t counted = 0;
    double seconds = 0;
    std::uint64_t merged = 0;
    for (int rep = 0; merged < total; ++rep) {
        if (rep > 0) next_hour(f);
        if (rep > 0 && rep % 24 == 0) aggregator.clear();
        const std::array<std::span<const Trade>, 3> spans{f.trades[0], f.trades[1], f.trades[2]};
        const auto start = Clock::now();
        GroupMergeResult r;
        if (aggregate)
            r = merge_group_feeds(f.group, std::span<const std::span<const Trade>>(spans),
                                  [&](const Trade& t, std::size_t) { aggregator.add(t); });
        else
            r = merge_group_feeds(f.group, std::span<const std::span<const Trade>>(spans),
                                  [&](const Trade& t, std::size_t feed) { counted += feed + (t.quantity.units > 0); });
        seconds += seconds_since(start);
        merged += r.trades;
    }
    if (counted == 1) std::printf("#\n");
    return static_cast<double>(merged) / seconds;
}

// The live merger: every feed delivers each 30 ms of its trades at once, 5 ms after the last of
// them, and the merger releases after each delivery.
double live_rate(const Hour& hour, std::uint64_t total) {
    Feeds f = make_feeds(hour);
    Aggregator aggregator = one_minute(hour.tick);
    GroupMerger merger(f.group);
    constexpr std::int64_t kBatchUs = 30'000;
    double seconds = 0;
    std::uint64_t released = 0;
    for (int rep = 0; released < total; ++rep) {
        if (rep > 0) next_hour(f);
        if (rep > 0 && rep % 24 == 0) aggregator.clear();
        std::array<std::size_t, 3> next{0, 0, 0};
        const std::int64_t begin = f.trades[0].front().exchange_time_us / kHourUs * kHourUs;
        const auto start = Clock::now();
        for (std::int64_t now = begin + kBatchUs; now <= begin + kHourUs; now += kBatchUs) {
            for (std::size_t feed = 0; feed < 3; ++feed) {
                const std::vector<Trade>& trades = f.trades[feed];
                const std::size_t from = next[feed];
                while (next[feed] < trades.size() && trades[next[feed]].exchange_time_us + 5'000 <= now) ++next[feed];
                merger.push(feed, std::span<const Trade>(trades).subspan(from, next[feed] - from), now);
            }
            merger.release(now, [&](const Trade& t, std::size_t) {
                aggregator.add(t);
                ++released;
            });
        }
        seconds += seconds_since(start);
    }
    std::printf("# live merger: %llu released, max hold %.1f ms, %llu by the wait, %zu still held\n",
                static_cast<unsigned long long>(merger.latency().released), merger.latency().max_hold_us / 1000.0,
                static_cast<unsigned long long>(merger.latency().released_by_wait), merger.held());
    return static_cast<double>(released) / seconds;
}

}  // namespace

int main(int argc, char** argv) {
    const std::uint64_t total = argc > 1 ? std::stoull(argv[1]) : kDefaultTrades;
    const Hour hour = stream_hour();
    std::printf("# 3 feeds of %zu trades an hour each, tick %s, %llu trades merged per figure\n", hour.trades.size(),
                format_price(hour.tick).c_str(), static_cast<unsigned long long>(total));
    print_figure("group_merge_trades_per_s", offline_rate(hour, total, true), "trades/s");
    print_figure("group_merge_only_trades_per_s", offline_rate(hour, total, false), "trades/s");
    print_figure("group_merger_live_trades_per_s", live_rate(hour, total), "trades/s");
    return 0;
}
