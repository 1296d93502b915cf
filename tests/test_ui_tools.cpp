// The trader's tools around the chart on the real hour: time & sales keeping the session (filter
// over all of it, sweeps combined, nothing cut), the imbalance settings, the toolbar at laptop
// widths, the chart's right-click menu, and the status bar, slider, export and theme details.
#include <QAbstractItemDelegate>
#include <QCheckBox>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QMenu>
#include <QSlider>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QHeaderView>
#include <QTableView>
#include <QToolButton>
#include <QtTest>
#include <memory>

#include "aggregate/aggregator.hpp"
#include "chart/chart_context_menu.hpp"
#include "chart/chart_store.hpp"
#include "chart/footprint_pane.hpp"
#include "chart/quantity_text.hpp"
#include "chart/time_axis_group.hpp"
#include "chart/footprint_bar_analysis.hpp"
#include "chart/order_flow_view.hpp"
#include "io/trade_file.hpp"
#include "window/app_settings.hpp"
#include "window/imbalance_popover.hpp"
#include "window/market_imbalance.hpp"
#include "window/chart_toolbar.hpp"
#include "source/source_controller.hpp"
#include "replay/replay_controls.hpp"
#include "window/main_window.hpp"
#include "window/status_panel.hpp"
#include "window/theme.hpp"
#include "window/time_sales_model.hpp"
#include "window/time_sales_panel.hpp"

using namespace flowscope;
using namespace flowscope::ui;

namespace {
const QString kRealHour = QStringLiteral(FLOWSCOPE_TEST_DATA_DIR "/binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv");
constexpr std::int64_t kHourStartUs = 1582329600LL * 1'000'000;  // 2020-02-22 00:00 UTC
constexpr std::int64_t kMinuteUs = 60'000'000;

std::vector<Trade> real_hour() {
    std::vector<Trade> out;
    read_trade_file(kRealHour.toStdString(), {}, [](const TradeFileResult&) {},
                    [&](std::span<const Trade> b) { out.insert(out.end(), b.begin(), b.end()); });
    return out;
}

Quantity qty(const char* text) { return *parse_quantity(text); }

// What time & sales should list, worked out here on its own: groups of consecutive trades with one
// exchange time, side and kind (each trade alone when not combining), kept when their summed size
// reaches the minimum; oldest first.
struct Group {
    std::int64_t time_us;
    Quantity size;
    std::uint32_t count;
    Price low, high;
};
std::vector<Group> expected_rows(std::span<const Trade> trades, Quantity min_size, bool combine) {
    std::vector<Group> groups;
    for (std::size_t i = 0; i < trades.size(); ++i) {
        const Trade& t = trades[i];
        const bool joins = combine && i > 0 && trades[i - 1].exchange_time_us == t.exchange_time_us &&
                           trades[i - 1].aggressor == t.aggressor && trades[i - 1].print == t.print;
        if (joins) {
            Group& g = groups.back();
            g.size += t.quantity;
            ++g.count;
            g.low = std::min(g.low, t.price);
            g.high = std::max(g.high, t.price);
        } else {
            groups.push_back({t.exchange_time_us, t.quantity, 1, t.price, t.price});
        }
    }
    std::erase_if(groups, [&](const Group& g) { return g.size < min_size; });
    return groups;
}

// The model's rows, oldest first, against the expected ones.
QString difference(const TimeSalesModel& model, const std::vector<Group>& expected) {
    if (model.rowCount() != static_cast<int>(expected.size()))
        return QStringLiteral("%1 rows, expected %2").arg(model.rowCount()).arg(expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const TapeRowSummary s = model.summary_at(model.rowCount() - 1 - static_cast<int>(i));
        const Group& g = expected[i];
        if (s.time_us != g.time_us || s.size != g.size || s.count != g.count || s.low != g.low || s.high != g.high)
            return QStringLiteral("row %1 (oldest first) differs: size %2 × %3, expected %4 × %5")
                .arg(i)
                .arg(QString::fromStdString(format_quantity(s.size)))
                .arg(s.count)
                .arg(QString::fromStdString(format_quantity(g.size)))
                .arg(g.count);
    }
    return {};
}

// Feeds trades in frames of `chunk`, as the chart's frame timer hands them over.
void feed(TimeSalesModel& model, std::span<const Trade> trades, std::size_t chunk) {
    for (std::size_t i = 0; i < trades.size(); i += chunk) model.add(trades.subspan(i, std::min(chunk, trades.size() - i)));
}
}  // namespace

class TestUiTools : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).clear(); }

    void time_sales_filter_reaches_back_over_the_whole_session_data();
    void time_sales_filter_reaches_back_over_the_whole_session();
    void time_sales_combines_the_sweep_of_four_buys();
    void time_sales_ring_keeps_the_newest_prints();
    void time_sales_goes_on_over_a_new_chart_and_cuts_at_a_seek_back();
    void time_sales_in_the_window_gets_every_trade_and_cuts_no_number();
    void store_holds_a_burst_for_a_window_and_little_for_none();
    void min_volume_rule_on_the_real_hour();
    void imbalance_default_marks_the_largest_one_sided_prints();
    void imbalance_settings_are_kept_per_market();
    void chart_menu_copies_the_price_and_exports_the_bar();
    void exports_are_offered_in_a_folder_of_their_own_named_after_the_market();
    void trade_rate_counts_market_seconds_not_arrivals();
    void trade_rate_in_the_window_holds_through_a_timeframe_change();
    void slider_previews_while_dragged();
    void offline_fallback_fills_the_first_screen_then_plays_at_1x();
    void offline_fallback_keeps_an_explicit_speed();
    void transport_icons_read_as_enabled_in_both_themes();
    void toolbar_shows_everything_at_1280_and_the_common_things_at_1024_data();
    void toolbar_shows_everything_at_1280_and_the_common_things_at_1024();
};

