// A live market in the app opens full: against the local exchange (websocket, REST, archives
// serving the real hour laid end to end), the chart holds, at its first paint after the history
// came in, bar totals from the exchange's klines for the hours before the stream and cells from
// the trades of the last minutes, every bar equal to the same market aggregated in the test; the
// footprint pane draws across the whole visible range; the status bar said what was fetched.
#include <QtTest>

#include "aggregate/aggregator.hpp"
#include "chart/footprint_pane.hpp"
#include "chart/order_flow_view.hpp"
#include "source/live_source.hpp"
#include "source/source_controller.hpp"
#include "support/local_exchange.hpp"
#include "support/local_rest.hpp"
#include "support/real_history.hpp"
#include "window/main_window.hpp"
#include "window/status_panel.hpp"

using namespace flowscope;
using namespace flowscope::ui;
using namespace flowscope::testing;

namespace {

constexpr int kWaitMs = 60'000;
constexpr std::int64_t kMinuteUs = 60'000'000;

}  // namespace

class TestUiHistory : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setApplicationName(QStringLiteral("flowscope-test-history-%1").arg(QCoreApplication::applicationPid()));
        QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).clear();
    }
    void cleanupTestCase() {
        QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).removeRecursively();
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
        QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).clear();
    }

    void a_live_chart_opens_full_with_totals_then_cells() {
        // Six hours of market; the stream is the last one, slowly (the history comes first).
        const RealHistory h(kRealHourStartUs - 5 * kHourUs, 6);
        const std::size_t live_start = 5 * h.hour_size();
        LocalRestOptions ro;
        ro.trade_at = [&h](std::size_t i) { return h.at(i); };
        ro.trade_count = h.size();
        LocalRest rest(ro);
        LocalExchangeOptions wo;
        wo.frame_at = [&h, live_start](std::size_t i) { return h.frame(live_start + i); };
        wo.frame_count = 600;  // a few seconds of stream
        wo.frame_interval_us = 5000;
        wo.http_handler = [&rest](const std::string& target) { return rest.answer(target); };
        LocalExchange server(wo);
        const QString base = QStringLiteral("http://127.0.0.1:%1").arg(server.port());

        StartOptions options;
        options.source = SourceRequest::live_market(QStringLiteral("binance-futures"), QStringLiteral("BTCUSDT"),
                                                    QString::fromStdString(server.url("/ws")));
        options.source->rest_endpoint = base;
        options.source->archive_endpoint = base;
        options.timeframe = QStringLiteral("1m");
        MainWindow window(options);
        window.resize(1280, 720);
        window.show();

        // The history in: bars before the stream's first trade, and totals before the cells.
        const std::int64_t first_live = h.at(live_start).trade.exchange_time_us;
        const std::int64_t cells_from = (first_live - LiveSource::kCellHistoryUs) / kMinuteUs * kMinuteUs;
        auto has_totals_and_cells = [&] {
            window.view()->refresh();
            const auto& bars = window.view()->bars().bars;
            return bars.size() > 200 && bars.front().totals_only && bars.back().open_time_us >= first_live / kMinuteUs * kMinuteUs &&
                   std::any_of(bars.begin(), bars.end(), [](const Bar& b) { return !b.totals_only && b.footprint.level_count() > 0; });
        };
        QTRY_VERIFY_WITH_TIMEOUT(has_totals_and_cells(), kWaitMs);
        QVERIFY2(window.status()->message().contains(QStringLiteral("trades of history before the stream")) ||
                     window.status()->message().startsWith(QStringLiteral("Live")),
                 qPrintable(window.status()->message()));

        // Every bar as the market made it: totals where klines stand, cells from cells_from on.
        Aggregator agg;
        BarSeries& want_series = agg.add_series(BarSpec::time(60), window.view()->bars().bucket_units);
        const ChartBars chart = window.view()->bars();
        const std::int64_t last_bar = chart.bars.back().open_time_us;
        for (std::size_t i = 0; i < h.size(); ++i) {
            const Trade& t = h.at(i).trade;
            if (t.exchange_time_us >= last_bar) break;  // the open bar is still filling
            agg.add(t);
        }
        const auto want = want_series.bars();
        std::size_t cell_bars = 0, total_bars = 0;
        for (const Bar& b : chart.bars) {
            if (b.open_time_us >= last_bar) break;
            const auto it = std::lower_bound(want.begin(), want.end(), b.open_time_us,
                                             [](const Bar& w, std::int64_t t) { return w.open_time_us < t; });
            QVERIFY(it != want.end() && it->open_time_us == b.open_time_us);
            const QString at = QString::number((b.open_time_us - h.start_us()) / kMinuteUs) + QStringLiteral(" min");
            QVERIFY2(b.volume == it->volume && b.buy_volume == it->buy_volume && b.sell_volume == it->sell_volume, qPrintable(at));
            QVERIFY2(b.open == it->open && b.high == it->high && b.low == it->low && b.close == it->close, qPrintable(at));
            QVERIFY2(b.cvd == it->cvd, qPrintable(at + QStringLiteral(": CVD")));
            QCOMPARE(b.totals_only, b.open_time_us < cells_from);
            if (b.totals_only) {
                ++total_bars;
                continue;
            }
            ++cell_bars;
            QCOMPARE(b.trades, it->trades);
            QCOMPARE(b.footprint.lowest_bucket(), it->footprint.lowest_bucket());
            QCOMPARE(b.footprint.highest_bucket(), it->footprint.highest_bucket());
            for (std::int64_t k = b.footprint.lowest_bucket(); k <= b.footprint.highest_bucket(); ++k) {
                QCOMPARE(b.footprint.at(k).bid, it->footprint.at(k).bid);
                QCOMPARE(b.footprint.at(k).ask, it->footprint.at(k).ask);
            }
        }
        QVERIFY2(total_bars >= 280, qPrintable(QString::number(total_bars)));  // the five hours before the cells there are
        QVERIFY2(cell_bars >= 10, qPrintable(QString::number(cell_bars)));   // ten minutes and more of cells

        // At the first paint the footprint pane is drawn across its width: no empty left side.
        window.view()->replot_now();
        const QImage image = window.view()->footprint()->grab().toImage();
        if (qEnvironmentVariableIsSet("FLOWSCOPE_TEST_SHOTS"))  // to look at what a trader sees
            window.grab().save(qEnvironmentVariable("FLOWSCOPE_TEST_SHOTS") + QStringLiteral("/ui_history.png"));
        const QRgb background = image.pixel(image.width() - 2, 2);
        int columns_drawn = 0, columns = 0;
        for (int x = image.width() / 20; x < image.width() * 17 / 20; x += 4) {
            ++columns;
            bool drawn = false;
            for (int y = image.height() / 10; y < image.height() * 9 / 10 && !drawn; y += 2) drawn = image.pixel(x, y) != background;
            columns_drawn += drawn;
        }
        QVERIFY2(columns_drawn * 10 >= columns * 9, qPrintable(QStringLiteral("%1 of %2 columns drawn").arg(columns_drawn).arg(columns)));
        QCOMPARE(rest.answered_429(), 0);

        // In the background, cells further back replace the totals, a chunk at a time, with the
        // same numbers the market made (the klines and the trades agree).
        auto cells_before = [&] {
            window.view()->refresh();
            std::size_t n = 0;
            for (const Bar& b : window.view()->bars().bars) n += b.open_time_us < cells_from && !b.totals_only && b.footprint.level_count() > 0;
            return n;
        };
        QTRY_VERIFY_WITH_TIMEOUT(cells_before() >= 60, kWaitMs);
        const ChartBars deeper = window.view()->bars();
        for (const Bar& b : deeper.bars) {
            if (b.totals_only || b.open_time_us >= cells_from) continue;
            const auto it = std::lower_bound(want.begin(), want.end(), b.open_time_us,
                                             [](const Bar& w, std::int64_t t) { return w.open_time_us < t; });
            QVERIFY(it != want.end() && it->open_time_us == b.open_time_us);
            const QString at = QString::number((b.open_time_us - h.start_us()) / kMinuteUs) + QStringLiteral(" min, fetched later");
            QVERIFY2(b.volume == it->volume && b.cvd == it->cvd && b.trades == it->trades && b.close == it->close &&
                         b.max_delta == it->max_delta && b.min_delta == it->min_delta,
                     qPrintable(at));
            QCOMPARE(b.footprint.lowest_bucket(), it->footprint.lowest_bucket());
            QCOMPARE(b.footprint.highest_bucket(), it->footprint.highest_bucket());
            for (std::int64_t k = b.footprint.lowest_bucket(); k <= b.footprint.highest_bucket(); ++k) {
                QCOMPARE(b.footprint.at(k).bid, it->footprint.at(k).bid);
                QCOMPARE(b.footprint.at(k).ask, it->footprint.at(k).ask);
            }
        }

        // Another timeframe: totals, earlier cells and live cells made again for 15m bars, each as
        // the market made it (the bar shared by the earlier cells and the history's counts once).
        window.controller()->set_chart(BarSpec::time(900), 0);
        QTRY_VERIFY_WITH_TIMEOUT((window.view()->refresh(), window.view()->bars().spec == BarSpec::time(900)), kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(cells_before() >= 4, kWaitMs);
        Aggregator agg15;
        BarSeries& want15 = agg15.add_series(BarSpec::time(900), window.view()->bars().bucket_units);
        const ChartBars chart15 = window.view()->bars();
        const std::int64_t last15 = chart15.bars.back().open_time_us;
        for (std::size_t i = 0; i < h.size() && h.at(i).trade.exchange_time_us < last15; ++i) agg15.add(h.at(i).trade);
        std::size_t compared = 0;
        for (const Bar& b : chart15.bars) {
            if (b.open_time_us >= last15) break;
            const auto it = std::lower_bound(want15.bars().begin(), want15.bars().end(), b.open_time_us,
                                             [](const Bar& w, std::int64_t t) { return w.open_time_us < t; });
            QVERIFY(it != want15.bars().end() && it->open_time_us == b.open_time_us);
            const QString at = QString::number((b.open_time_us - h.start_us()) / kMinuteUs) + QStringLiteral(" min (15m)");
            QVERIFY2(b.volume == it->volume && b.buy_volume == it->buy_volume && b.cvd == it->cvd && b.open == it->open &&
                         b.close == it->close && b.high == it->high && b.low == it->low,
                     qPrintable(at));
            if (b.totals_only || b.cells_from_us != 0) continue;
            ++compared;
            QVERIFY2(b.trades == it->trades && b.max_delta == it->max_delta && b.min_delta == it->min_delta, qPrintable(at));
            for (std::int64_t k = it->footprint.lowest_bucket(); k <= it->footprint.highest_bucket(); ++k)
                QVERIFY2(b.footprint.at(k).bid == it->footprint.at(k).bid && b.footprint.at(k).ask == it->footprint.at(k).ask, qPrintable(at));
        }
        QVERIFY2(compared >= 4, qPrintable(QString::number(compared)));
    }

    void a_hole_the_exchange_does_not_serve_is_marked_on_the_chart() {
        const RealHistory h(kRealHourStartUs - kHourUs, 2);
        const std::size_t live_start = h.hour_size();
        LocalRestOptions ro;
        ro.trade_at = [&h](std::size_t i) { return h.at(i); };
        ro.trade_count = h.size();
        LocalRest rest(ro);
        LocalExchangeOptions wo;
        wo.frame_at = [&h, live_start](std::size_t i) { return h.frame(live_start + i); };
        wo.frame_count = 3000;
        wo.frame_interval_us = 2000;
        wo.http_handler = [&rest](const std::string& target) { return rest.answer(target); };
        LocalExchange server(wo);
        const QString base = QStringLiteral("http://127.0.0.1:%1").arg(server.port());
        StartOptions options;
        options.source = SourceRequest::live_market(QStringLiteral("binance-futures"), QStringLiteral("BTCUSDT"),
                                                    QString::fromStdString(server.url("/ws")));
        options.source->rest_endpoint = base;
        options.source->archive_endpoint = base;
        options.timeframe = QStringLiteral("1m");
        MainWindow window(options);
        window.resize(1280, 720);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.status()->message().contains(QStringLiteral("trades of history before the stream")), kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(server.frames_sent() > 500, kWaitMs);
        // The exchange now refuses REST: trades lost on the stream cannot be fetched.
        rest.set_forced_status(451);
        server.skip_frames(30);
        server.drop_connections();
        auto missing = [&] {
            window.view()->refresh();
            std::uint64_t n = 0;
            for (const Bar& b : window.view()->bars().bars) n += b.missing_trades;
            return n;
        };
        QTRY_VERIFY_WITH_TIMEOUT(missing() >= 30, kWaitMs);
        // Marked once, in the bar that holds the trade after the hole.
        QTest::qWait(500);
        std::size_t marked = 0;
        window.view()->refresh();
        for (const Bar& b : window.view()->bars().bars) marked += b.missing_trades > 0;
        QCOMPARE(marked, std::size_t{1});
        QVERIFY2(window.status()->message().contains(QStringLiteral("could not be fetched")) ||
                     window.status()->message().contains(QStringLiteral("Gap")),
                 qPrintable(window.status()->message()));
        // The CVD says it is short from the gap on.
        window.view()->replot_now();
        if (qEnvironmentVariableIsSet("FLOWSCOPE_TEST_SHOTS"))
            window.grab().save(qEnvironmentVariable("FLOWSCOPE_TEST_SHOTS") + QStringLiteral("/ui_history_gap.png"));
    }
};

QTEST_MAIN(TestUiHistory)
#include "test_ui_history.moc"
