// history_first_paint_s: a live 1m chart opened in the app against the local exchange, on a
// market of ~5 M trades a day (the real hour, 50 copies an hour): from the window's creation to
// the first paint that holds bar totals for the last 24 h (the exchange's klines, one page) and
// footprint cells for the last 10 minutes (REST pages of 1,000 trades, each answered after 20 ms,
// inside half the exchange's weight limit). Past days are not part of a launch: they come from
// `flowscope-cli history` (archives) when asked for.
#include <QApplication>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QThread>

#include <cstdio>

#include "chart/order_flow_view.hpp"
#include "source/live_source.hpp"
#include "support/local_exchange.hpp"
#include "support/local_rest.hpp"
#include "support/real_history.hpp"
#include "window/main_window.hpp"

using namespace flowscope;
using namespace flowscope::ui;
using namespace flowscope::testing;

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(QStringLiteral("flowscope-bench-history-%1").arg(QCoreApplication::applicationPid()));

    constexpr std::int64_t kMinuteUs = 60'000'000;
    const RealHistory h(kRealHourStartUs - 24 * kHourUs, 25, Exchange::BinanceFutures, 50);
    // The stream starts with the first trade of hour 24.
    std::size_t lo = 0, hi = h.size();
    while (lo < hi) {
        const std::size_t mid = (lo + hi) / 2;
        if (h.at(mid).trade.exchange_time_us < h.start_us() + 24 * kHourUs) lo = mid + 1;
        else hi = mid;
    }
    const std::size_t live_start = lo;
    std::printf("# market: %zu trades in 25 h; the stream starts at hour 24 (trade %zu)\n", h.size(), live_start);
    LocalRestOptions ro;
    ro.trade_at = [&h](std::size_t i) { return h.at(i); };
    ro.trade_count = h.size();
    ro.latency = std::chrono::milliseconds(20);
    LocalRest rest(ro);
    LocalExchangeOptions wo;
    wo.frame_at = [&h, live_start](std::size_t i) { return h.frame(live_start + i); };
    wo.frame_count = 20'000;
    wo.frame_interval_us = 1000;
    wo.http_handler = [&rest](const std::string& target) { return rest.answer(target); };
    LocalExchange server(wo);
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(server.port());

    StartOptions options;
    options.source = SourceRequest::live_market(QStringLiteral("binance-futures"), QStringLiteral("BTCUSDT"),
                                                QString::fromStdString(server.url("/ws")));
    options.source->rest_endpoint = base;
    options.source->archive_endpoint = base;
    options.timeframe = QStringLiteral("1m");
    QElapsedTimer clock;
    clock.start();
    MainWindow window(options);
    window.resize(1920, 1080);
    window.show();
    const std::int64_t first_live = h.at(live_start).trade.exchange_time_us;
    const std::int64_t cells_from = (first_live - LiveSource::kCellHistoryUs) / kMinuteUs * kMinuteUs;
    std::size_t totals = 0, cells = 0;
    auto wait_for = [](auto&& pred, int ms) {
        QElapsedTimer waited;
        waited.start();
        while (!pred()) {
            if (waited.elapsed() > ms) return false;
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
            QThread::msleep(2);
        }
        return true;
    };
    const bool full = wait_for(
        [&] {
            window.view()->refresh();
            totals = cells = 0;
            for (const Bar& b : window.view()->bars().bars) {
                if (b.totals_only) ++totals;
                else if (b.open_time_us >= cells_from && b.open_time_us < first_live / kMinuteUs * kMinuteUs) ++cells;
            }
            return totals >= 1430 && cells >= 10;
        },
        120'000);
    window.view()->replot_now();
    const double seconds = clock.elapsed() / 1000.0;
    if (!full) {
        std::fprintf(stderr, "bench_app_history: the chart did not fill (%zu bars of totals, %zu of cells)\n", totals, cells);
        for (const std::string& t : rest.targets())
            if (t.find("klines") != std::string::npos) std::fprintf(stderr, "  %s\n", t.c_str());
        return 1;
    }
    std::printf("# %zu bars of totals (klines), %zu bars of cells; %d REST requests, %d trade pages, max weight %d/min, %d × 429\n",
                totals, cells, rest.requests(), rest.trade_pages_served(), rest.max_weight_in_a_minute(), rest.answered_429());
    std::printf("bench: history_first_paint_s %.2f s\n", seconds);
    return 0;
}