void TestUiTools::time_sales_filter_reaches_back_over_the_whole_session_data() {
    QTest::addColumn<QString>("min_size");
    QTest::addColumn<bool>("combine");
    QTest::addColumn<int>("chunk");
    for (const char* min : {"0", "0.5", "2"})
        for (bool combine : {false, true})
            for (int chunk : {1, 97, 100'000})
                QTest::addRow("min %s, %s, %d a frame", min, combine ? "combined" : "one row a print", chunk)
                    << QString::fromLatin1(min) << combine << chunk;
}

void TestUiTools::time_sales_filter_reaches_back_over_the_whole_session() {
    QFETCH(QString, min_size);
    QFETCH(bool, combine);
    QFETCH(int, chunk);
    const std::vector<Trade> trades = real_hour();
    QCOMPARE(trades.size(), std::size_t{4297});
    TimeSalesModel model;
    model.set_combine(combine);
    feed(model, trades, static_cast<std::size_t>(chunk));
    // The filter is set after the hour has arrived: it is worked out over every print kept.
    const Quantity min = qty(min_size.toLatin1().constData());
    model.set_min_size(min);
    const std::vector<Group> expected = expected_rows(trades, min, combine);
    QCOMPARE(difference(model, expected), QString());
    // A 0.5 filter reaches back to the hour's first minute, not one minute back.
    QVERIFY(model.rowCount() > 0);
    QVERIFY(model.summary_at(model.rowCount() - 1).time_us < kHourStartUs + kMinuteUs);
    // Set before the trades arrive, the same rows.
    TimeSalesModel early;
    early.set_combine(combine);
    early.set_min_size(min);
    feed(early, trades, static_cast<std::size_t>(chunk));
    QCOMPARE(difference(early, expected), QString());
}

void TestUiTools::time_sales_combines_the_sweep_of_four_buys() {
    const std::vector<Trade> trades = real_hour();
    TimeSalesModel model;
    QVERIFY(model.combine());  // on by default
    model.add(trades);
    // 00:59:21.044: four buys at one exchange time, 9692.1 up to 9693.71, 1 BTC in all.
    const std::int64_t sweep_us = kHourStartUs + (59 * 60 + 21) * 1'000'000LL + 44'000;
    int found = -1;
    for (int row = 0; row < model.rowCount(); ++row)
        if (model.summary_at(row).time_us == sweep_us) {
            QCOMPARE(found, -1);  // one row
            found = row;
        }
    QVERIFY(found >= 0);
    auto text = [&](int column, int role = Qt::DisplayRole) { return model.data(model.index(found, column), role).toString(); };
    QCOMPARE(text(TimeSalesModel::TimeColumn), QStringLiteral("00:59:21.044"));
    QCOMPARE(text(TimeSalesModel::PriceColumn), QStringLiteral("9692.1–9693.71"));
    QCOMPARE(text(TimeSalesModel::SizeColumn), QStringLiteral("1"));
    QCOMPARE(text(TimeSalesModel::SideColumn), QStringLiteral("Buy ×4"));
    // Σ price × size / Σ size = (9692.1 × 0.005 + 9692.92 × 0.504 + 9693.65 × 0.328 + 9693.71 × 0.163) / 1
    //                         = 9693.28411, to the prices' two decimals 9693.28.
    QCOMPARE(text(TimeSalesModel::TimeColumn, Qt::ToolTipRole),
             QStringLiteral("4 buys at 2020-02-22 00:59:21.044 UTC, from 9692.1 to 9693.71: 1 in all, VWAP 9693.28"));
    // Off: four rows.
    model.set_combine(false);
    int rows = 0;
    for (int row = 0; row < model.rowCount(); ++row) rows += model.summary_at(row).time_us == sweep_us;
    QCOMPARE(rows, 4);
}

void TestUiTools::time_sales_ring_keeps_the_newest_prints() {
    const std::vector<Trade> trades = real_hour();
    TimeSalesModel model(nullptr, 1000);
    model.set_combine(false);
    feed(model, trades, 333);
    QCOMPARE(model.tape().size(), std::size_t{1000});
    QCOMPARE(model.tape().end_seq(), std::uint64_t{4297});
    const std::span<const Trade> newest = std::span(trades).last(1000);
    QCOMPARE(difference(model, expected_rows(newest, Quantity{}, false)), QString());
    model.set_min_size(qty("0.5"));
    QCOMPARE(difference(model, expected_rows(newest, qty("0.5"), false)), QString());
    model.set_combine(true);
    QCOMPARE(difference(model, expected_rows(newest, qty("0.5"), true)), QString());
}

void TestUiTools::time_sales_goes_on_over_a_new_chart_and_cuts_at_a_seek_back() {
    const std::vector<Trade> trades = real_hour();
    const std::span<const Trade> all(trades);
    TimeSalesModel model;
    model.set_combine(false);
    model.add(all.first(3000));
    // Another timeframe: the new chart brings the two minutes before it and then goes on.
    model.restart();
    model.add(all.subspan(2800, 300));
    QCOMPARE(model.tape().size(), std::size_t{3100});
    QCOMPARE(difference(model, expected_rows(all.first(3100), Quantity{}, false)), QString());
    // A seek back to trade 1200: what came after it goes.
    model.restart();
    model.add(all.subspan(1000, 200));
    QCOMPARE(model.tape().size(), std::size_t{1200});
    QCOMPARE(difference(model, expected_rows(all.first(1200), Quantity{}, false)), QString());
    // A seek forward past what the tape holds: the list starts over from the new chart's trades.
    model.restart();
    model.add(all.subspan(4000, 100));
    QCOMPARE(model.tape().size(), std::size_t{100});
    QCOMPARE(difference(model, expected_rows(all.subspan(4000, 100), Quantity{}, false)), QString());
    model.add(all.subspan(4100));
    QCOMPARE(difference(model, expected_rows(all.subspan(4000), Quantity{}, false)), QString());
}

void TestUiTools::time_sales_in_the_window_gets_every_trade_and_cuts_no_number() {
    StartOptions options;
    options.source = SourceRequest::replay(kRealHour);
    options.speed = QStringLiteral("max");
    options.timeframe = QStringLiteral("1m");
    MainWindow window(options);
    QSignalSpy finished(window.controller(), &SourceController::replay_finished);
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 30000);
    TimeSalesModel* model = window.time_sales()->model();
    // Every trade of the hour reached time & sales (a frame once took at most 400).
    QTRY_COMPARE_WITH_TIMEOUT(model->tape().size(), std::size_t{4297}, 5000);
    const std::vector<Trade> trades = real_hour();
    QCOMPARE(difference(*model, expected_rows(trades, Quantity{}, true)), QString());
    // Large rows (bold) among them: no cell of the list is narrower than its text needs.
    window.time_sales()->large_size_box()->setValue(1);
    QTableView* table = window.time_sales()->table();
    QCoreApplication::processEvents();
    int checked = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        for (int c = 0; c < TimeSalesModel::ColumnCount; ++c) {
            const QModelIndex index = model->index(row, c);
            QStyleOptionViewItem option;
            option.initFrom(table);
            option.font = table->font();
            option.features |= QStyleOptionViewItem::HasDisplay;
            const int needed = table->itemDelegateForIndex(index)->sizeHint(option, index).width();
            QVERIFY2(needed <= table->columnWidth(c),
                     qPrintable(QStringLiteral("row %1 column %2: '%3' needs %4 px, has %5")
                                    .arg(row)
                                    .arg(c)
                                    .arg(index.data().toString())
                                    .arg(needed)
                                    .arg(table->columnWidth(c))));
            ++checked;
        }
    }
    QCOMPARE(checked, model->rowCount() * TimeSalesModel::ColumnCount);
    // And no column runs past the panel's edge at 1280 × 720.
    QVERIFY2(table->horizontalHeader()->length() <= table->viewport()->width(),
             qPrintable(QStringLiteral("columns %1 px in a %2 px list").arg(table->horizontalHeader()->length()).arg(table->viewport()->width())));
    // The switch is remembered.
    window.time_sales()->combine_box()->click();
    QVERIFY(!model->combine());
    QVERIFY(!AppSettings().time_sales_combine());
    // Sweeps among the rows checked: the widest price text is a range.
    window.time_sales()->combine_box()->click();
    QVERIFY(model->combine() && AppSettings().time_sales_combine());
    bool range = false;
    for (int row = 0; row < 200 && row < model->rowCount(); ++row)
        range |= model->data(model->index(row, TimeSalesModel::PriceColumn), Qt::DisplayRole).toString().contains(QChar(0x2013));
    QVERIFY(range);
}

