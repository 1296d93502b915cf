// Chart layouts in the real window on the real hour: panes split side by side and stacked, a 2×2
// grid in one click, each pane with its own source, timeframe, bucket and studies; the focused
// pane drives the toolbar; one crosshair across the panes at the same time; named layouts in a
// human-readable JSON file and the last layout back after a restart; four panes at 1920×1080 each
// drawing numbers read back from their pixels (tesseract). Bad layout files say what and where,
// and are kept, never overwritten.
// FLOWSCOPE_TEST_SHOTS=DIR saves the window's pictures there.
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QMouseEvent>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <memory>

#include "aggregate/aggregator.hpp"
#include "chart/chart_studies.hpp"
#include "chart/cvd_pane.hpp"
#include "chart/footprint_pane.hpp"
#include "chart/linked_crosshair.hpp"
#include "chart/order_flow_view.hpp"
#include "io/trade_file.hpp"
#include "source/source_controller.hpp"
#include "support/footprint_ocr.hpp"
#include "support/replayed_window.hpp"
#include "window/chart_pane.hpp"
#include "window/chart_toolbar.hpp"
#include "window/layout_library.hpp"
#include "window/main_window.hpp"
#include "window/pane_grid.hpp"

using namespace flowscope;
using namespace flowscope::ui;

namespace {

const QString& kRealHour = test::kRealHourTrades;
constexpr std::int64_t kHourStartUs = 1582329600LL * 1'000'000;  // 2020-02-22 00:00 UTC

std::vector<Trade> real_hour() {
    std::vector<Trade> out;
    read_trade_file(kRealHour.toStdString(), {}, [](const TradeFileResult&) {},
                    [&](std::span<const Trade> b) { out.insert(out.end(), b.begin(), b.end()); });
    return out;
}

std::vector<Bar> bars_of(const std::vector<Trade>& trades, BarSpec spec) {
    Aggregator aggregator;
    const BarSeries& series = aggregator.add_series(spec, kDecimalScale / 2);
    for (const Trade& t : trades) aggregator.add(t);
    return {series.bars().begin(), series.bars().end()};
}

PaneState pane_state(const QString& timeframe, FootprintMode mode, bool naked_pocs, int bucket = 0) {
    PaneState s;
    s.source = SourceRequest::replay(kRealHour);
    s.timeframe = timeframe;
    s.mode = mode;
    s.bucket_multiplier = bucket;
    s.studies.naked_pocs = naked_pocs;
    return s;
}

// Every pane's replay played to its end and its bars painted.
bool replays_done(MainWindow& window, std::size_t panes) {
    const auto all = window.panes()->panes();
    if (all.size() != panes) return false;
    for (ChartPane* pane : all) {
        const SourceInfo& info = pane->controller()->info();
        if (info.kind != SourceKind::Replay) return false;
        pane->view()->refresh();
        const auto& bars = pane->view()->bars().bars;
        if (bars.empty() || pane->controller()->playing()) return false;
        if (pane->controller()->market_time_us() < info.end_us) return false;
    }
    return true;
}

std::unique_ptr<MainWindow> window_on_real_hour(const QString& layouts_file, QSize size, bool fresh = true) {
    if (fresh) QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).clear();
    StartOptions options;
    if (fresh) options.source = SourceRequest::replay(kRealHour);
    options.speed = QStringLiteral("max");
    if (fresh) options.timeframe = QStringLiteral("1m");
    options.layouts_file = layouts_file;
    auto window = std::make_unique<MainWindow>(options);
    window->resize(size);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get())) return nullptr;
    return window;
}

void press(QWidget* widget, QPoint at) {
    QMouseEvent e(QEvent::MouseButtonPress, at, widget->mapToGlobal(at), Qt::LeftButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(widget, &e);
    QMouseEvent r(QEvent::MouseButtonRelease, at, widget->mapToGlobal(at), Qt::LeftButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(widget, &r);
}

}  // namespace

class TestUiLayouts : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("tesseract")).isEmpty(),
                 "tesseract is not installed: scripts/install-deps.sh installs tesseract-ocr");
    }
    void init() { QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).clear(); }

    void layout_json_round_trips();
    void bad_layout_files_say_what_and_where_data();
    void bad_layout_files_say_what_and_where();
    void linked_crosshair_maps_time_between_timeframes();
    void split_focus_and_the_toolbar();
    void crosshair_shows_on_every_pane_at_the_same_time();
    void four_panes_at_full_hd_render_numbers_in_each();
    void last_layout_comes_back_after_a_restart();
    void named_layouts_save_and_open();
};

