// Engine and import speed on real trades: one real hour of Binance USD-M BTCUSDT (tests/data), and
// 50 M-trade streams made by repeating that hour with shifted time and ids.
//
// Figures (one line each, "bench: <name> <value> <unit>"):
//   footprint_1m_trades_per_s     trades/s into one 1m footprint series (bucket = tick), 50 M stream
//   all_timeframes_trades_per_s   trades/s into the 11 standard time frames at once, 50 M stream
//   csv_import_mb_per_s           read_trade_file on a big Binance trades CSV in /tmp (page cache warm)
//   memory_bytes_per_trade        Aggregator::memory_bytes() / trades held, real hour, 1m, bucket = tick
//   worst_bar_levels_ms           analysis (POC, value area, imbalances, stacked runs) of one bar whose
//                                 two trades, 9682.00000001 and 9782 at a 1e-8 bucket, are 1e10 levels apart
// plus the same figures on the real hour alone and for other layouts, with descriptive suffixes.
//
// The real hour is a quiet one (5,041 trades, 1.4 per second), so "repeating it with shifted time"
// is done two ways, both printed:
//   - the figures' stream: each hour of a day holds 49 copies of the real hour laid over each other
//     (copy c shifted by c × 37 ms), ~5.9 M trades a day, the density of a liquid market's day and
//     the same day bench_record replays;
//   - …_hour_after_hour: the real hour played again and again, 413 days at 1.4 trades/s, where
//     almost every trade opens a new 1s bar and new footprint levels: the engine's worst case.
// Either stream would need tens of GB to hold whole at a 0.01 tick, so it runs through the
// engine one simulated day at a time (clear() between days, as a live chart keeps a window), and
// the clock only runs while trades go in.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "aggregate/aggregator.hpp"
#include "aggregate/footprint_analysis.hpp"
#include "io/trade_file.hpp"

using namespace flowscope;

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::int64_t kHourUs = 3'600'000'000;
constexpr std::uint64_t kDefaultStreamTrades = 50'000'000;  // `bench_engine N` runs a shorter stream (profiling)

const std::string kDataDir = FLOWSCOPE_TEST_DATA_DIR;
const std::string kLargestFile = kDataDir + "/binance-futures-BTCUSDT-2020-02-22T00.tardis.csv";
const std::string kTradesFile = kDataDir + "/binance-futures-BTCUSDT-2020-02-22T00.trades.csv";

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

void print_figure(const char* name, double value, const char* unit) {
    std::printf("bench: %s %.0f %s\n", name, value, unit);
    std::fflush(stdout);
}

struct LoadedFile {
    std::vector<Trade> trades;
    Price tick;
};

LoadedFile load(const std::string& path) {
    LoadedFile out;
    const TradeFileResult r = read_trade_file(
        path, {}, [&](const TradeFileResult& header) { out.tick = header.tick; },
        [&](std::span<const Trade> batch) { out.trades.insert(out.trades.end(), batch.begin(), batch.end()); });
    if (!r.ok) {
        std::fprintf(stderr, "bench_engine: %s\n", r.error.c_str());
        std::exit(1);
    }
    return out;
}

void add_standard_timeframes(Aggregator& aggregator, Price tick) {
    for (std::string_view tf : kStandardTimeframes) aggregator.add_series(*BarSpec::parse(tf), tick.units);
}

// One hour of the stream: `copies` copies of the real hour laid over each other, copy c shifted by
// c × 37 ms with its ids moved past the other copies', in time order.
std::vector<Trade> stream_hour(const LoadedFile& hour, int copies) {
    std::vector<Trade> out;
    out.reserve(hour.trades.size() * static_cast<std::size_t>(copies));
    for (int c = 0; c < copies; ++c)
        for (Trade t : hour.trades) {
            t.exchange_time_us += c * 37'000;
            t.receive_time_us += c * 37'000;
            t.id = TradeId::from_number(*t.id.number + static_cast<std::uint64_t>(c) * hour.trades.size());
            out.push_back(t);
        }
    std::stable_sort(out.begin(), out.end(),
                     [](const Trade& a, const Trade& b) { return a.exchange_time_us < b.exchange_time_us; });
    return out;
}

