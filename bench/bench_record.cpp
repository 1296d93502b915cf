// Recording and replay speed on a full synthetic day made of the real hour (tests/data/ws):
// each hour of the day holds ~49 copies of the real hour's 4,297 aggTrade frames laid over each
// other (copy c shifted by c × 37 ms, ids shifted), ≥ 5 M trades in all, written as the exact frame
// text Binance sends. Prices move as in the real hour, so footprints have realistic widths.
//
// Figures (one line each, "bench: <name> <value> <unit>"):
//   replay_day_all_timeframes_s   open the day's recording, parse every frame, build all 11 timeframes
//   recording_bytes_per_trade     file size / frames of the real hour's aggTrades in full blocks
//   seek_median_ms, seek_worst_ms ReplayEngine::seek to 50 random times of the day, rebuilding a
//                                 1m footprint chart (…_all_timeframes: rebuilding all 11)
//   recorder_cpu_percent_at_10k   CPU time of RecordingWriter::append at 10,000 frames/s, % of one core
// The timed figures also come as CPU time (…_cpu_…): on a shared machine the wall clock also
// counts other processes.
// plus recording_bytes_per_trade_real_pace_hour: the real hour at its own pace (≈1.2 frames/s),
// where the 1 s flush makes blocks of one or two frames; …_synthetic_day: the day above recorded
// with 1 s flushes (its copies compress unrealistically well); replay_day_all_timeframes_cpu_s (both
// threads' CPU time); replay_day_all_timeframes_one_thread_s (the replay without its second thread).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "aggregate/aggregator.hpp"
#include "record/replay_engine.hpp"
#include "record/recording_writer.hpp"
#include "support/test_data.hpp"
#include "support/aggregation_compare.hpp"

using namespace flowscope;
using namespace flowscope::record;

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::int64_t kDayUs = 86'400'000'000;
constexpr std::int64_t kHourUs = 3'600'000'000;
constexpr std::uint64_t kDayTrades = 5'000'000;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

void print_figure(const char* name, double value, const char* unit, int decimals = 3) {
    std::printf("bench: %s %.*f %s\n", name, decimals, value, unit);
    std::fflush(stdout);
}

// The numbers of one real aggTrade frame, so that shifted copies can be printed exactly like it.
struct AggFrame {
    std::int64_t receive_us, event_ms, agg_id, first_id, last_id, trade_ms;
    std::string price, quantity;
    bool maker;
};

std::string field(const std::string& text, const char* key) {
    const std::string k = std::string("\"") + key + "\":";
    std::size_t at = text.find(k) + k.size();
    if (text[at] == '"') ++at;
    std::size_t end = text.find_first_of(",\"}", at);
    return text.substr(at, end - at);
}

std::vector<AggFrame> real_hour() {
    std::vector<AggFrame> out;
    for (const auto& f : test::real_aggtrade_frames())
        out.push_back({f.receive_time_us, std::stoll(field(f.text, "E")), std::stoll(field(f.text, "a")),
                       std::stoll(field(f.text, "f")), std::stoll(field(f.text, "l")), std::stoll(field(f.text, "T")),
                       field(f.text, "p"), field(f.text, "q"), field(f.text, "m") == "true"});
    return out;
}