void TestUiLayouts::layout_json_round_trips() {
    PaneLayout layout;
    layout.root.orientation = Qt::Horizontal;
    layout.root.sizes = {900, 700};
    LayoutNode left;
    left.pane = pane_state(QStringLiteral("1m"), FootprintMode::BidAsk, true);
    left.pane->pane_sizes = {500, 60, 90, 90};
    left.pane->studies.session.start_of_day_us = 13LL * 3600'000'000 + 30 * 60'000'000;
    left.pane->studies.big_trade_quote = 250'000;
    LayoutNode right;
    right.orientation = Qt::Vertical;
    right.sizes = {400, 400};
    LayoutNode top, bottom;
    top.pane = pane_state(QStringLiteral("5m"), FootprintMode::Delta, false, 10);
    top.pane->source = SourceRequest::live_market(QStringLiteral("bybit"), QStringLiteral("BTCUSDT"), QStringLiteral("ws://127.0.0.1:1/ws"));
    bottom.pane = pane_state(QStringLiteral("500t"), FootprintMode::Volume, false);
    bottom.pane->shading = CellShading::Delta;
    bottom.pane->stacked_zones = false;
    right.children = {top, bottom};
    layout.root.children = {left, right};
    layout.focused = 2;

    const QJsonObject json = layout_to_json(layout);
    const QString text = QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented));
    // Readable as written: a trader can see and edit what each pane shows.
    QVERIFY(text.contains(QStringLiteral("\"split\": \"side by side\"")));
    QVERIFY(text.contains(QStringLiteral("\"timeframe\": \"500t\"")));
    QVERIFY(text.contains(QStringLiteral("\"bucket\": \"auto\"")));
    QVERIFY(text.contains(QStringLiteral("\"source\": \"live:bybit:BTCUSDT\"")));
    QVERIFY(text.contains(QStringLiteral("\"version\": 1")));
    const auto back = layout_from_json(QJsonDocument::fromJson(text.toUtf8()).object());
    QVERIFY2(back.ok(), back.error().c_str());
    QCOMPARE(layout_panes(back->root).size(), std::size_t{3});
    QVERIFY(*back == layout);
}

void TestUiLayouts::bad_layout_files_say_what_and_where_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("said");
    const QByteArray pane = R"({"pane": {"timeframe": "1m"}})";
    QTest::newRow("not json") << QByteArray("{\"version\": 1, \"layouts\": {") << QStringLiteral("not JSON at byte");
    QTest::newRow("no version") << QByteArray(R"({"layouts": {}})") << QStringLiteral("no version");
    QTest::newRow("newer version") << QByteArray(R"({"version": 7, "layouts": {}})") << QStringLiteral("version 7 is newer");
    QTest::newRow("bad timeframe")
        << QByteArray(R"({"version": 1, "layouts": {"day": {"version": 1, "root": {"split": "stacked", "children": [)" + pane +
                      R"(, {"pane": {"timeframe": "7 minutes"}}]}}}})")
        << QStringLiteral("layouts.day: root.children[1].pane.timeframe: expected a timeframe");
    QTest::newRow("split of one")
        << QByteArray(R"({"version": 1, "layouts": {"one": {"version": 1, "root": {"split": "stacked", "children": [)" + pane + "]}}}}")
        << QStringLiteral("root.children: a split holds 2 to 16");
    QTest::newRow("bad source")
        << QByteArray(R"({"version": 1, "layouts": {"s": {"version": 1, "root": {"pane": {"source": "ftp://x"}}}}})")
        << QStringLiteral("root.pane.source: expected \"live:EXCHANGE:SYMBOL\" or \"file:PATH\"");
    QTest::newRow("sizes off")
        << QByteArray(R"({"version": 1, "layouts": {"z": {"version": 1, "root": {"split": "side by side", "sizes": [1], "children": [)" +
                      pane + "," + pane + "]}}}}")
        << QStringLiteral("root.sizes: one size per child");
}