void TestUiTools::store_holds_a_burst_for_a_window_and_little_for_none() {
    // 100,000 trades in one publish (a max-speed replay's frame): the real hour, its times moved on.
    const std::vector<Trade> hour = real_hour();
    std::vector<Trade> burst;
    for (std::int64_t h = 0; burst.size() < 100'000; ++h)
        for (const Trade& t : hour)
            if (burst.size() < 100'000) {
                burst.push_back(t);
                burst.back().exchange_time_us += h * 3'600'000'000LL;
            }
    Aggregator aggregator;
    const BarSeries& series = aggregator.add_series(BarSpec::time(60), kDecimalScale / 2);
    ChartBars bars;
    std::vector<Trade> taken;
    // A window takes every trade: all of the burst waits for its next frame.
    ChartStore shown;
    shown.set_every_trade_read(true);
    shown.replace(series, *parse_price("0.01"), "BTCUSDT", 0, {});
    shown.publish(series, burst);
    shown.update(bars, taken, std::numeric_limits<std::size_t>::max());
    QCOMPARE(taken.size(), burst.size());
    QCOMPARE(taken.back().exchange_time_us, burst.back().exchange_time_us);
    QCOMPARE(shown.counters().untaken_dropped, std::uint64_t{0});
    // No window reads it (a worker on its own): the newest 2,000 wait, the rest are counted as
    // never shown.
    ChartStore headless;
    headless.replace(series, *parse_price("0.01"), "BTCUSDT", 0, {});
    headless.publish(series, burst);
    taken.clear();
    ChartBars other;
    headless.update(other, taken, std::numeric_limits<std::size_t>::max());
    QCOMPARE(taken.size(), std::size_t{2000});
    QCOMPARE(taken.front().exchange_time_us, burst[burst.size() - 2000].exchange_time_us);
    QCOMPARE(headless.counters().untaken_dropped, std::uint64_t{98'000});
}

void TestUiTools::min_volume_rule_on_the_real_hour() {
    // The 99th percentile by nearest rank: of 1,000 sizes the 990th smallest.
    std::vector<Quantity> sizes;
    for (int i = 1; i <= 1000; ++i) sizes.push_back(Quantity{i * kDecimalScale});
    QCOMPARE(size_percentile_99(sizes), Quantity{990 * kDecimalScale});
    QCOMPARE(size_percentile_99({}), Quantity{});
    // Nearest 1-2-5 step on a log scale: the geometric middle of 2 and 5 is √10 ≈ 3.162.
    QCOMPARE(nearest_round_step(qty("3.16")), qty("2"));
    QCOMPARE(nearest_round_step(qty("3.17")), qty("5"));
    QCOMPARE(nearest_round_step(qty("4.605")), qty("5"));
    QCOMPARE(nearest_round_step(qty("7.08")), qty("10"));   // √50 ≈ 7.071
    QCOMPARE(nearest_round_step(qty("0.3045")), qty("0.2"));  // √0.1 ≈ 0.316
    QCOMPARE(nearest_round_step(qty("0.00000001")), qty("0.00000001"));
    QCOMPARE(nearest_round_step(qty("123456")), qty("100000"));
    // The real hour's first 1,000 prints (aggregated trades, as the app gets Binance's stream):
    // 99 in 100 are at most 4.605 BTC, so 5; the whole hour gives 5.152, also 5.
    const std::vector<Trade> trades = real_hour();
    std::vector<Quantity> first;
    for (std::size_t i = 0; i < MarketImbalance::kMeasuredPrints; ++i) first.push_back(trades[i].quantity);
    QCOMPARE(size_percentile_99(first), qty("4.605"));
    std::vector<Quantity> all;
    for (const Trade& t : trades) all.push_back(t.quantity);
    QCOMPARE(size_percentile_99(all), qty("5.152"));
    QCOMPARE(nearest_round_step(size_percentile_99(all)), qty("5"));
}

void TestUiTools::imbalance_default_marks_the_largest_one_sided_prints() {
    StartOptions options;
    options.source = SourceRequest::replay(kRealHour);
    options.speed = QStringLiteral("max");
    options.timeframe = QStringLiteral("1m");
    MainWindow window(options);
    QSignalSpy finished(window.controller(), &SourceController::replay_finished);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 30000);
    // Measured on the market's first 1,000 prints, then kept for it.
    QTRY_VERIFY_WITH_TIMEOUT(!window.view()->options().imbalance.min_volume.is_zero(), 5000);
    const ImbalanceSettings used = window.view()->options().imbalance;
    QCOMPARE(used.min_volume, qty("5"));
    QVERIFY(used.zero_counts);
    QCOMPARE(used.ratio, qty("3"));
    QCOMPARE(used.stack, 3);
    const auto saved = AppSettings().imbalance(QStringLiteral("binance-futures"), QStringLiteral("BTCUSDT"));
    QVERIFY(saved);
    QCOMPARE(saved->min_volume, qty("5"));
    QVERIFY(saved->zero_counts);
    ImbalancePopover* popover = window.chart_toolbar()->imbalance_popover();
    QCOMPARE(popover->min_volume_edit()->text(), QStringLiteral("5"));
    QVERIFY(popover->zeros_box()->isChecked());
    QCOMPARE(popover->note_label()->text(),
             QStringLiteral("Default minimum volume for BTCUSDT: 5, as 99 % of its first 1,000 prints are at most 4.605 "
                            "(rounded to a 1-2-5 step)."));

    // The hour's 1m bars at a 0.50 bucket, built here from the file.
    const std::int64_t half = kDecimalScale / 2;
    Aggregator aggregator;
    const BarSeries& series = aggregator.add_series(BarSpec::time(60), half);
    for (const Trade& t : real_hour()) aggregator.add(t);
    auto bar_at = [&](int minute) -> const Bar& { return series.bars()[static_cast<std::size_t>(minute)]; };
    QCOMPARE(bar_at(59).open_time_us, kHourStartUs + 59 * kMinuteUs);
    const std::int64_t at_9681 = 968'100 * (kDecimalScale / 100) / half;
    const std::int64_t at_9697_5 = 969'750 * (kDecimalScale / 100) / half;
    // 00:59: 10.005 bought at 9681 with nothing sold at 9680.5; 00:52: 10.038 sold at 9697.5 with
    // nothing bought at 9698. Marked with the app's default, not with zeros left out.
    QCOMPARE(bar_at(59).footprint.at(at_9681).ask, qty("10.005"));
    QVERIFY(bar_at(59).footprint.at(at_9681 - 1).bid.is_zero());
    QCOMPARE(bar_at(52).footprint.at(at_9697_5).bid, qty("10.038"));
    QVERIFY(bar_at(52).footprint.at(at_9697_5 + 1).ask.is_zero());
    QCOMPARE(analyse_bar(bar_at(59), used).imbalance_at(at_9681), LevelImbalance::Buy);
    QCOMPARE(analyse_bar(bar_at(52), used).imbalance_at(at_9697_5), LevelImbalance::Sell);
    // So at every bucket Auto draws a 1m bar at, 0.25 to 5.
    for (const char* size : {"0.25", "1", "2", "5"}) {
        const std::int64_t units = static_cast<std::int64_t>(qty(size).units);
        Aggregator other;
        const BarSeries& bars = other.add_series(BarSpec::time(60), units);
        for (const Trade& t : real_hour()) other.add(t);
        const auto level = [&](const char* price) { return static_cast<std::int64_t>(parse_price(price)->units / units); };
        QCOMPARE(analyse_bar(bars.bars()[59], used).imbalance_at(level("9681")), LevelImbalance::Buy);
        QCOMPARE(analyse_bar(bars.bars()[52], used).imbalance_at(level("9697.5")), LevelImbalance::Sell);
    }
    ImbalanceSettings cli;  // the CLI's defaults: zeros not counted
    QCOMPARE(analyse_bar(bar_at(59), cli).imbalance_at(at_9681), LevelImbalance::None);
    QCOMPARE(analyse_bar(bar_at(52), cli).imbalance_at(at_9697_5), LevelImbalance::None);
    // No level lights up against an empty side on 5 or less: one ordinary print never does.
    int against_empty = 0;
    for (const Bar& bar : series.bars()) {
        const BarAnalysis a = analyse_bar(bar, used);
        for (const auto& [bucket, imbalance] : a.imbalances) {
            const FootprintCell& c = bar.footprint.at(bucket);
            if ((imbalance == LevelImbalance::Buy || imbalance == LevelImbalance::Both) && bar.footprint.at(bucket - 1).bid.is_zero()) {
                QVERIFY(c.ask > qty("5"));
                ++against_empty;
            }
            if ((imbalance == LevelImbalance::Sell || imbalance == LevelImbalance::Both) && bar.footprint.at(bucket + 1).ask.is_zero()) {
                QVERIFY(c.bid > qty("5"));
                ++against_empty;
            }
        }
    }
    QVERIFY(against_empty >= 2);
}

void TestUiTools::imbalance_settings_are_kept_per_market() {
    {
        StartOptions options;
        options.source = SourceRequest::replay(kRealHour);
        options.speed = QStringLiteral("max");
        MainWindow window(options);
        QSignalSpy finished(window.controller(), &SourceController::replay_finished);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(window.view()->options().imbalance.min_volume, qty("5"), 5000);
        // The user sets 2.5×, above 12, zeros off, stacks of 4: the chart and the button follow.
        ChartToolbar* toolbar = window.chart_toolbar();
        QSignalSpy changed(toolbar, &ChartToolbar::options_changed);
        ImbalancePopover* popover = toolbar->imbalance_popover();
        popover->ratio_box()->setValue(2.5);
        popover->min_volume_edit()->setText(QStringLiteral("12"));
        emit popover->min_volume_edit()->editingFinished();
        popover->zeros_box()->setChecked(false);
        popover->stack_box()->setValue(4);
        QCOMPARE(changed.count(), 4);
        const ImbalanceSettings shown = window.view()->options().imbalance;
        QCOMPARE(shown.ratio, qty("2.5"));
        QCOMPARE(shown.min_volume, qty("12"));
        QVERIFY(!shown.zero_counts);
        QCOMPARE(shown.stack, 4);
        QCOMPARE(toolbar->imbalance_button()->text(), QStringLiteral("Imbalance 2.5× >12  ▾"));
        // A click on the button opens the popover under it.
        toolbar->imbalance_button()->click();
        QTRY_VERIFY(popover->isVisible());
        if (qEnvironmentVariableIsSet("FLOWSCOPE_TEST_SHOTS"))  // to look at what a trader sees
            popover->window()->grab().save(qEnvironmentVariable("FLOWSCOPE_TEST_SHOTS") + QStringLiteral("/ui_tools_imbalance.png"));
        popover->window()->close();
    }
    // The next run opens the same market with them.
    StartOptions options;
    options.source = SourceRequest::replay(kRealHour);
    options.autoplay = false;
    MainWindow window(options);
    QSignalSpy opened(&window, &MainWindow::source_opened);
    QTRY_VERIFY_WITH_TIMEOUT(opened.count() > 0, 10000);
    const ImbalanceSettings restored = window.view()->options().imbalance;
    QCOMPARE(restored.ratio, qty("2.5"));
    QCOMPARE(restored.min_volume, qty("12"));
    QVERIFY(!restored.zero_counts);
    QCOMPARE(restored.stack, 4);
    // Another market has its own: nothing saved yet, so the minimum is still to be measured.
    AppSettings settings;
    QVERIFY(!settings.imbalance(QStringLiteral("binance"), QStringLiteral("ETHUSDT")));
    MarketImbalance other(settings);
    const ImbalanceSettings fresh = other.open(QStringLiteral("binance"), QStringLiteral("ETHUSDT"));
    QVERIFY(other.measuring());
    QVERIFY(!fresh.zero_counts);
    QCOMPARE(fresh.ratio, qty("2.5"));  // the last ratio and stack chosen anywhere
    QCOMPARE(fresh.stack, 4);
}

void TestUiTools::chart_menu_copies_the_price_and_exports_the_bar() {
    StartOptions options;
    options.source = SourceRequest::replay(kRealHour);
    options.speed = QStringLiteral("max");
    options.timeframe = QStringLiteral("1m");
    MainWindow window(options);
    QSignalSpy finished(window.controller(), &SourceController::replay_finished);
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(window.view()->bars().bars.size(), std::size_t{60}, 5000);
    window.view()->replot_now();
    FootprintPane* pane = window.view()->footprint();
    const ChartBars& shown = pane->display_bars();
    const std::int64_t bucket = shown.bucket_units;
    QVERIFY(bucket > 0);
    // The pointer a little above 9681 on the 00:59 bar.
    const QPoint pos(qRound(pane->time_axis()->coordToPixel(59)),
                     qRound(pane->value_axis()->coordToPixel(9681 + 0.3 * shown.bucket_price())));
    QVERIFY(pane->axisRect()->rect().contains(pos));
    ChartContextMenu* menu = window.chart_menu();
    const ChartContextMenu::Target target = menu->target_at(pos);
    QCOMPARE(target.bar, 59);
    const Price level{968'100 * (kDecimalScale / 100) / bucket * bucket};  // the row holding 9681
    QVERIFY(target.price);
    QCOMPARE(*target.price, level);

    // A right click opens it.
    QContextMenuEvent click(QContextMenuEvent::Mouse, pos, pane->mapToGlobal(pos));
    QCoreApplication::sendEvent(pane, &click);
    QMenu* open = nullptr;
    QTRY_VERIFY((open = pane->findChild<QMenu*>(QStringLiteral("chartMenu"))) && open->isVisible());
    if (qEnvironmentVariableIsSet("FLOWSCOPE_TEST_SHOTS"))
        open->grab().save(qEnvironmentVariable("FLOWSCOPE_TEST_SHOTS") + QStringLiteral("/ui_tools_menu.png"));
    open->close();

    std::unique_ptr<QMenu> actions(menu->menu_at(pos));
    auto action = [&](const char* name) { return actions->findChild<QAction*>(QString::fromLatin1(name)); };
    // Copy: the exact price, nothing rounded or padded.
    QGuiApplication::clipboard()->clear();
    action("copyPrice")->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), exact_text(level));
    QCOMPARE(action("copyPrice")->text(), QStringLiteral("Copy price ") + exact_text(level));
    // Alert here and a fixed-range profile from the bar: said to whoever takes them.
    std::optional<Price> alert;
    int from_bar = -1;
    connect(menu, &ChartContextMenu::alert_at_price, this, [&](Price p) { alert = p; });
    connect(menu, &ChartContextMenu::fixed_range_from_bar, this, [&](int bar) { from_bar = bar; });
    action("alertHere")->trigger();
    QCOMPARE(alert, std::optional<Price>(level));
    action("fixedRangeHere")->trigger();
    QCOMPARE(from_bar, 59);
    QVERIFY(action("exportBar")->isEnabled());

    // The bar's CSV equals the 00:59 bar built here from the file at the bucket drawn.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bar.csv"));
    QCOMPARE(menu->export_bar_to(59, path), QString());
    Aggregator aggregator;
    const BarSeries& series = aggregator.add_series(BarSpec::time(60), bucket);
    for (const Trade& t : real_hour()) aggregator.add(t);
    const Bar& bar = series.bars()[59];
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.front(), QStringLiteral("bar_open_time_utc,price,bid,ask,delta,trades,poc,value_area"));
    const auto levels = bar.footprint.levels_by_price();
    QCOMPARE(lines.size() - 1, static_cast<qsizetype>(levels.size()));
    const auto poc = point_of_control(bar.footprint);
    const auto va = value_area(bar.footprint);
    QVERIFY(poc && va);
    bool saw_level = false;  // the row right-clicked on
    for (std::size_t i = 0; i < levels.size(); ++i) {
        const FootprintCell& c = *levels[i];
        QString area = c.bucket >= va->low && c.bucket <= va->high ? QStringLiteral("VA") : QString();
        if (c.bucket == va->high && c.bucket == va->low) area = QStringLiteral("VAH VAL");
        else if (c.bucket == va->high) area = QStringLiteral("VAH");
        else if (c.bucket == va->low) area = QStringLiteral("VAL");
        const QString expected = QStringLiteral("2020-02-22 00:59:00.000,%1,%2,%3,%4,%5,%6,%7")
                                     .arg(exact_text(Price{c.bucket * bucket}), exact_text(c.bid), exact_text(c.ask),
                                          exact_text(c.delta()))
                                     .arg(c.trades)
                                     .arg(*poc == c.bucket ? QStringLiteral("POC") : QString(), area);
        QCOMPARE(lines[static_cast<qsizetype>(i) + 1], expected);
        saw_level |= Price{c.bucket * bucket} == level;
    }
    QVERIFY(saw_level);
    QVERIFY(window.status()->message().contains(path));
}

