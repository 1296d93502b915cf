// Several charts at once, in the real window.
// panes4_repaint_ms: the window at 1920×1080 split 2×2 (window/pane_grid.hpp), each pane the real
// hour (Binance USD-M BTCUSDT, 2020-02-22 00:00 UTC) replayed to its end in 1m, 5m, 15m and 1h bars
// at their default zoom (Auto bucket, numbers drawn); the median of 60 times the four footprint
// panes repainted one after another. panes4_views_repaint_ms: the four charts whole (footprint,
// bar statistics, CVD and heat bars).
// live_4_markets_cpu_percent: four panes live on four local exchanges (Binance USD-M dialect, four
// markets: the real hour's trades relabelled BTCUSDT, ETHUSDT, SOLUSDT, XRPUSDT, 2,000 trades/s
// each) and a fifth pane with a live group: Binance's BTCUSDT (the first pane's websocket) with
// Bybit BTCUSDT and OKX BTC-USDT-SWAP from two more local exchanges (1,000 trades/s each): 10,000
// trades/s in all, one trade a frame and every frame in a write of its own, recording off; the
// window's process CPU time over 20 s after a 5 s warm-up, in % of one core.
// live_4_markets_bursts_cpu_percent: the same with 10 frames a write every 4 ms (bursts). The window runs in a process of its own
// (BENCH_LAYOUTS_LIVE=url,url,url,url) so that the exchanges' threads are not counted.
#include <QApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cstdio>
#include <sys/resource.h>
#include <vector>

#include "chart/chart_store.hpp"
#include "chart/footprint_pane.hpp"
#include "chart/order_flow_view.hpp"
#include "io/trade_file.hpp"
#include "record/frame_synthesis.hpp"
#include "source/source_controller.hpp"
#include "support/local_exchange.hpp"
#include "support/test_data.hpp"
#include "window/chart_pane.hpp"
#include "window/main_window.hpp"
#include "window/pane_grid.hpp"
#include "window/time_sales_panel.hpp"

using namespace flowscope;
using namespace flowscope::ui;

namespace {

const QString kRealHour = QString::fromStdString(test::data_path("binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv"));

std::vector<Trade> real_hour() {
    std::vector<Trade> trades;
    read_trade_file(kRealHour.toStdString(), {}, [](const TradeFileResult&) {},
                    [&](std::span<const Trade> b) { trades.insert(trades.end(), b.begin(), b.end()); });
    return trades;
}

double cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double median(std::vector<double> v) {
    std::ranges::sort(v);
    return v[v.size() / 2];
}

StartOptions first_run(const QString& layouts) {
    QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).clear();
    QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).setValue("recording/live", false);
    StartOptions options;
    options.speed = QStringLiteral("max");
    options.layouts_file = layouts;
    options.single_pane = true;
    return options;
}

void four_panes_repaint() {
    QTemporaryDir dir;
    StartOptions options = first_run(dir.filePath(QStringLiteral("layouts.json")));
    options.source = SourceRequest::replay(kRealHour);
    options.timeframe = QStringLiteral("1m");
    MainWindow window(options);
    window.resize(1920, 1080);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) std::fprintf(stderr, "bench_layouts: the window did not show\n");
    window.make_grid();
    const auto panes = window.panes()->panes();
    const bool done = QTest::qWaitFor([&] {
        return std::ranges::all_of(panes, [](ChartPane* p) {
            p->view()->refresh();
            const SourceInfo& info = p->controller()->info();
            return info.kind == SourceKind::Replay && !p->view()->bars().bars.empty() && p->controller()->market_time_us() >= info.end_us;
        });
    }, 60000);
    if (!done || panes.size() != 4) std::fprintf(stderr, "bench_layouts: the four replays did not finish\n");
    for (ChartPane* p : panes) p->view()->replot_now();
    std::vector<double> footprints, views;
    for (int i = 0; i < 60; ++i) {
        QElapsedTimer t;
        t.start();
        for (ChartPane* p : panes) p->view()->footprint()->replot(QCustomPlot::rpImmediateRefresh);
        footprints.push_back(t.nsecsElapsed() / 1e6);
        t.restart();
        for (ChartPane* p : panes) p->view()->replot_now();
        views.push_back(t.nsecsElapsed() / 1e6);
    }
    const QSize fp = panes[0]->view()->footprint()->size();
    std::printf("# four panes of %dx%d px footprint each\n", fp.width(), fp.height());
    std::printf("bench: panes4_repaint_ms %.2f ms\n", median(footprints));
    std::printf("bench: panes4_views_repaint_ms %.2f ms\n", median(views));
    std::fflush(stdout);
}

