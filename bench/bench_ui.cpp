// Footprint repaint time offscreen at 1920×1080 with 200 visible bars × 60 levels of real data,
// and a full day replayed through the app's own replay path (SourceController → worker thread →
// ReplayEngine → ChartStore), as the window drives it.
//
// Bars: the real hour (Binance USD-M BTCUSDT, 2020-02-22 00:00 UTC) as one-hour bars, repeated
// 200 times with shifted times, bucket 0.5 (tick × 50): every bar holds the hour's ~88 real
// levels, of which the view shows 60.
// The day: a 24 h recording of ≥ 5 M trades, each hour the real hour's trades laid over each
// other ~50 times (copy c shifted by c × 3 ms, ids shifted), written as Binance aggTrade frames.
// Figures: app_replay_day_s (open + play at max speed to the end, 1m chart),
// app_prepare_day_s (open → background checkpoint pass done), app_memory_after_day_mb (the
// process's resident memory then), app_seek_median_ms / app_seek_worst_ms (50 seeks to random
// times, from the call on the UI thread to the worker's answer at that time, the chart
// rebuilt), app_timeframe_change_ms (1m → 5m at 23:00: a new engine replays the day to there).
// The same day live: the local exchange serves it as aggTrade frames (consecutive ids) as fast as
// the app's live source takes them, recording off (so into the session's cache folder), 1m chart;
// live_memory_mb_after_day (resident memory once every trade is on the chart),
// live_timeframe_change_ms (1m → 1s then: from the call on the UI thread to the 1 s bars in the
// store), live_replay_change_ms (then 1000-trade bars, which only the recording can make). The
// live day runs in a process of its own; BENCH_UI_LIVE_ONLY=1 runs only that part,
// BENCH_UI_FOOTPRINT_ONLY=1 only the repaints. footprint_repaint_studies_median_ms: the cells view
// with the session profile and big-trade bubbles on.
#include <QApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <random>
#include <iterator>
#include <cstdio>
#include <vector>

#include "aggregate/aggregator.hpp"
#include "chart/chart_bars.hpp"
#include "chart/bubbles_plottable.hpp"
#include "chart/chart_store.hpp"
#include "chart/chart_studies.hpp"
#include "chart/footprint_pane.hpp"
#include "io/trade_file.hpp"
#include "net/exchange_adapter.hpp"
#include "record/frame_synthesis.hpp"
#include "record/recording_writer.hpp"
#include "record/replay_playback.hpp"
#include "source/source_controller.hpp"
#include "support/aggregation_compare.hpp"
#include "support/local_exchange.hpp"
#include "support/process_memory.hpp"
#include "support/test_data.hpp"

using namespace flowscope;
using namespace flowscope::ui;