void TestUiTools::exports_are_offered_in_a_folder_of_their_own_named_after_the_market() {
    StartOptions options;
    options.source = SourceRequest::replay(kRealHour);
    options.speed = QStringLiteral("max");
    options.timeframe = QStringLiteral("1m");
    MainWindow window(options);
    QSignalSpy finished(window.controller(), &SourceController::replay_finished);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(window.view()->bars().bars.size() == 60, 5000);
    // Nothing saved yet: Pictures/flowscope for pictures, Documents/flowscope for tables, named
    // after the market, the timeframe and the newest trade (00:59:59.979).
    const QString pictures = QDir(QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)).filePath(QStringLiteral("flowscope"));
    const QString documents = QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).filePath(QStringLiteral("flowscope"));
    QCOMPARE(window.suggested_export_path(QString(), true), QDir(pictures).filePath(QStringLiteral("BTCUSDT_1m_2020-02-22_005959.png")));
    QCOMPARE(window.suggested_export_path(QStringLiteral("footprint"), true),
             QDir(pictures).filePath(QStringLiteral("BTCUSDT_1m_2020-02-22_005959_footprint.png")));
    QCOMPARE(window.suggested_export_path(QStringLiteral("bars"), false),
             QDir(documents).filePath(QStringLiteral("BTCUSDT_1m_2020-02-22_005959_bars.csv")));
    QVERIFY(QFileInfo(pictures).isDir());
    QVERIFY(QFileInfo(window.suggested_export_path(QString(), true)).absolutePath() != QDir::currentPath());
    // Saved somewhere: that folder next time, for pictures and tables alike.
    QTemporaryDir dir;
    QCOMPARE(window.export_png_to(QString(), dir.filePath(QStringLiteral("mine.png"))), QString());
    QCOMPARE(window.suggested_export_path(QString(), true), QDir(dir.path()).filePath(QStringLiteral("BTCUSDT_1m_2020-02-22_005959.png")));
    QCOMPARE(QFileInfo(window.suggested_export_path(QStringLiteral("bars"), false)).absolutePath(), QFileInfo(dir.path()).absoluteFilePath());
}