// The window with four live panes, one per market URL, and a fifth with the group of the first
// market and the two other exchanges' URLs; prints its CPU use.
int live_window(const QStringList& urls) {
    QTemporaryDir dir;
    StartOptions options = first_run(dir.filePath(QStringLiteral("layouts.json")));
    const QStringList symbols{QStringLiteral("BTCUSDT"), QStringLiteral("ETHUSDT"), QStringLiteral("SOLUSDT"), QStringLiteral("XRPUSDT")};
    auto live = [&](int i) { return SourceRequest::live_market(QStringLiteral("binance-futures"), symbols[i], urls[i]); };
    options.source = live(0);
    MainWindow window(options);
    window.resize(1920, 1080);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) std::fprintf(stderr, "bench_layouts: the window did not show\n");
    window.make_grid();
    const auto panes = window.panes()->panes();
    for (int i = 0; i < 4; ++i) {
        window.panes()->focus(panes[static_cast<std::size_t>(i)]);
        window.open_source(live(i));
    }
    // The group: Binance's BTCUSDT (the first pane's websocket, shared), Bybit and OKX.
    window.panes()->focus(panes[0]);
    window.split_focused(Qt::Vertical);
    window.open_source(SourceRequest::live_group_of(
        {QStringLiteral("binance-futures:BTCUSDT"), QStringLiteral("bybit:BTCUSDT"), QStringLiteral("okx:BTC-USDT-SWAP")},
        {urls[0], urls[4], urls[5]}));
    const auto all = window.panes()->panes();
    if (qEnvironmentVariableIsSet("BENCH_LAYOUTS_NO_TAPE")) window.time_sales()->hide();
    if (qEnvironmentVariableIsSet("BENCH_LAYOUTS_HIDDEN")) window.hide();
    QTest::qWait(5000);  // connected, the first bars drawn
    const double cpu0 = cpu_seconds();
    QElapsedTimer wall;
    wall.start();
    std::uint64_t before = 0;
    for (ChartPane* p : all) before += p->controller()->store()->counters().trades;
    QTest::qWait(20000);
    const double cpu = cpu_seconds() - cpu0;
    const double seconds = wall.elapsed() / 1000.0;
    std::uint64_t after = 0;
    std::uint64_t group = 0;
    for (ChartPane* p : all) {
        const std::uint64_t n = p->controller()->store()->counters().trades;
        after += n;
        if (!p->controller()->info().group.isEmpty()) group = n;
    }
    std::printf("# %.0f trades/s on the five charts (%zu panes), %llu trades in the group's\n",
                static_cast<double>(after - before) / seconds, all.size(), static_cast<unsigned long long>(group));
    std::printf("bench: %s %.1f %%\n", qgetenv("BENCH_LAYOUTS_FIGURE").constData(), 100.0 * cpu / seconds);
    return 0;
}

// frames_per_write: 1 sends every trade in a write of its own (the most wakeups a feed can cost);
// 10 sends them 10 at a time every 4 ms, as a busy market's trades arrive in bursts.
void four_markets_live(const std::vector<Trade>& hour, std::size_t frames_per_write, const char* figure) {
    // 2,000 trades/s a market, and 1,000 a second for Bybit's and OKX's BTC beside Binance's in
    // the group: 10,000 trades/s in all.
    const int kFrameIntervalUs = 500 * static_cast<int>(frames_per_write);
    const std::vector<std::string> symbols{"BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT"};
    std::vector<std::unique_ptr<testing::LocalExchange>> servers;
    QStringList urls;
    const std::int64_t now_us = QDateTime::currentMSecsSinceEpoch() * 1000;
    for (const std::string& symbol : symbols) {
        testing::LocalExchangeOptions o;
        o.exchange = Exchange::BinanceFutures;
        o.frame_interval_us = kFrameIntervalUs;
        o.frames_per_write = frames_per_write;
        o.frame_count = 200'000;  // 80 s of it
        o.frame_at = [&hour, symbol, now_us](std::size_t n) {
            Trade t = hour[n % hour.size()];
            t.exchange_time_us = now_us + static_cast<std::int64_t>(n) * 500;  // live: today, at the pace served
            t.symbol.assign(symbol);
            t.id = TradeId::from_number(1'000'000 + n);
            record::FrameStyle style;
            style.aggregated = true;
            std::string text;
            record::append_binance_frame(text, t, style);
            return text;
        };
        servers.push_back(std::make_unique<testing::LocalExchange>(o));
        urls << QString::fromStdString(servers.back()->url("/ws"));
    }
    for (const Exchange venue : {Exchange::Bybit, Exchange::Okx}) {
        testing::LocalExchangeOptions o;
        o.exchange = venue;
        o.frame_interval_us = 2 * kFrameIntervalUs;
        o.frames_per_write = frames_per_write;
        o.frame_count = 100'000;
        o.frame_at = [&hour, venue, now_us](std::size_t n) {
            Trade t = hour[n % hour.size()];
            t.exchange_time_us = now_us + static_cast<std::int64_t>(n) * 1000;
            t.exchange = venue;
            t.symbol.assign(venue == Exchange::Okx ? "BTC-USDT-SWAP" : "BTCUSDT");
            t.id = TradeId::from_number(5'000'000 + n);
            record::FrameStyle style;
            style.exchange = venue;
            if (venue == Exchange::Okx) {
                t.quantity.units *= 100;  // contracts of 0.01 BTC
                style.quantity_decimals = 0;
            }
            std::string text;
            if (!record::append_exchange_frame(text, t, style).ok()) std::fprintf(stderr, "bench_layouts: no frame\n");
            return text;
        };
        servers.push_back(std::make_unique<testing::LocalExchange>(o));
        urls << QString::fromStdString(servers.back()->url());
    }
    QProcess window;
    window.setProcessChannelMode(QProcess::ForwardedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("BENCH_LAYOUTS_LIVE"), urls.join(QLatin1Char(',')));
    env.insert(QStringLiteral("BENCH_LAYOUTS_FIGURE"), QString::fromLatin1(figure));
    window.setProcessEnvironment(env);
    std::fflush(stdout);
    window.start(QCoreApplication::applicationFilePath(), {});
    window.waitForFinished(120000);
}

}  // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);  // settings and caches apart from the user's
    if (const QByteArray urls = qgetenv("BENCH_LAYOUTS_LIVE"); !urls.isEmpty())
        return live_window(QString::fromUtf8(urls).split(QLatin1Char(',')));
    four_panes_repaint();
    const std::vector<Trade> hour = real_hour();
    four_markets_live(hour, 1, "live_4_markets_cpu_percent");
    four_markets_live(hour, 10, "live_4_markets_bursts_cpu_percent");
    return 0;
}