void TestUiLayouts::bad_layout_files_say_what_and_where() {
    QFETCH(QByteArray, content);
    QFETCH(QString, said);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("layouts.json"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    LayoutLibrary library(path);
    const QString message = library.load();
    QVERIFY2(message.contains(said), qPrintable(message));
    QVERIFY2(message.contains(path + QStringLiteral(".unreadable")), qPrintable(message));
    QVERIFY(library.names().isEmpty());
    // Nothing lost: the file is kept as it was, beside the new one the next save writes.
    QFile kept(path + QStringLiteral(".unreadable"));
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), content);
    QCOMPARE(library.save_named(QStringLiteral("fresh"), single_pane_layout(pane_state(QStringLiteral("1m"), FootprintMode::BidAsk, false))),
             QString());
    LayoutLibrary again(path);
    QCOMPARE(again.load(), QString());
    QCOMPARE(again.names(), QStringList{QStringLiteral("fresh")});
}

void TestUiLayouts::linked_crosshair_maps_time_between_timeframes() {
    const std::vector<Trade> trades = real_hour();
    const std::vector<Bar> minute = bars_of(trades, BarSpec::time(60));
    const std::vector<Bar> five = bars_of(trades, BarSpec::time(300));
    const std::vector<Bar> ticks = bars_of(trades, BarSpec::ticks(500));
    QCOMPARE(minute.size(), std::size_t{60});
    QCOMPARE(five.size(), std::size_t{12});
    for (std::size_t i = 0; i < minute.size(); ++i) {
        const auto t = time_at_key(minute, static_cast<double>(i) + 0.3);
        QVERIFY(t.has_value());
        QCOMPARE(*t, kHourStartUs + static_cast<std::int64_t>(i) * 60'000'000);
        // The 5m bar that holds this minute, worked out from the clock alone.
        const auto key = key_at_time(five, BarSpec::time(300), *t);
        QVERIFY(key.has_value());
        QCOMPARE(*key, static_cast<double>(i / 5));
        QCOMPARE(key_at_time(minute, BarSpec::time(60), *t + 59'999'999).value_or(-1), static_cast<double>(i));
    }
    // Tick bars: the bar whose trades span the time.
    for (std::size_t i = 0; i + 1 < ticks.size(); ++i) {
        const auto key = key_at_time(ticks, BarSpec::ticks(500), ticks[i].last_trade_time_us);
        QVERIFY(key.has_value());
        QVERIFY(ticks[static_cast<std::size_t>(*key)].open_time_us <= ticks[i].last_trade_time_us);
        QVERIFY(*key >= static_cast<double>(i));
    }
    // Outside the bars: nothing to show.
    QVERIFY(!key_at_time(five, BarSpec::time(300), kHourStartUs - 1).has_value());
    QVERIFY(!key_at_time(five, BarSpec::time(300), kHourStartUs + 3600'000'000).has_value());
    QVERIFY(!time_at_key(minute, -1).has_value());
    QVERIFY(!time_at_key(minute, 60).has_value());
    QVERIFY(!time_at_key(minute, std::nan("")).has_value());
}