namespace {
// Trades whose exchange time falls in the 10 whole seconds up to and including end's.
std::uint64_t market_window(std::span<const Trade> trades, std::int64_t end_us) {
    const std::int64_t last = floor_div(end_us, 1'000'000);
    std::uint64_t n = 0;
    for (const Trade& t : trades) {
        const std::int64_t second = floor_div(t.exchange_time_us, 1'000'000);
        n += second > last - 10 && second <= last;
    }
    return n;
}

// WCAG contrast ratio of two colours.
double contrast(const QColor& a, const QColor& b) {
    auto luminance = [](const QColor& c) {
        auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
    };
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}
}  // namespace

void TestUiTools::trade_rate_counts_market_seconds_not_arrivals() {
    const std::vector<Trade> trades = real_hour();
    const std::int64_t end = trades.back().exchange_time_us;
    const std::uint64_t expected = market_window(trades, end);
    QVERIFY(expected > 0);
    // The whole hour in one go (a burst of history) reads as the market's last ten seconds.
    TradeRate burst;
    burst.add(trades);
    QCOMPARE(burst.in_window(end), expected);
    QCOMPARE(burst.text(end), QStringLiteral("%1.%2").arg(expected / 10).arg(expected % 10));
    // Trade by trade, the same.
    TradeRate steady;
    for (const Trade& t : trades) steady.add(std::span(&t, 1));
    QCOMPARE(steady.in_window(end), expected);
    // Half an hour on, at that clock: the 10 s before it.
    const std::int64_t mid = kHourStartUs + 30 * kMinuteUs;
    TradeRate half;
    std::vector<Trade> before;
    for (const Trade& t : trades)
        if (t.exchange_time_us < mid) before.push_back(t);
    half.add(before);
    QCOMPARE(half.in_window(mid - 1), market_window(trades, mid - 1));
    // A quiet minute after the last trade: nothing.
    QCOMPARE(burst.text(end + kMinuteUs), QStringLiteral("0.0"));
}