// Feeds `total` trades of the stream, hour after hour; returns trades per second of engine time.
double stream_rate(const LoadedFile& hour, int copies_per_hour, bool all_timeframes, std::uint64_t total) {
    Aggregator aggregator;
    if (all_timeframes)
        add_standard_timeframes(aggregator, hour.tick);
    else
        aggregator.add_series(*BarSpec::parse("1m"), hour.tick.units);
    std::vector<Trade> chunk = stream_hour(hour, copies_per_hour);
    const std::uint64_t ids_per_hour = chunk.size();
    double engine_seconds = 0;
    std::uint64_t fed = 0;
    for (std::uint64_t rep = 0; fed < total; ++rep) {
        if (rep > 0) {  // the next hour: shift time and ids (not timed)
            for (Trade& t : chunk) {
                t.exchange_time_us += kHourUs;
                t.receive_time_us += kHourUs;
                t.id = TradeId::from_number(*t.id.number + ids_per_hour);
            }
            if (rep % 24 == 0) aggregator.clear();  // one simulated day held at a time
        }
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), total - fed));
        const auto start = Clock::now();
        for (std::size_t i = 0; i < n; ++i) aggregator.add(chunk[i]);
        engine_seconds += seconds_since(start);
        fed += n;
    }
    return static_cast<double>(fed) / engine_seconds;
}

// The real hour alone, fed repeatedly into fresh aggregators; trades per second.
double real_hour_rate(const LoadedFile& hour, bool all_timeframes) {
    constexpr int kRounds = 200;
    double best = 0;
    for (int round = 0; round < kRounds; ++round) {
        Aggregator aggregator;
        if (all_timeframes)
            add_standard_timeframes(aggregator, hour.tick);
        else
            aggregator.add_series(*BarSpec::parse("1m"), hour.tick.units);
        const auto start = Clock::now();
        for (const Trade& t : hour.trades) aggregator.add(t);
        best = std::max(best, static_cast<double>(hour.trades.size()) / seconds_since(start));
    }
    return best;
}

double memory_per_trade(const LoadedFile& hour, bool all_timeframes) {
    Aggregator aggregator;
    if (all_timeframes)
        add_standard_timeframes(aggregator, hour.tick);
    else
        aggregator.add_series(*BarSpec::parse("1m"), hour.tick.units);
    for (const Trade& t : hour.trades) aggregator.add(t);
    return static_cast<double>(aggregator.memory_bytes()) / static_cast<double>(aggregator.trades());
}

// A big Binance trades CSV: the real file's rows repeated with shifted ids and times.
std::string make_big_csv(std::size_t target_bytes) {
    const std::string path = (std::filesystem::temp_directory_path() / "flowscope-bench-trades.csv").string();
    const LoadedFile hour = load(kTradesFile);
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) {
        std::perror(path.c_str());
        std::exit(1);
    }
    std::string text = "id,price,qty,quote_qty,time,is_buyer_maker\n";
    std::size_t written = 0;
    for (std::uint64_t rep = 0; written < target_bytes; ++rep) {
        for (const Trade& t : hour.trades) {
            const std::uint64_t id = *t.id.number + rep * hour.trades.size();
            const std::int64_t time_ms = (t.exchange_time_us + static_cast<std::int64_t>(rep) * kHourUs) / 1000;
            text += std::to_string(id);
            text += ',';
            append_units(text, t.price.units);
            text += ',';
            append_units(text, t.quantity.units);
            text += ',';
            append_units(text, static_cast<int128>(t.price.units) * t.quantity.units / kDecimalScale);
            text += ',';
            text += std::to_string(time_ms);
            text += t.aggressor == Side::Sell ? ",true\n" : ",false\n";
        }
        written += std::fwrite(text.data(), 1, text.size(), f);
        text.clear();
    }
    std::fclose(f);
    return path;
}