void TestUiLayouts::split_focus_and_the_toolbar() {
    QTemporaryDir dir;
    auto window = window_on_real_hour(dir.filePath(QStringLiteral("layouts.json")), QSize(1600, 900));
    QVERIFY(window);
    PaneGrid* grid = window->panes();
    QCOMPARE(grid->panes().size(), std::size_t{1});
    ChartPane* first = grid->focused();
    QVERIFY(!first->title_label()->isVisible());  // one pane looks as the window always did

    ChartPane* second = window->split_focused(Qt::Horizontal);
    QVERIFY(second);
    QCOMPARE(grid->panes().size(), std::size_t{2});
    QCOMPARE(grid->focused(), second);  // the new pane takes the focus
    QVERIFY(second->title_label()->isVisible());
    QVERIFY(first->title_label()->isVisible());
    // Side by side: the same row, halves of it.
    QTRY_VERIFY(second->geometry().left() > first->geometry().right());
    QVERIFY(std::abs(first->width() - second->width()) < 20);

    // The toolbar drives the focused pane only.
    ChartToolbar* toolbar = window->chart_toolbar();
    toolbar->timeframe_box()->setCurrentIndex(toolbar->timeframe_box()->findData(QStringLiteral("5m")));
    QCOMPARE(second->timeframe(), QStringLiteral("5m"));
    QCOMPARE(first->timeframe(), QStringLiteral("1m"));
    QTRY_VERIFY_WITH_TIMEOUT(replays_done(*window, 2), 30000);
    QTRY_COMPARE(second->view()->bars().bars.size(), std::size_t{12});
    QCOMPARE(first->view()->bars().bars.size(), std::size_t{60});
    QVERIFY(second->title_label()->text().contains(QStringLiteral("5m")));

    // A press in the other pane focuses it; the toolbar shows its timeframe.
    press(first->view()->footprint(), first->view()->footprint()->rect().center());
    QCOMPARE(grid->focused(), first);
    QCOMPARE(toolbar->timeframe(), QStringLiteral("1m"));
    QCOMPARE(window->view(), first->view());
    toolbar->mode_box()->setCurrentIndex(toolbar->mode_box()->findData(footprint_mode_key(FootprintMode::Delta)));
    QCOMPARE(first->options().mode, FootprintMode::Delta);
    QCOMPARE(second->options().mode, FootprintMode::BidAsk);

    // Stacked under the focused one; closing goes back, never below one pane.
    ChartPane* third = window->split_focused(Qt::Vertical);
    QVERIFY(third);
    QTRY_VERIFY(third->geometry().top() > first->geometry().bottom());
    QCOMPARE(grid->panes().size(), std::size_t{3});
    window->close_focused();
    QCOMPARE(grid->panes().size(), std::size_t{2});
    window->close_focused();
    QCOMPARE(grid->panes().size(), std::size_t{1});
    window->close_focused();
    QCOMPARE(grid->panes().size(), std::size_t{1});
    QVERIFY(!grid->focused()->title_label()->isVisible());
}