void TestUiTools::trade_rate_in_the_window_holds_through_a_timeframe_change() {
    StartOptions options;
    options.source = SourceRequest::replay(kRealHour);
    options.speed = QStringLiteral("max");
    options.timeframe = QStringLiteral("1m");
    MainWindow window(options);
    QSignalSpy finished(window.controller(), &SourceController::replay_finished);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 30000);
    const std::vector<Trade> trades = real_hour();
    const std::uint64_t n = market_window(trades, trades.back().exchange_time_us);
    const QString expected = QStringLiteral("%1.%2 trades/s").arg(n / 10).arg(n % 10);
    QLabel* rate = window.status()->rate_label();
    QTRY_COMPARE_WITH_TIMEOUT(rate->text(), expected, 3000);
    // Another timeframe: a new chart counts 4,297 trades so far, the rate stays the market's.
    window.chart_toolbar()->set_timeframe(QStringLiteral("5m"));
    emit window.chart_toolbar()->timeframe_changed(QStringLiteral("5m"));
    QTRY_COMPARE_WITH_TIMEOUT(window.view()->bars().spec, BarSpec::time(300), 5000);
    for (int i = 0; i < 3; ++i) {
        QTest::qWait(500);
        QCOMPARE(rate->text(), expected);
    }
}

void TestUiTools::slider_previews_while_dragged() {
    ReplayControls controls;
    controls.set_span(kHourStartUs, kHourStartUs + 60 * kMinuteUs);
    controls.set_position(kHourStartUs, true);
    QSignalSpy seeks(&controls, &ReplayControls::seek_requested);
    QSlider* slider = controls.slider();
    slider->setSliderDown(true);
    // The first move: the time follows and the chart seeks at once.
    slider->setSliderPosition(600);
    QCOMPARE(controls.time_label()->text(), QStringLiteral("2020-02-22 00:10:00 UTC"));
    QCOMPARE(seeks.count(), 1);
    QCOMPARE(seeks.last().first().toLongLong(), kHourStartUs + 10 * kMinuteUs);
    // The replay's own progress does not move the time shown while the handle is held.
    controls.set_position(kHourStartUs + 5'000'000, true);
    QCOMPARE(controls.time_label()->text(), QStringLiteral("2020-02-22 00:10:00 UTC"));
    // More moves before the interval is over: the time follows each, the chart seeks once more,
    // at the last of them, when the interval ends.
    slider->setSliderPosition(900);
    slider->setSliderPosition(1200);
    QCOMPARE(controls.time_label()->text(), QStringLiteral("2020-02-22 00:20:00 UTC"));
    QCOMPARE(seeks.count(), 1);
    QTRY_COMPARE(seeks.count(), 2);
    QCOMPARE(seeks.last().first().toLongLong(), kHourStartUs + 20 * kMinuteUs);
    // Let go further on: a last seek there.
    slider->setSliderPosition(1500);
    slider->setSliderDown(false);
    QCOMPARE(seeks.last().first().toLongLong(), kHourStartUs + 25 * kMinuteUs);
}

