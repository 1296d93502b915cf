// Footprint repaint time offscreen at 1920×1080 with 200 visible bars × 60 levels of real data,
// and the memory of a full replayed day aggregated into all eleven timeframes.
//
// Bars: the real hour (Binance USD-M BTCUSDT, 2020-02-22 00:00 UTC) as one-hour bars, repeated
// 200 times with shifted times, bucket 0.5 (tick × 50): every bar holds the hour's ~88 real
// levels, of which the view shows 60. The day: the same hour repeated 24 times.
#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <algorithm>
#include <iterator>
#include <cstdio>
#include <vector>

#include "aggregate/aggregator.hpp"
#include "chart_bars.hpp"
#include "footprint_pane.hpp"
#include "io/trade_file.hpp"

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

double rss_mb() {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:")) return line.mid(6).trimmed().split(' ').front().toDouble() / 1024.0;
    return -1;
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
}  // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const std::vector<Trade> hour = real_hour();

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

    // A full day: the real hour 24 times, into all eleven timeframes, the trades kept as the
    // replay keeps them.
    std::vector<Trade> day;
    day.reserve(hour.size() * 24);
    for (int h = 0; h < 24; ++h)
        for (Trade t : hour) {
            t.exchange_time_us += h * kHourUs;
            day.push_back(t);
        }
    Aggregator aggregator;
    for (std::string_view tf : kStandardTimeframes) aggregator.add_series(*BarSpec::parse(tf), chart.bucket_units);
    for (const Trade& t : day) aggregator.add(t);
    std::printf("bench: app_day_trades %zu trades\n", day.size());
    std::printf("bench: app_memory_after_day_mb %.1f MB\n", rss_mb());
    return 0;
}
