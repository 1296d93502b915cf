// History fetching against the local test exchange (REST and archives serving the real hour laid
// end to end). Figures (one line each, "bench: <name> <value> <unit>"):
//   history_backfill_pages_per_min  aggTrades pages the chain fetched per whole UTC minute while
//                                   walking a long range by id, each answer 20 ms late, over two
//                                   whole minutes: the rate budget (share 0.5 of USD-M's 2,400
//                                   weight a minute, 20 a page) is what should limit it, so the
//                                   figure is 60 when the code keeps up and spends all of it
//   history_archive_day_s           one daily aggTrades archive of 1.03 M trades downloaded,
//                                   SHA-256 verified and written as a recording (the server's ZIP
//                                   is built before the clock starts)
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "history/daily_archive.hpp"
#include "history/history_chain.hpp"
#include "record/recording_trades.hpp"
#include "support/local_exchange.hpp"
#include "support/local_rest.hpp"
#include "support/real_history.hpp"
#include "support/test_data.hpp"

using namespace flowscope;
using namespace flowscope::testing;

namespace {

constexpr std::int64_t kMinuteUs = 60'000'000;

std::int64_t wall_us() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "bench_history: %s\n", what.c_str());
    std::exit(1);
}

struct Server {
    LocalRest rest;
    LocalExchange exchange;
    Server(const RealHistory& h, std::chrono::milliseconds latency)
        : rest([&] {
              LocalRestOptions o;
              o.trade_at = [&h](std::size_t i) { return h.at(i); };
              o.trade_count = h.size();
              o.latency = latency;
              return o;
          }()),
          exchange([this] {
              LocalExchangeOptions o;
              o.http_handler = [this](const std::string& target) { return rest.answer(target); };
              return o;
          }()) {}
    std::string base() const { return "http://127.0.0.1:" + std::to_string(exchange.port()); }
};

void backfill_pages_per_minute() {
    // 72 hours is ~310 pages: more than three minutes of budget, so the walk never runs out.
    const RealHistory h(kRealHourStartUs - 48 * kHourUs, 72);
    Server server(h, std::chrono::milliseconds(20));
    constexpr double kShare = 0.5;
    history::HistoryRequest request;
    request.exchange = Exchange::BinanceFutures;
    request.symbol = "BTCUSDT";
    request.from_us = h.start_us();
    request.to_us = h.end_us();
    request.rest_url = server.base();
    request.archive_url = "none";
    request.share = kShare;

    // Pages counted in the UTC minute they arrived; the minute the walk starts in is partial, so
    // the two after it are measured and the walk stops at the end of the second.
    const std::int64_t first_full = (wall_us() / kMinuteUs + 1) * kMinuteUs;
    const std::int64_t stop_at = first_full + 2 * kMinuteUs;
    std::map<std::int64_t, int> pages_in_minute;
    std::mutex mutex;
    history::HistoryCallbacks callbacks;
    callbacks.on_trades = [&](std::span<const Trade>) {
        std::lock_guard lock(mutex);
        ++pages_in_minute[wall_us() / kMinuteUs];
    };
    callbacks.stopped = [&] { return wall_us() >= stop_at; };
    auto outcome = history::fetch_history(request, callbacks);
    if (outcome) fail("the walk reached the end of the range before two whole minutes were over: make it longer");
    if (outcome.error() != "stopped") fail("backfill: " + outcome.error());

    int measured = 0;
    for (std::int64_t m = first_full / kMinuteUs; m < stop_at / kMinuteUs; ++m) measured += pages_in_minute[m];
    const double per_minute = measured / 2.0;
    std::printf("bench: history_backfill_pages_per_min %.1f pages/min\n", per_minute);
    const int limit = 2400, weight = 20;
    const int allowed = static_cast<int>(limit * kShare);
    std::printf("# share %.1f of %d: %d weight/min = %d pages of weight %d; server max weight/min %d, 429s %d, 418s %d; "
                "pages per whole minute:",
                kShare, limit, allowed, allowed / weight, weight, server.rest.max_weight_in_a_minute(), server.rest.answered_429(),
                server.rest.answered_418());
    for (std::int64_t m = first_full / kMinuteUs; m < stop_at / kMinuteUs; ++m) std::printf(" %d", pages_in_minute[m]);
    std::printf("\n");
}

void archive_day_seconds() {
    // Ten copies of the real hour in every hour: 24 × 10 × 4,297 = 1,031,280 aggTrades in the day.
    const std::int64_t day = kRealHourStartUs - kDayUs;
    const RealHistory h(day, 24, Exchange::BinanceFutures, 10);
    if (h.size() < 1'000'000) fail("the day holds fewer than a million trades");
    Server server(h, std::chrono::milliseconds(0));
    const std::string target = history::daily_archive_target(Exchange::BinanceFutures, "BTCUSDT", day);
    if (server.rest.answer(target).status != 200) fail("the local exchange did not serve the archive");

    history::HistoryRequest request;
    request.exchange = Exchange::BinanceFutures;
    request.symbol = "BTCUSDT";
    request.rest_url = server.base();
    auto client = history::make_rest_client(request, {});
    const std::string dir = test::temp_dir("bench-archive");
    const std::string path = dir + "/binance-futures-BTCUSDT-2020-02-21.fsrec";
    std::filesystem::remove(path);
    const auto start = std::chrono::steady_clock::now();
    auto got = history::fetch_daily_archive(client, Exchange::BinanceFutures, "BTCUSDT", day, path);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!got) fail("archive: " + got.error());
    if (got->trades != h.size()) fail("the recording holds " + std::to_string(got->trades) + " trades, expected " + std::to_string(h.size()));
    // Read back, the recording is the day: every trade, in order, first and last as the exchange has them.
    std::uint64_t read = 0;
    bool in_order = true;
    std::uint64_t last_id = 0;
    auto back = record::read_recording_trades(path, [&](std::span<const Trade> trades) {
        for (const Trade& t : trades) {
            if (read == 0 && t.id.number != h.at(0).trade.id.number) in_order = false;
            if (read > 0 && t.id.number != last_id + 1) in_order = false;
            last_id = t.id.number.value_or(0);
            ++read;
        }
    });
    if (!back || read != h.size() || !in_order || last_id != *h.at(h.size() - 1).trade.id.number)
        fail("the recording does not read back as the day's " + std::to_string(h.size()) + " trades (read " + std::to_string(read) + ")");
    std::printf("bench: history_archive_day_s %.2f s\n", seconds);
    std::printf("# %llu trades, %.1f MB ZIP, recording %.1f MB\n", static_cast<unsigned long long>(got->trades),
                double(got->bytes_downloaded) / 1e6, double(std::filesystem::file_size(path)) / 1e6);
    std::filesystem::remove_all(dir);
}

}  // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each figure as soon as it is measured
    const std::string only = argc > 1 ? argv[1] : "";
    if (only.empty() || only == "history_archive_day_s") archive_day_seconds();
    if (only.empty() || only == "history_backfill_pages_per_min") backfill_pages_per_minute();
    return 0;
}