void TestUiLayouts::crosshair_shows_on_every_pane_at_the_same_time() {
    QTemporaryDir dir;
    auto window = window_on_real_hour(dir.filePath(QStringLiteral("layouts.json")), QSize(1600, 900));
    QVERIFY(window);
    ChartPane* minute = window->panes()->focused();
    ChartPane* five = window->split_focused(Qt::Horizontal);
    window->chart_toolbar()->timeframe_box()->setCurrentIndex(window->chart_toolbar()->timeframe_box()->findData(QStringLiteral("5m")));
    ChartPane* ticks = window->split_focused(Qt::Vertical);
    window->chart_toolbar()->timeframe_box()->setCurrentIndex(window->chart_toolbar()->timeframe_box()->findData(QStringLiteral("500t")));
    QTRY_VERIFY_WITH_TIMEOUT(replays_done(*window, 3), 30000);
    QTRY_COMPARE(five->view()->bars().bars.size(), std::size_t{12});
    QTRY_COMPARE(minute->view()->bars().bars.size(), std::size_t{60});
    for (ChartPane* p : window->panes()->panes()) p->view()->replot_now();

    // The pointer over minute 47 of the 1m pane: the 5m pane marks its 00:45 bar, the tick pane
    // (bars not spaced by time) nothing.
    FootprintPane* fp = minute->view()->footprint();
    const QCPRange shown = fp->time_axis()->range();
    const int bar = static_cast<int>(std::floor(shown.upper)) - 2;
    QVERIFY2(bar >= 45 && bar < 60, qPrintable(QString::number(bar)));
    const QPoint at(static_cast<int>(fp->time_axis()->coordToPixel(bar)), fp->axisRect()->rect().center().y());
    QMouseEvent move(QEvent::MouseMove, at, fp->mapToGlobal(at), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(fp, &move);
    QCOMPARE(std::lround(fp->hover_key()), static_cast<long>(bar));
    QCOMPARE(five->view()->footprint()->hover_key(), static_cast<double>(bar / 5));
    QCOMPARE(five->view()->cvd()->hover_key(), static_cast<double>(bar / 5));  // every pane of it
    QVERIFY(std::isnan(ticks->view()->footprint()->hover_key()));
    // The pointer leaves: the others' crosshairs go too.
    QEvent leave(QEvent::Leave);
    QApplication::sendEvent(fp, &leave);
    QVERIFY(std::isnan(five->view()->footprint()->hover_key()));
    test::save_shot(window->grab().toImage(), QStringLiteral("layouts-crosshair"));
}

void TestUiLayouts::four_panes_at_full_hd_render_numbers_in_each() {
    QTemporaryDir dir;
    auto window = window_on_real_hour(dir.filePath(QStringLiteral("layouts.json")), QSize(1920, 1080));
    QVERIFY(window);
    window->make_grid();
    const auto panes = window->panes()->panes();
    QCOMPARE(panes.size(), std::size_t{4});
    // The focused market at four scales.
    QStringList timeframes;
    for (ChartPane* p : panes) timeframes << p->timeframe();
    QCOMPARE(timeframes, (QStringList{QStringLiteral("1m"), QStringLiteral("5m"), QStringLiteral("15m"), QStringLiteral("1h")}));
    QTRY_VERIFY_WITH_TIMEOUT(replays_done(*window, 4), 60000);
    QTest::qWait(50);
    // Two rows of two.
    QVERIFY(panes[1]->geometry().left() > panes[0]->geometry().right());
    QVERIFY(panes[2]->mapTo(window.get(), QPoint()).y() > panes[0]->mapTo(window.get(), QPoint()).y() + panes[0]->height() - 1);
    const QImage shot = window->grab().toImage();
    test::save_shot(shot, QStringLiteral("layouts-grid-1920x1080"));
    for (std::size_t i = 0; i < panes.size(); ++i) {
        FootprintPane* fp = panes[i]->view()->footprint();
        panes[i]->view()->replot_now();
        const QImage picture = fp->grab().toImage();
        const test::Readback r = test::read_numbers(*fp, picture);
        const QString what = QStringLiteral("pane %1 (%2): %3 drawn, %4 read, %5 misread: %6")
                                 .arg(i)
                                 .arg(panes[i]->timeframe())
                                 .arg(r.drawn)
                                 .arg(r.read)
                                 .arg(r.misread)
                                 .arg(r.examples.join(QLatin1Char(' ')));
        QVERIFY2(r.drawn >= 8, qPrintable(what));
        QVERIFY2(r.read >= 4, qPrintable(what));
        QVERIFY2(r.read >= 3 * r.misread, qPrintable(what));
    }
}

void TestUiLayouts::last_layout_comes_back_after_a_restart() {
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("layouts.json"));
    std::vector<PaneState> before;
    {
        auto window = window_on_real_hour(file, QSize(1600, 900));
        QVERIFY(window);
        window->split_focused(Qt::Horizontal);
        window->chart_toolbar()->timeframe_box()->setCurrentIndex(window->chart_toolbar()->timeframe_box()->findData(QStringLiteral("5m")));
        ChartPane* third = window->split_focused(Qt::Vertical);
        window->chart_toolbar()->timeframe_box()->setCurrentIndex(window->chart_toolbar()->timeframe_box()->findData(QStringLiteral("15m")));
        StudyOptions studies = ChartStudies::of(third->view())->options();
        studies.naked_pocs = true;
        studies.big_trades = true;
        ChartStudies::of(third->view())->set_options(studies);
        window->chart_toolbar()->mode_box()->setCurrentIndex(window->chart_toolbar()->mode_box()->findData(footprint_mode_key(FootprintMode::Volume)));
        QTRY_VERIFY_WITH_TIMEOUT(replays_done(*window, 3), 30000);
        // A fixed bucket in the third pane: tick × 50.
        QComboBox* buckets = window->chart_toolbar()->bucket_box();
        QTRY_VERIFY(buckets->findData(50) >= 0);
        buckets->setCurrentIndex(buckets->findData(50));
        QCOMPARE(third->bucket_multiplier(), 50);
        QTRY_VERIFY_WITH_TIMEOUT((third->view()->refresh(), third->view()->bars().bucket_units == third->view()->bars().tick.units * 50), 30000);
        for (ChartPane* p : window->panes()->panes()) before.push_back(p->state());
        QCOMPARE(before[2].timeframe, QStringLiteral("15m"));
        QVERIFY(before[2].studies.naked_pocs);
        window->close();  // as the user closes it: the layout is kept
    }
    // Launched again with nothing named: the same panes, each with its own source and choices.
    auto again = window_on_real_hour(file, QSize(1600, 900), false);
    QVERIFY(again);
    const auto panes = again->panes()->panes();
    QCOMPARE(panes.size(), std::size_t{3});
    QCOMPARE(again->panes()->focused(), panes[2]);
    for (std::size_t i = 0; i < panes.size(); ++i) {
        PaneState now = panes[i]->state();
        QCOMPARE(now.timeframe, before[i].timeframe);
        QCOMPARE(now.bucket_multiplier, before[i].bucket_multiplier);
        QCOMPARE(now.mode, before[i].mode);
        QVERIFY(now.studies == before[i].studies);
        QVERIFY(now.source == before[i].source);
    }
    QCOMPARE(again->chart_toolbar()->timeframe(), QStringLiteral("15m"));
    QTRY_VERIFY_WITH_TIMEOUT(replays_done(*again, 3), 30000);
    QTRY_COMPARE(panes[1]->view()->bars().bars.size(), std::size_t{12});
    QTRY_COMPARE(panes[2]->view()->bars().bars.size(), std::size_t{4});
    QCOMPARE(panes[2]->bucket_multiplier(), 50);  // the fixed bucket came back with its pane
    QTRY_VERIFY((panes[2]->view()->refresh(), panes[2]->view()->bars().bucket_units == panes[2]->view()->bars().tick.units * 50));
    // Side by side, then the right one stacked.
    const PaneLayout layout = again->panes()->pane_layout();
    QCOMPARE(layout.root.orientation, Qt::Horizontal);
    QCOMPARE(layout.root.children.size(), std::size_t{2});
    QCOMPARE(layout.root.children[1].orientation, Qt::Vertical);
    again->close();
}