// Hour `hour` of the day: `copies` copies of the real hour laid over each other, copy c shifted by
// c × 37 ms and its ids by c × 10,000 (so prices move as in the real hour), sorted by receive time.
void day_hour_frames(const std::vector<AggFrame>& real, std::int64_t hour_start_us, int copies,
                     std::vector<std::pair<std::int64_t, std::string>>& out) {
    out.clear();
    const std::int64_t real_start = real.front().receive_us;
    char buf[256];
    for (int c = 0; c < copies; ++c) {
        const std::int64_t shift = hour_start_us - real_start + std::int64_t{c} * 37'000;
        const std::int64_t ids = std::int64_t{c} * 10'000 + (hour_start_us / kHourUs) * 1'000'000;
        for (const AggFrame& f : real) {
            const std::int64_t recv = f.receive_us + shift;
            if (recv >= hour_start_us + kHourUs) continue;  // keep each hour inside its hour
            std::snprintf(buf, sizeof buf,
                          "{\"e\":\"aggTrade\",\"E\":%lld,\"a\":%lld,\"s\":\"BTCUSDT\",\"p\":\"%s\",\"q\":\"%s\","
                          "\"f\":%lld,\"l\":%lld,\"T\":%lld,\"m\":%s}",
                          static_cast<long long>(recv / 1000), static_cast<long long>(f.agg_id + ids), f.price.c_str(),
                          f.quantity.c_str(), static_cast<long long>(f.first_id + 2 * ids),
                          static_cast<long long>(f.last_id + 2 * ids),
                          static_cast<long long>(f.trade_ms + shift / 1000), f.maker ? "true" : "false");
            out.emplace_back(recv, buf);
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

}  // namespace

int main() {
    const auto dir = std::filesystem::temp_directory_path() / ("flowscope-bench-record-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::vector<AggFrame> hour = real_hour();
    const int copies = static_cast<int>((kDayTrades + 24 * hour.size() - 1) / (24 * hour.size())) + 1;
    const std::int64_t day_start = 1582329600'000'000;  // 2020-02-22 00:00 UTC, the real hour's day

    // Record the day as the live recorder would (1 s flushes), timing only the recorder.
    const std::string day_path = (dir / "day.fsrec").string();
    std::string error;
    std::uint64_t frames = 0;
    {
        auto writer = test::or_error(RecordingWriter::create(day_path, Exchange::BinanceFutures, "BTCUSDT", {}), error);
        if (!writer) return std::fprintf(stderr, "%s\n", error.c_str()), 1;
        std::vector<std::pair<std::int64_t, std::string>> batch;
        for (std::int64_t h = 0; h < 24; ++h) {
            day_hour_frames(hour, day_start + h * kHourUs, copies, batch);
            for (const auto& [recv, text] : batch)
                writer->append(RecordedFrame{recv, Exchange::BinanceFutures, "BTCUSDT", text});
            frames += batch.size();
        }
        if (!writer->close()) return std::fprintf(stderr, "%s\n", writer->error().c_str()), 1;
    }
    const double day_bytes = double(std::filesystem::file_size(day_path));

    // Replay the whole day at max speed into the 11 timeframes, as the app does: ReplayEngine, whose
    // replayer decodes and parses on a second thread while this one aggregates. The caller gets
    // control back every million trades (about a tenth of a second).
    {
        const auto start = Clock::now();
        const double cpu_start = cpu_seconds();
        auto session = test::or_error(RecordingSession::open(day_path), error);
        if (!session) return std::fprintf(stderr, "%s\n", error.c_str()), 1;
        ReplayEngine engine(std::move(session));
        test::add_standard_timeframes(engine.aggregator());
        while (!engine.replayer().finished()) engine.play_to(std::numeric_limits<std::int64_t>::max(), nullptr, 1'000'000);
        const double s = seconds_since(start);
        const double cpu = cpu_seconds() - cpu_start;
        const Aggregator& agg = engine.aggregator();
        std::printf("# day: %llu frames, %llu trades, aggregator %.0f MB, %.1f MB on disk\n",
                    static_cast<unsigned long long>(frames), static_cast<unsigned long long>(agg.trades()),
                    double(agg.memory_bytes()) / 1e6, day_bytes / 1e6);
        print_figure("replay_day_all_timeframes_s", s, "s");
        print_figure("replay_day_all_timeframes_cpu_s", cpu, "s");
        // Copies of one hour compress better than a real day would: reported apart, not as the figure.
        print_figure("recording_bytes_per_trade_synthetic_day", day_bytes / double(agg.trades()), "B", 2);
    }
    // The same on one thread (Replayer::advance_to into a vector, then the aggregator): the wall time
    // when the second core is busy with something else.
    {
        const auto start = Clock::now();
        auto session = test::or_error(RecordingSession::open(day_path), error);
        Replayer replayer(std::move(session));
        Aggregator agg;
        test::add_standard_timeframes(agg);
        std::vector<Trade> out;
        while (!replayer.finished()) {
            out.clear();
            replayer.advance_to(std::numeric_limits<std::int64_t>::max(), out, 65'536);
            for (const Trade& t : out) agg.add(t);
        }
        print_figure("replay_day_all_timeframes_one_thread_s", seconds_since(start), "s");
    }

    // Seek: the engine prepares its checkpoints once, then answers seeks to random times.
    for (const char* config : {"1m", "all"}) {
        auto session = test::or_error(RecordingSession::open(day_path), error);
        ReplayEngine engine(std::move(session));
        if (std::string(config) == "all") test::add_standard_timeframes(engine.aggregator());
        else engine.aggregator().add_series(*BarSpec::parse(config), test::kCentUnits);
        const auto prepare_start = Clock::now();
        engine.prepare_checkpoints();
        const double prepare_s = seconds_since(prepare_start);
        std::mt19937_64 rng(7);
        std::uniform_int_distribution<std::int64_t> when(day_start, day_start + kDayUs - 1);
        std::vector<double> ms, cpu_ms;
        for (int i = 0; i < 50; ++i) {
            const auto start = Clock::now();
            const double cpu_start = cpu_seconds();
            engine.seek(when(rng));
            ms.push_back(seconds_since(start) * 1000);
            cpu_ms.push_back((cpu_seconds() - cpu_start) * 1000);
        }
        std::sort(ms.begin(), ms.end());
        std::sort(cpu_ms.begin(), cpu_ms.end());
        const bool all = std::string(config) == "all";
        std::printf("# seek with %s: %zu checkpoints, %.0f MB, prepared in %.2f s\n", all ? "all 11 timeframes" : "1m",
                    engine.checkpoint_count(), double(engine.checkpoint_memory_bytes()) / 1e6, prepare_s);
        print_figure(all ? "seek_median_ms_all_timeframes" : "seek_median_ms", ms[ms.size() / 2], "ms", 1);
        print_figure(all ? "seek_worst_ms_all_timeframes" : "seek_worst_ms", ms.back(), "ms", 1);
        // CPU time too: on a shared machine the wall clock also counts other processes.
        print_figure(all ? "seek_median_cpu_ms_all_timeframes" : "seek_median_cpu_ms", cpu_ms[cpu_ms.size() / 2], "ms", 1);
        print_figure(all ? "seek_worst_cpu_ms_all_timeframes" : "seek_worst_cpu_ms", cpu_ms.back(), "ms", 1);
    }

    // Recorder CPU at 10,000 frames/s: one minute of the real frames arriving 100 µs apart.
    {
        const auto real = test::real_aggtrade_frames();
        const std::string path = (dir / "cpu.fsrec").string();
        auto writer = test::or_error(RecordingWriter::create(path, Exchange::BinanceFutures, "BTCUSDT", {}), error);
        const std::size_t n = 600'000;
        const double cpu_start = cpu_seconds();
        for (std::size_t i = 0; i < n; ++i) {
            const auto& f = real[i % real.size()];
            writer->append(RecordedFrame{day_start + std::int64_t(i) * 100, Exchange::BinanceFutures, "BTCUSDT", f.text});
        }
        writer->close();
        const double cpu = cpu_seconds() - cpu_start;
        print_figure("recorder_cpu_percent_at_10k", cpu / (double(n) / 10'000) * 100, "%", 2);
    }

    // The real hour in full blocks, as a busy stream fills them (the figure), and at its own pace.
    {
        const auto real = test::real_aggtrade_frames();
        const std::string path = (dir / "full-blocks.fsrec").string();
        RecordingWriterOptions by_size;
        by_size.flush_interval_us = 0;
        auto writer = test::or_error(RecordingWriter::create(path, Exchange::BinanceFutures, "BTCUSDT", by_size), error);
        for (const auto& f : real) writer->append(RecordedFrame{f.receive_time_us, Exchange::BinanceFutures, "BTCUSDT", f.text});
        writer->close();
        print_figure("recording_bytes_per_trade", double(std::filesystem::file_size(path)) / double(real.size()), "B", 2);
    }
    // The real hour at its own pace: about one frame per second, so most blocks hold one frame.
    {
        const auto real = test::real_aggtrade_frames();
        const std::string path = (dir / "hour.fsrec").string();
        auto writer = test::or_error(RecordingWriter::create(path, Exchange::BinanceFutures, "BTCUSDT", {}), error);
        for (const auto& f : real) writer->append(RecordedFrame{f.receive_time_us, Exchange::BinanceFutures, "BTCUSDT", f.text});
        writer->close();
        print_figure("recording_bytes_per_trade_real_pace_hour",
                     double(std::filesystem::file_size(path)) / double(real.size()), "B", 2);
    }
    std::filesystem::remove_all(dir);
    return 0;
}