namespace {
constexpr std::int64_t kHourUs = 3'600'000'000LL;

std::vector<Trade> real_hour() {
    std::vector<Trade> trades;
    const auto result = read_trade_file(FLOWSCOPE_TEST_DATA_DIR "/binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv", {},
                                        [](const TradeFileResult&) {},
                                        [&](std::span<const Trade> b) { trades.insert(trades.end(), b.begin(), b.end()); });
    if (!result.ok) {
        std::fprintf(stderr, "bench_ui: %s\n", result.error.c_str());
        std::exit(1);
    }
    return trades;
}

struct Timing {
    double median_ms, worst_ms;
};

Timing time_repaints(FootprintPane& pane, int runs) {
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        pane.replot(QCustomPlot::rpImmediateRefresh);
        ms.push_back(t.nsecsElapsed() / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms.back()};
}
// Separate functions so a profiler can tell the two zoom levels apart
// (valgrind --tool=callgrind --toggle-collect='*time_cells_repaints*').
[[gnu::noinline]] Timing time_cells_repaints(FootprintPane& pane) { return time_repaints(pane, 60); }
[[gnu::noinline]] Timing time_numbers_repaints(FootprintPane& pane) { return time_repaints(pane, 30); }
[[gnu::noinline]] Timing time_studies_repaints(FootprintPane& pane, int runs) { return time_repaints(pane, runs); }

// BENCH_UI_SAVE=DIR writes the pictures of every footprint mode and shading at three zoom levels;
// BENCH_UI_COMPARE=DIR compares them with pictures saved earlier and says which differ, so a
// faster paint can be checked to draw exactly the same picture.
void save_or_compare_pictures(FootprintPane& pane, const ChartBars& chart) {
    const QString save = qEnvironmentVariable("BENCH_UI_SAVE");
    const QString compare = qEnvironmentVariable("BENCH_UI_COMPARE");
    if (save.isEmpty() && compare.isEmpty()) return;
    struct Zoom {
        const char* name;
        double lower, upper;
        double levels, shift;  // price levels in view, and the view's offset in levels
    };
    // Whole, fractional and tight views, so cell edges and texts fall on every kind of pixel position.
    const Zoom zooms[] = {{"cells", -0.5, 199.5, 60, 0},          {"numbers", 179.5, 199.5, 60, 0},
                          {"candles", -200.5, 199.5, 60, 0},      {"cells-shifted", -0.13, 199.91, 57, 0.37},
                          {"numbers-shifted", 179.2, 199.9, 61, 0.61}, {"numbers-tight", 181.5, 199.5, 95, 0.25}};
    const double mid = (to_double(chart.bars[0].low) + to_double(chart.bars[0].high)) / 2;
    int differing = 0;
    for (FootprintMode mode : kFootprintModes)
        for (CellShading shading : {CellShading::Volume, CellShading::Delta})
            for (const Zoom& z : zooms) {
                FootprintOptions o;
                o.mode = mode;
                o.shading = shading;
                pane.set_options(o);
                pane.time_axis()->setRange(z.lower, z.upper);
                const double low = mid + (z.shift - z.levels / 2) * chart.bucket_price();
                pane.value_axis()->setRange(low, low + z.levels * chart.bucket_price());
                const QImage image = pane.toPixmap(1920, 1080, 1.0).toImage().convertToFormat(QImage::Format_RGB32);
                const QString name = QStringLiteral("%1-%2-%3.png")
                                         .arg(footprint_mode_key(mode), shading == CellShading::Delta ? "delta" : "volume", z.name);
                if (!save.isEmpty()) image.save(save + '/' + name);
                if (compare.isEmpty()) continue;
                const QImage before = QImage(compare + '/' + name).convertToFormat(QImage::Format_RGB32);
                int pixels = 0;
                if (before.size() != image.size()) pixels = image.width() * image.height();
                else
                    for (int y = 0; y < image.height(); ++y)
                        for (int x = 0; x < image.width(); ++x) pixels += before.pixel(x, y) != image.pixel(x, y);
                if (pixels) {
                    ++differing;
                    std::fprintf(stderr, "bench_ui: %s differs in %d pixels\n", qPrintable(name), pixels);
                }
            }
    if (!compare.isEmpty()) std::fprintf(stderr, "bench_ui: %d of %zu pictures differ\n", differing, kFootprintModes.size() * 2 * std::size(zooms));
    pane.set_options(FootprintOptions{});
}

// Runs the event loop until `done` holds (or timeout_ms passes); false on timeout.
// Sleeps in the event loop between events, as the app's UI thread does: a loop spinning on
// processEvents took one of the machine's two cores from the worker it waited for.
template <typename F> bool wait_for(F done, int timeout_ms) {
    QElapsedTimer t;
    t.start();
    QTimer wake;  // the condition may change without an event for this thread
    wake.start(1);
    while (!done()) {
        if (t.elapsed() > timeout_ms) return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    }
    return true;
}

// The day as a recording: every hour holds `copies` copies of the real hour's trades.
std::uint64_t write_day(const std::vector<Trade>& hour, const std::string& path, int copies) {
    std::string error;
    auto writer = test::or_error(record::RecordingWriter::create(path, Exchange::BinanceFutures, "BTCUSDT", {}), error);
    if (!writer) {
        std::fprintf(stderr, "bench_ui: %s\n", error.c_str());
        std::exit(1);
    }
    record::FrameStyle style;
    style.aggregated = true;
    std::vector<Trade> batch;
    std::string text;
    std::uint64_t written = 0;
    const std::int64_t day_start = hour.front().exchange_time_us / kHourUs * kHourUs;
    for (int h = 0; h < 24; ++h) {
        batch.clear();
        for (int c = 0; c < copies; ++c)
            for (Trade t : hour) {
                t.exchange_time_us += h * kHourUs + std::int64_t{c} * 3'000;
                if (t.exchange_time_us >= day_start + (h + 1) * kHourUs) continue;  // each hour stays in its hour
                t.symbol.assign("BTCUSDT");
                t.id = TradeId::from_number(t.id.number.value_or(0) + std::uint64_t(h) * 100'000'000 + std::uint64_t(c) * 10'000);
                batch.push_back(t);
            }
        std::stable_sort(batch.begin(), batch.end(), [](const Trade& a, const Trade& b) { return a.exchange_time_us < b.exchange_time_us; });
        for (const Trade& t : batch) {
            text.clear();
            record::append_binance_frame(text, t, style);
            writer->append(record::RecordedFrame{t.exchange_time_us, Exchange::BinanceFutures, "BTCUSDT", text});
        }
        written += batch.size();
    }
    if (!writer->close()) {
        std::fprintf(stderr, "bench_ui: %s\n", writer->error().c_str());
        std::exit(1);
    }
    return written;
}

void replay_a_day_through_the_app(const std::vector<Trade>& hour) {
    constexpr std::uint64_t kDayTrades = 5'000'000;
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("day.fsrec")).toStdString();
    const int copies = static_cast<int>(kDayTrades / (24 * hour.size())) + 2;
    const std::uint64_t written = write_day(hour, path, copies);
    std::printf("bench: app_day_trades %llu trades\n", static_cast<unsigned long long>(written));
    std::fflush(stdout);

    const double rss_before = test::resident_mb();
    SourceController controller;
    bool opened = false, finished = false, prepared = false;
    QObject::connect(&controller, &SourceController::opened, [&] { opened = true; });
    QObject::connect(&controller, &SourceController::replay_finished, [&] { finished = true; });
    QObject::connect(&controller, &SourceController::replay_prepared, [&] { prepared = true; });
    controller.set_chart(BarSpec::time(60), 0);
    controller.set_speed(record::kMaxSpeed);
    QElapsedTimer clock;
    clock.start();
    controller.open_replay(QString::fromStdString(path));
    if (!wait_for([&] { return opened; }, 60'000)) std::fprintf(stderr, "bench_ui: the day did not open\n");
    controller.play();
    double replay_s = -1, prepare_s = -1;
    wait_for([&] {
        if (finished && replay_s < 0) replay_s = clock.elapsed() / 1000.0;
        if (prepared && prepare_s < 0) prepare_s = clock.elapsed() / 1000.0;
        return finished && prepared;
    }, 600'000);
    if (controller.info().trades != written) std::fprintf(stderr, "bench_ui: the app counted %llu trades\n",
                                                          static_cast<unsigned long long>(controller.info().trades));
    std::printf("bench: app_replay_day_s %.2f s\n", replay_s);
    std::printf("bench: app_prepare_day_s %.2f s\n", prepare_s);
    const double rss_after = test::resident_mb();
    std::printf("# the day's replay grew the process by %.1f MB (its %llu trades as a vector: %.1f MB)\n",
                rss_after - rss_before, static_cast<unsigned long long>(written),
                static_cast<double>(written * sizeof(Trade)) / (1024.0 * 1024.0));
    std::printf("bench: app_memory_after_day_mb %.1f MB\n", rss_after);
    std::fflush(stdout);

    // Seeks as the slider makes them: the call on the UI thread, the answer from the worker.
    const SourceInfo info = controller.info();
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<std::int64_t> when(info.start_us, info.end_us);
    std::vector<double> ms;
    for (int i = 0; i < 50; ++i) {
        const std::int64_t t = when(rng);
        QElapsedTimer seek;
        seek.start();
        controller.seek(t);
        if (!wait_for([&] { return controller.market_time_us() == t; }, 30'000)) std::fprintf(stderr, "bench_ui: seek lost\n");
        ms.push_back(seek.nsecsElapsed() / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    std::printf("bench: app_seek_median_ms %.1f ms\n", ms[ms.size() / 2]);
    std::printf("bench: app_seek_worst_ms %.1f ms\n", ms.back());

    // Another timeframe late in the day: a new engine (no checkpoints yet) replays up to there.
    const std::int64_t late = info.start_us / kHourUs * kHourUs + 23 * kHourUs;
    controller.seek(late);
    wait_for([&] { return controller.market_time_us() == late; }, 30'000);
    QElapsedTimer change;
    change.start();
    controller.set_chart(BarSpec::time(300), 0);
    ChartBars bars;
    std::vector<Trade> fresh;
    wait_for([&] {
        fresh.clear();
        controller.store()->update(bars, fresh, 400);
        return bars.spec == BarSpec::time(300);
    }, 60'000);
    std::printf("bench: app_timeframe_change_ms %.1f ms\n", change.nsecsElapsed() / 1e6);
    if (bars.bars.size() != 23 * 12) std::fprintf(stderr, "bench_ui: %zu bars of 5m at 23:00\n", bars.bars.size());
}
// The day as a live stream: hour h holds `copies` copies of the real hour (copy c shifted by
// c × 3 ms, each hour kept inside its hour), merged in time order, aggregate ids consecutive.
struct LiveDay {
    const std::vector<Trade>& hour;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> order;  // one hour: (trade, copy), in time order
    std::int64_t day_start = 0;

    LiveDay(const std::vector<Trade>& h, int copies) : hour(h) {
        day_start = hour.front().exchange_time_us / kHourUs * kHourUs;
        for (std::uint32_t c = 0; c < static_cast<std::uint32_t>(copies); ++c)
            for (std::uint32_t i = 0; i < hour.size(); ++i)
                if (time_of(i, c) < day_start + kHourUs) order.emplace_back(i, c);
        std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return time_of(a.first, a.second) < time_of(b.first, b.second); });
    }
    std::int64_t time_of(std::uint32_t i, std::uint32_t c) const { return hour[i].exchange_time_us + std::int64_t{c} * 3'000; }
    std::size_t size() const { return order.size() * 24; }
    Trade trade(std::size_t n) const {
        const auto [i, c] = order[n % order.size()];
        Trade t = hour[i];
        t.exchange_time_us = time_of(i, c) + static_cast<std::int64_t>(n / order.size()) * kHourUs;
        t.symbol.assign("BTCUSDT");
        t.id = TradeId::from_number(1'000'000 + n);
        return t;
    }
    std::string frame(std::size_t n) const {
        record::FrameStyle style;
        style.aggregated = true;
        std::string text;
        record::append_binance_frame(text, trade(n), style);
        return text;
    }
};

void live_day_through_the_app(const std::vector<Trade>& hour) {
    constexpr std::uint64_t kDayTrades = 5'000'000;
    const LiveDay day(hour, static_cast<int>(kDayTrades / (24 * hour.size())) + 2);
    testing::LocalExchangeOptions o;
    o.exchange = Exchange::BinanceFutures;
    o.frame_at = [&day](std::size_t n) { return day.frame(n); };
    o.frame_count = day.size();
    o.frames_per_write = 64;
    testing::LocalExchange server(o);
    std::printf("bench: live_day_trades %zu trades\n", day.size());
    std::fflush(stdout);

    SourceController controller;
    ConnectionStatus connection;
    QObject::connect(&controller, &SourceController::connection_changed, [&](const ConnectionStatus& s) { connection = s; });
    controller.set_chart(BarSpec::time(60), 0);
    QElapsedTimer clock;
    clock.start();
    controller.open_live(QStringLiteral("binance-futures"), QStringLiteral("BTCUSDT"), QString::fromStdString(server.url("/ws")));
    ChartBars bars;
    std::vector<Trade> fresh;
    auto chart_trades = [&] {
        fresh.clear();
        controller.store()->update(bars, fresh, 400);
        std::uint64_t n = 0;
        for (const Bar& b : bars.bars) n += b.trades;
        return n;
    };
    if (!wait_for([&] { return chart_trades() == day.size() || (server.frames_sent() == day.size() && connection.dropped_frames > 0); }, 900'000))
        std::fprintf(stderr, "bench_ui: the live day did not arrive: %llu of %zu trades on the chart\n",
                     static_cast<unsigned long long>(chart_trades()), day.size());
    wait_for([&] { return chart_trades() == day.size(); }, 5'000);
    if (connection.dropped_frames > 0 || connection.gaps > 0)
        std::fprintf(stderr, "bench_ui: the live source dropped %llu frames (%llu gaps)\n",
                     static_cast<unsigned long long>(connection.dropped_frames), static_cast<unsigned long long>(connection.gaps));
    std::printf("# the live day took %.1f s of wall time, %zu bars of 1m\n", clock.elapsed() / 1000.0, bars.bars.size());
    std::printf("bench: live_memory_mb_after_day %.1f MB\n", test::resident_mb());
    std::fflush(stdout);

    // 1m → 1s late in the day: every bar of the day at one second, from the call to the store.
    QElapsedTimer change;
    change.start();
    controller.set_chart(BarSpec::time(1), 0);
    wait_for([&] {
        chart_trades();
        return bars.spec == BarSpec::time(1);
    }, 60'000);
    std::printf("bench: live_timeframe_change_ms %.1f ms\n", change.nsecsElapsed() / 1e6);
    std::printf("# then %zu bars of 1s, resident %.1f MB\n", bars.bars.size(), test::resident_mb());
    std::fflush(stdout);

    // Bars of 1,000 trades: no time bars to roll up, the session's recording replays.
    change.restart();
    controller.set_chart(BarSpec::ticks(1000), 0);
    wait_for([&] {
        chart_trades();
        return bars.spec == BarSpec::ticks(1000);
    }, 120'000);
    std::printf("bench: live_replay_change_ms %.1f ms\n", change.nsecsElapsed() / 1e6);
    std::fflush(stdout);

    // Both charts held to a fresh aggregation of the day's trades.
    const std::int64_t bucket = bars.bucket_units;
    Aggregator want;
    want.add_series(BarSpec::ticks(1000), bucket);
    want.add_series(BarSpec::time(1), bucket);
    for (std::size_t n = 0; n < day.size(); ++n) want.add(day.trade(n));
    std::string diff = test::first_difference(bars.bars, want.series()[0].bars(), "1000t");
    controller.set_chart(BarSpec::time(1), 0);
    wait_for([&] {
        chart_trades();
        return bars.spec == BarSpec::time(1);
    }, 60'000);
    if (diff.empty()) diff = test::first_difference(bars.bars, want.series()[1].bars(), "1s");
    std::printf("# the live charts %s a fresh aggregation of the day%s%s\n", diff.empty() ? "equal" : "differ from",
                diff.empty() ? "" : ": ", diff.c_str());
}
}  // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("flowscope-bench"));  // the live session's cache folder
    const std::vector<Trade> hour = real_hour();
    if (qEnvironmentVariableIsSet("BENCH_UI_LIVE_ONLY")) {
        live_day_through_the_app(hour);
        return 0;
    }

    // 200 one-hour bars, each the real hour shifted by i hours.
    ChartBars chart;
    chart.spec = BarSpec::time(3600);
    chart.tick = *parse_price("0.01");
    chart.bucket_units = chart.tick.units * 50;
    {
        Aggregator aggregator;
        BarSeries& series = aggregator.add_series(chart.spec, chart.bucket_units);
        for (int i = 0; i < 200; ++i)
            for (Trade t : hour) {
                t.exchange_time_us += i * kHourUs;
                aggregator.add(t);
            }
        chart.bars.assign(series.bars().begin(), series.bars().end());
    }

    FootprintPane pane;
    pane.set_auto_bucket(false);  // the bars' own 0.5 bucket: 60 levels in view, whatever Auto would pick
    pane.set_bars(&chart);
    pane.resize(1920, 1080);
    pane.show();  // a hidden widget keeps its old viewport until shown
    QApplication::processEvents();
    if (pane.viewport().size() != QSize(1920, 1080)) std::fprintf(stderr, "bench_ui: viewport is not 1920×1080\n");
    pane.time_axis()->setRange(-0.5, 199.5);
    const double mid = (to_double(chart.bars[0].low) + to_double(chart.bars[0].high)) / 2;
    pane.value_axis()->setRange(mid - 30 * chart.bucket_price(), mid + 30 * chart.bucket_price());
    pane.replot(QCustomPlot::rpImmediateRefresh);  // warm-up: fonts, buffers
    const Timing wide = time_cells_repaints(pane);
    if (pane.plottable()->last_detail() != FootprintDetail::Cells) std::fprintf(stderr, "bench_ui: expected coloured cells\n");
    std::printf("bench: footprint_repaint_median_ms %.2f ms\n", wide.median_ms);
    std::printf("bench: footprint_repaint_worst_ms %.2f ms\n", wide.worst_ms);
    std::printf("bench: footprint_visible_cells %d cells\n", 200 * 60);

    // Zoomed in far enough for bid × ask numbers in every cell (20 bars × 60 levels).
    pane.time_axis()->setRange(179.5, 199.5);
    pane.replot(QCustomPlot::rpImmediateRefresh);
    const Timing numbers = time_numbers_repaints(pane);
    if (pane.plottable()->last_detail() != FootprintDetail::Numbers) std::fprintf(stderr, "bench_ui: expected numbers\n");
    save_or_compare_pictures(pane, chart);
    std::printf("bench: footprint_repaint_numbers_median_ms %.2f ms\n", numbers.median_ms);

    // The same cells view with studies on (chart/chart_studies.hpp): the session volume profile
    // and big-trade bubbles (prints of 50,000 or more: 53 in each bar, of which the largest 120
    // in view show), then every footprint study (also the visible-range profile,
    // naked and developing POC lines). Each paint with studies is timed next to one without, so
    // that both medians see the same load (…_studies_off_median_ms).
    {
        ChartStudies studies(&pane, nullptr, nullptr);
        pane.time_axis()->setRange(-0.5, 199.5);
        pane.value_axis()->setRange(mid - 30 * chart.bucket_price(), mid + 30 * chart.bucket_price());
        auto interleaved = [&](const StudyOptions& on) {
            studies.set_options(on);
            pane.replot(QCustomPlot::rpImmediateRefresh);  // the studies' numbers, once for these bars
            std::vector<double> with, without;
            for (int i = 0; i < 60; ++i) {
                studies.set_options(on);
                with.push_back(time_studies_repaints(pane, 1).median_ms);
                studies.set_options(StudyOptions{});
                without.push_back(time_studies_repaints(pane, 1).median_ms);
            }
            std::ranges::sort(with);
            std::ranges::sort(without);
            studies.set_options(on);
            return std::pair{with[with.size() / 2], without[without.size() / 2]};
        };
        StudyOptions o;
        o.session_profile = o.big_trades = true;
        const auto [with_studies, off] = interleaved(o);
        pane.replot(QCustomPlot::rpImmediateRefresh);
        std::printf("bench: footprint_repaint_studies_median_ms %.2f ms\n", with_studies);
        std::printf("bench: footprint_repaint_studies_off_median_ms %.2f ms\n", off);
        std::printf("bench: footprint_studies_bubbles %zu of %zu in view\n", studies.bubbles()->drawn().size(),
                    studies.bubbles()->in_view());
        o.visible_profile = o.naked_pocs = o.developing_poc = true;
        std::printf("bench: footprint_repaint_all_studies_median_ms %.2f ms\n", interleaved(o).first);
    }
    if (qEnvironmentVariableIsSet("BENCH_UI_FOOTPRINT_ONLY")) return 0;

    replay_a_day_through_the_app(hour);
    // The live day in a process of its own: its memory figure must not hold the replayed day's.
    QProcess live;
    live.setProcessChannelMode(QProcess::ForwardedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("BENCH_UI_LIVE_ONLY"), QStringLiteral("1"));
    live.setProcessEnvironment(env);
    std::fflush(stdout);
    live.start(QCoreApplication::applicationFilePath(), {});
    live.waitForFinished(-1);
    return 0;
}