void TestUiLayouts::named_layouts_save_and_open() {
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("layouts.json"));
    auto window = window_on_real_hour(file, QSize(1600, 900));
    QVERIFY(window);
    window->split_focused(Qt::Horizontal);
    window->chart_toolbar()->timeframe_box()->setCurrentIndex(window->chart_toolbar()->timeframe_box()->findData(QStringLiteral("5m")));
    QCOMPARE(window->save_layout(QStringLiteral("two timeframes")), QString());
    window->make_grid();
    QCOMPARE(window->panes()->panes().size(), std::size_t{4});
    QVERIFY(!window->open_layout(QStringLiteral("no such")).isEmpty());
    QCOMPARE(window->panes()->panes().size(), std::size_t{4});  // an unknown name changes nothing
    QCOMPARE(window->open_layout(QStringLiteral("two timeframes")), QString());
    const auto panes = window->panes()->panes();
    QCOMPARE(panes.size(), std::size_t{2});
    QCOMPARE(panes[0]->timeframe(), QStringLiteral("1m"));
    QCOMPARE(panes[1]->timeframe(), QStringLiteral("5m"));
    QTRY_VERIFY_WITH_TIMEOUT(replays_done(*window, 2), 30000);
    // The file: versioned JSON a person can read, the layout under its name.
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject top = QJsonDocument::fromJson(f.readAll()).object();
    QCOMPARE(top.value("version").toInt(), 1);
    QVERIFY(top.value("layouts").toObject().contains(QStringLiteral("two timeframes")));
    LayoutLibrary library(file);
    QCOMPARE(library.load(), QString());
    QCOMPARE(library.names(), QStringList{QStringLiteral("two timeframes")});
}

QTEST_MAIN(TestUiLayouts)
#include "test_ui_layouts.moc"