// Best of three reads (the file is in the page cache after the first), MB/s of file size.
double import_rate(const std::string& path) {
    const double mb = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
    double best = 0;
    for (int round = 0; round < 3; ++round) {
        std::uint64_t trades = 0;
        const auto start = Clock::now();
        TradeFileOptions options;
        const TradeFileResult r =
            read_trade_file(path, options, nullptr, [&](std::span<const Trade> batch) { trades += batch.size(); });
        const double s = seconds_since(start);
        if (!r.ok || trades != r.trades) {
            std::fprintf(stderr, "bench_engine: import failed: %s\n", r.error.c_str());
            std::exit(1);
        }
        best = std::max(best, mb / s);
    }
    return best;
}

// Milliseconds per analysis of a bar that spans 1e10 buckets with 2 traded: the work must follow
// the traded levels, so this is the cost of two levels.
double worst_bar_levels_ms() {
    Footprint fp;
    fp.add(Footprint::bucket_of(*parse_price("9682.00000001"), 1), Side::Sell, *parse_quantity("0.5"));
    fp.add(Footprint::bucket_of(*parse_price("9782"), 1), Side::Buy, *parse_quantity("1.25"));
    const ImbalanceSettings settings;
    constexpr int kRounds = 1000;
    std::int64_t sink = 0;
    const auto start = Clock::now();
    for (int i = 0; i < kRounds; ++i) {
        sink += point_of_control(fp).value_or(0);
        const ValueArea va = value_area(fp).value_or(ValueArea{});
        sink += va.high - va.low;
        for (const FootprintCell* cell : fp.levels_by_price()) sink += static_cast<int>(level_imbalance(fp, cell->bucket, settings));
        sink += static_cast<std::int64_t>(stacked_imbalances(fp, settings).size());
    }
    const double ms = seconds_since(start) * 1000.0 / kRounds;
    if (sink == 0) std::printf("# (unused %lld)\n", static_cast<long long>(sink));
    return ms;
}

}  // namespace

int main(int argc, char** argv) {
    const std::uint64_t stream_trades = argc > 1 ? std::stoull(argv[1]) : kDefaultStreamTrades;
    const LoadedFile hour = load(kLargestFile);
    std::printf("# real hour: %zu trades from %s, tick %s\n", hour.trades.size(), kLargestFile.c_str(),
                format_price(hour.tick).c_str());

    print_figure("memory_bytes_per_trade", memory_per_trade(hour, false), "bytes");
    print_figure("memory_bytes_per_trade_all_timeframes", memory_per_trade(hour, true), "bytes");
    print_figure("footprint_1m_trades_per_s_real_hour", real_hour_rate(hour, false), "trades/s");
    print_figure("all_timeframes_trades_per_s_real_hour", real_hour_rate(hour, true), "trades/s");
    constexpr int kCopiesPerHour = 49;
    print_figure("footprint_1m_trades_per_s", stream_rate(hour, kCopiesPerHour, false, stream_trades), "trades/s");
    print_figure("all_timeframes_trades_per_s", stream_rate(hour, kCopiesPerHour, true, stream_trades), "trades/s");
    print_figure("footprint_1m_trades_per_s_hour_after_hour", stream_rate(hour, 1, false, stream_trades), "trades/s");
    print_figure("all_timeframes_trades_per_s_hour_after_hour", stream_rate(hour, 1, true, stream_trades),
                 "trades/s");

    std::printf("bench: worst_bar_levels_ms %.6f ms\n", worst_bar_levels_ms());

    const std::string big = make_big_csv(400u << 20);
    print_figure("csv_import_mb_per_s", import_rate(big), "MB/s");
    std::filesystem::remove(big);
    return 0;
}