void TestUiTools::offline_fallback_fills_the_first_screen_then_plays_at_1x() {
    // A live market that cannot be reached (a closed port on this machine): the bundled session
    // plays instead, fast until its bars fill the view, then at the saved speed (1×).
    StartOptions options;
    options.source = SourceRequest::live_market(QStringLiteral("binance-futures"), QStringLiteral("BTCUSDT"),
                                                QStringLiteral("ws://127.0.0.1:1/ws"));
    options.timeframe = QStringLiteral("1m");
    MainWindow window(options);
    window.resize(1280, 720);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(window.status()->message().contains(QStringLiteral("bundled real session")), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(window.filling_first_screen(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!window.filling_first_screen(), 30000);
    const std::size_t bars = window.view()->bars().bars.size();
    const QCPRange shown = window.view()->time_axis()->range();
    QVERIFY2(static_cast<double>(bars) >= shown.size() - 1, qPrintable(QStringLiteral("%1 bars in a view of %2").arg(bars).arg(shown.size())));
    QVERIFY2(bars < 60, qPrintable(QStringLiteral("%1 bars: the hour played through").arg(bars)));  // not at max speed
    QCOMPARE(window.replay_controls()->speed_text(), QStringLiteral("1"));
    QVERIFY(window.controller()->playing());
}

void TestUiTools::offline_fallback_keeps_an_explicit_speed() {
    StartOptions options;
    options.source = SourceRequest::live_market(QStringLiteral("binance-futures"), QStringLiteral("BTCUSDT"),
                                                QStringLiteral("ws://127.0.0.1:1/ws"));
    options.speed = QStringLiteral("2");
    MainWindow window(options);
    QSignalSpy opened(&window, &MainWindow::source_opened);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(window.status()->message().contains(QStringLiteral("bundled real session")), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(opened.count() > 0 && window.controller()->playing(), 10000);
    QVERIFY(!window.filling_first_screen());
    QCOMPARE(window.replay_controls()->speed_text(), QStringLiteral("2"));
}

void TestUiTools::transport_icons_read_as_enabled_in_both_themes() {
    auto* app = qobject_cast<QApplication*>(QCoreApplication::instance());
    ReplayControls controls;
    for (const Theme& theme : {Theme::light(), Theme::dark()}) {
        apply_theme(*app, theme);
        QCoreApplication::processEvents();
        for (QAction* action : controls.actions()) {
            if (action->icon().isNull()) continue;
            // The icon as the toolbar draws an enabled action: its most opaque pixel's colour.
            const QImage image = action->icon().pixmap(QSize(16, 16), QIcon::Normal).toImage();
            QColor ink;
            int alpha = 0;
            for (int y = 0; y < image.height(); ++y)
                for (int x = 0; x < image.width(); ++x)
                    if (const QColor c = image.pixelColor(x, y); c.alpha() > alpha) {
                        alpha = c.alpha();
                        ink = c;
                    }
            QVERIFY(alpha == 255);
            const double ratio = contrast(ink, theme.panel);
            QVERIFY2(ratio >= 4.5, qPrintable(QStringLiteral("%1 theme, %2: %3 on %4 is %5:1")
                                                 .arg(theme.name, action->text(), ink.name(), theme.panel.name())
                                                 .arg(ratio, 0, 'f', 2)));
        }
    }
}

void TestUiTools::toolbar_shows_everything_at_1280_and_the_common_things_at_1024_data() {
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<QStringList>("may_overflow");
    QTest::newRow("1280x720") << 1280 << 720 << QStringList{};
    // At 1024 only what is used least: the settings menu (recording, prints that are not
    // aggression, theme), the alerts panel's toggle, and the Studies button while it is added at
    // the end (ChartToolbar::insert_chart_widget puts it among the chart's controls).
    QTest::newRow("1024x640") << 1024 << 640
                              << QStringList{QStringLiteral("settingsButton"), QStringLiteral("Alerts"), QStringLiteral("studiesButton")};
}

void TestUiTools::toolbar_shows_everything_at_1280_and_the_common_things_at_1024() {
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(QStringList, may_overflow);
    StartOptions options;
    options.source = SourceRequest::replay(kRealHour);
    options.speed = QStringLiteral("max");
    MainWindow window(options);
    QSignalSpy opened(&window, &MainWindow::source_opened);
    window.resize(width, height);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // The source's title and the market's measured minimum volume are in the toolbar.
    QTRY_VERIFY_WITH_TIMEOUT(opened.count() > 0, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(window.chart_toolbar()->imbalance_button()->text().contains(QStringLiteral(">5")), 30000);
    QCoreApplication::processEvents();
    ChartToolbar* toolbar = window.chart_toolbar();
    QCOMPARE(toolbar->width(), window.width());
    int overflowed = 0;
    for (QAction* action : toolbar->actions()) {
        if (!action->isVisible()) continue;
        QWidget* widget = toolbar->widgetForAction(action);
        QString name = action->objectName().isEmpty() && widget ? widget->objectName() : action->objectName();
        if (name.isEmpty()) name = action->iconText();
        // In the toolbar itself, whole, at its full size; or behind the overflow arrow.
        const bool shown = widget && widget->isVisible() && widget->parentWidget() == toolbar &&
                           toolbar->rect().contains(widget->geometry()) && widget->width() >= widget->sizeHint().width();
        if (!shown) {
            QVERIFY2(may_overflow.contains(name),
                     qPrintable(QStringLiteral("'%1' (%2) is not shown whole in the toolbar at %3 px")
                                    .arg(action->iconText(), name)
                                    .arg(width)));
            ++overflowed;
        }
    }
    auto* extension = toolbar->findChild<QToolButton*>(QStringLiteral("qt_toolbar_ext_button"));
    QVERIFY(extension);
    QCOMPARE(extension->isVisible(), overflowed > 0);
    if (extension->isVisible()) {
        // The overflow arrow reads on the toolbar: what is behind it can be found.
        const QImage arrow = extension->icon().pixmap(QSize(16, 16)).toImage();
        QColor ink(0, 0, 0, 0);
        for (int y = 0; y < arrow.height(); ++y)
            for (int x = 0; x < arrow.width(); ++x)
                if (arrow.pixelColor(x, y).alpha() > ink.alpha()) ink = arrow.pixelColor(x, y);
        QVERIFY2(contrast(ink, window.theme().panel) >= 4.5, qPrintable(ink.name()));
    }
    if (may_overflow.isEmpty()) QCOMPARE(overflowed, 0);
    // The imbalance button says the settings in use.
    QCOMPARE(toolbar->imbalance_button()->text(), QStringLiteral("Imbalance 3× >5  ▾"));
    // Switches behind the settings button and the CSV export are actions of menus, in reach
    // whatever the width.
    for (QAction* a : {toolbar->record_action(), toolbar->non_aggressive_action(),
                       toolbar->findChild<QAction*>(QStringLiteral("csvAction"))})
        QVERIFY(a && !a->associatedObjects().isEmpty());
}

QTEST_MAIN(TestUiTools)
#include "test_ui_tools.moc"
