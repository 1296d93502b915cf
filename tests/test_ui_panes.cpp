// Each pane rendered to an image with known bars: what a trader would see must be on screen.
#include <QtTest>

#include "aggregate/bar_series.hpp"
#include "aggregate/footprint_analysis.hpp"
#include "chart/bar_stats_pane.hpp"
#include "chart/chart_bars.hpp"
#include "chart/cvd_pane.hpp"
#include "chart/footprint_pane.hpp"
#include "chart/heat_bars_pane.hpp"
#include "io/trade_file.hpp"

using namespace flowscope;
using namespace flowscope::ui;

namespace {

Trade trade(std::int64_t time_s, const char* price, const char* quantity, Side side) {
    Trade t;
    t.exchange_time_us = time_s * 1'000'000;
    t.price = *parse_price(price);
    t.quantity = *parse_quantity(quantity);
    t.aggressor = side;
    return t;
}

// Builds bars the way the app does: one BarSeries, the running CVD shared by the caller.
ChartBars make_bars(const std::vector<Trade>& trades, BarSpec spec, const char* bucket) {
    ChartBars chart;
    chart.spec = spec;
    chart.bucket_units = parse_price(bucket)->units;
    chart.tick = *parse_price("0.01");
    BarSeries series(spec, chart.bucket_units);
    Quantity cvd;
    for (const Trade& t : trades) {
        cvd += t.signed_quantity();
        series.add(t, cvd);
    }
    chart.bars.assign(series.bars().begin(), series.bars().end());
    return chart;
}

QImage render(TimePane& pane, int width, int height) {
    pane.resize(width, height);
    pane.replot(QCustomPlot::rpImmediateRefresh);
    return pane.toPixmap(width, height, 1.0).toImage().convertToFormat(QImage::Format_RGB32);
}

// Pixels inside rect whose colour passes the predicate.
template <typename Pred> int count_pixels(const QImage& image, QRect rect, Pred pred) {
    int n = 0;
    rect = rect.intersected(image.rect());
    for (int y = rect.top(); y <= rect.bottom(); ++y)
        for (int x = rect.left(); x <= rect.right(); ++x)
            if (pred(QColor(image.pixel(x, y)))) ++n;
    return n;
}

bool buy_like(const QColor& c) { return c.green() > c.red() + 60 && c.green() > 90; }
bool poc_like(const QColor& c) { return c.red() > 180 && c.green() > 130 && c.blue() < 90; }
bool text_like(const QColor& c) { return c.red() > 150 && c.green() > 150 && c.blue() > 150; }

// The pixel rectangle of footprint cell (bar, bucket), from the plottable's own slot layout.
QRect cell_pixels(const FootprintPane& pane, const ChartBars& chart, int bar, std::int64_t bucket, bool ask_half) {
    const auto s = FootprintPlottable::slot_layout(pane.plottable()->last_detail());
    const double mid = (s.cells_left + s.cells_right) / 2;
    const double left = ask_half ? mid : s.cells_left;
    const double right = ask_half ? s.cells_right : mid;
    const double x0 = pane.time_axis()->coordToPixel(bar + left);
    const double x1 = pane.time_axis()->coordToPixel(bar + right);
    const double y0 = pane.value_axis()->coordToPixel(chart.price_of_bucket(bucket + 1));
    const double y1 = pane.value_axis()->coordToPixel(chart.price_of_bucket(bucket));
    return QRectF(QPointF(x0, y0), QPointF(x1, y1)).toRect().adjusted(2, 2, -2, -2);
}

}  // namespace

class TestUiPanes : public QObject {
    Q_OBJECT

private slots:
    void footprint_buy_imbalance_cell_is_in_the_buy_colour();
    void footprint_point_of_control_is_outlined();
    void footprint_numbers_are_readable_at_default_zoom_on_the_real_hour();
    void footprint_narrow_bars_become_candles();
    void footprint_levels_without_trades_stay_blank();
    void cvd_line_rises_for_buy_only_data();
    void heat_bars_sit_at_the_ends_of_the_scale_for_one_sided_bars();
    void stats_rows_show_numbers();
};

// One bar, three levels: ask 10 at 100.5 against bid 1 at 100.0 is a 10× buy imbalance.
void TestUiPanes::footprint_buy_imbalance_cell_is_in_the_buy_colour() {
    const ChartBars chart = make_bars({trade(0, "100.0", "1", Side::Sell), trade(1, "100.5", "10", Side::Buy),
                                       trade(2, "101.0", "2", Side::Buy), trade(3, "101.0", "2", Side::Sell)},
                                      BarSpec::time(60), "0.5");
    const Footprint& fp = chart.bars[0].footprint;
    const std::int64_t imbalanced = Footprint::bucket_of(*parse_price("100.5"), chart.bucket_units);
    QCOMPARE(level_imbalance(fp, imbalanced, ImbalanceSettings{}), LevelImbalance::Buy);

    FootprintPane pane;
    pane.set_bars(&chart);
    pane.time_axis()->setRange(-1, 1.5);
    pane.fit_values();
    const QImage image = render(pane, 600, 400);
    QCOMPARE(pane.plottable()->last_detail(), FootprintDetail::Numbers);
    const QRect ask = cell_pixels(pane, chart, 0, imbalanced, true);
    const QRect calm_ask = cell_pixels(pane, chart, 0, imbalanced + 1, true);
    const int hits = count_pixels(image, ask, buy_like);
    QVERIFY2(hits > ask.width() * ask.height() / 3, qPrintable(QString("buy-coloured pixels %1 of %2").arg(hits).arg(ask.width() * ask.height())));
    QCOMPARE(count_pixels(image, calm_ask, buy_like), 0);
}

void TestUiPanes::footprint_point_of_control_is_outlined() {
    const ChartBars chart = make_bars({trade(0, "100.0", "1", Side::Sell), trade(1, "100.5", "9", Side::Sell),
                                       trade(2, "100.5", "9", Side::Buy), trade(3, "101.0", "2", Side::Buy)},
                                      BarSpec::time(60), "0.5");
    const std::int64_t poc = *point_of_control(chart.bars[0].footprint);
    QCOMPARE(poc, Footprint::bucket_of(*parse_price("100.5"), chart.bucket_units));
    FootprintPane pane;
    pane.set_bars(&chart);
    pane.time_axis()->setRange(-1, 1.5);
    pane.fit_values();
    const QImage image = render(pane, 600, 400);
    auto whole = [&](std::int64_t b) {
        return cell_pixels(pane, chart, 0, b, false).united(cell_pixels(pane, chart, 0, b, true)).adjusted(-3, -3, 3, 3);
    };
    QVERIFY(count_pixels(image, whole(poc), poc_like) > 40);
    // The level above: its own cell area (not the border it shares with the POC) has no outline.
    QCOMPARE(count_pixels(image, whole(poc + 1).adjusted(3, 3, -3, -6), poc_like), 0);
}

void TestUiPanes::footprint_numbers_are_readable_at_default_zoom_on_the_real_hour() {
    std::vector<Trade> trades;
    const auto result = read_trade_file(FLOWSCOPE_TEST_DATA_DIR "/binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv", {},
                                        [](const TradeFileResult&) {},
                                        [&](std::span<const Trade> b) { trades.insert(trades.end(), b.begin(), b.end()); });
    QVERIFY2(result.ok, result.error.c_str());
    const ChartBars chart = make_bars(trades, BarSpec::time(60), "0.5");
    QCOMPARE(chart.bars.size(), std::size_t{60});
    FootprintPane pane;
    pane.set_bars(&chart);
    // The app's default: about 118 px per bar, newest bar at the right.
    const int width = 1300;
    const double visible = (width - TimePane::kValueAxisWidth) / 118.0;
    pane.time_axis()->setRange(60 - visible, 61);
    pane.fit_values();
    const QImage image = render(pane, width, 700);
    QCOMPARE(pane.plottable()->last_detail(), FootprintDetail::Numbers);
    // The busiest level of the newest complete bar carries legible text.
    const Bar& bar = chart.bars[58];
    const std::int64_t poc = *point_of_control(bar.footprint);
    const QRect cell = cell_pixels(pane, chart, 58, poc, false).united(cell_pixels(pane, chart, 58, poc, true));
    QVERIFY2(cell.height() >= FootprintPlottable::kMinTextHeightPixels - 4, "cells too small for text");
    QVERIFY(count_pixels(image, cell, text_like) > 8);
}

void TestUiPanes::footprint_narrow_bars_become_candles() {
    std::vector<Trade> trades;
    for (int i = 0; i < 200; ++i) trades.push_back(trade(i * 60, i % 2 ? "100.0" : "101.0", "1", i % 3 ? Side::Buy : Side::Sell));
    const ChartBars chart = make_bars(trades, BarSpec::time(60), "0.5");
    FootprintPane pane;
    pane.set_bars(&chart);
    pane.time_axis()->setRange(-0.5, 199.5);
    pane.fit_values();
    render(pane, 800, 400);
    QCOMPARE(pane.plottable()->last_detail(), FootprintDetail::Candles);
}

// A bar that trades at 100.0 and 101.0 passes 100.5 without a trade: no "0 x 0" clutter there.
void TestUiPanes::footprint_levels_without_trades_stay_blank() {
    const ChartBars chart = make_bars({trade(0, "100.0", "1.5", Side::Sell), trade(1, "101.0", "2.5", Side::Buy)},
                                      BarSpec::time(60), "0.5");
    FootprintPane pane;
    pane.set_bars(&chart);
    pane.time_axis()->setRange(-1, 1.5);
    pane.fit_values();
    const QImage image = render(pane, 600, 400);
    QCOMPARE(pane.plottable()->last_detail(), FootprintDetail::Numbers);
    const std::int64_t traded = Footprint::bucket_of(*parse_price("100.0"), chart.bucket_units);
    const std::int64_t passed = traded + 1;
    QVERIFY(chart.bars[0].footprint.at(passed).empty());
    auto whole = [&](std::int64_t b) { return cell_pixels(pane, chart, 0, b, false).united(cell_pixels(pane, chart, 0, b, true)); };
    QVERIFY(count_pixels(image, whole(traded), text_like) > 8);  // "1.5 x 0" is written
    // Not even dim text (zeros are written in the dim grey): only the background there.
    auto any_text = [](const QColor& c) {
        const int hi = std::max({c.red(), c.green(), c.blue()}), lo = std::min({c.red(), c.green(), c.blue()});
        return hi - lo < 25 && c.red() > 70;
    };
    QCOMPARE(count_pixels(image, whole(passed), any_text), 0);
}

void TestUiPanes::cvd_line_rises_for_buy_only_data() {
    std::vector<Trade> trades;
    for (int i = 0; i < 10; ++i) trades.push_back(trade(i * 60 + 1, "100.0", "1", Side::Buy));
    const ChartBars chart = make_bars(trades, BarSpec::time(60), "0.5");
    CvdPane pane;
    pane.set_bars(&chart);
    pane.bars_changed();
    pane.time_axis()->setRange(-0.5, 9.5);
    pane.fit_values();
    const QImage image = render(pane, 600, 300);
    const QColor line = pane.line()->pen().color();
    // The topmost line pixel in each bar's column: it must climb from bar to bar.
    int previous_y = std::numeric_limits<int>::max();
    for (int i = 0; i < 10; ++i) {
        const int x = static_cast<int>(pane.time_axis()->coordToPixel(i));
        int top = -1;
        for (int y = 0; y < image.height() && top < 0; ++y) {
            const QColor c(image.pixel(x, y));
            if (std::abs(c.red() - line.red()) < 30 && std::abs(c.green() - line.green()) < 30 && std::abs(c.blue() - line.blue()) < 30)
                top = y;
        }
        QVERIFY2(top >= 0, qPrintable(QString("no CVD line in bar %1's column").arg(i)));
        QVERIFY2(top < previous_y, qPrintable(QString("CVD not rising at bar %1 (%2 after %3)").arg(i).arg(top).arg(previous_y)));
        previous_y = top;
    }
}

void TestUiPanes::heat_bars_sit_at_the_ends_of_the_scale_for_one_sided_bars() {
    const ChartBars chart = make_bars({trade(1, "100", "5", Side::Buy), trade(61, "100", "5", Side::Sell),
                                       trade(121, "100", "5", Side::Buy), trade(122, "100", "5", Side::Sell)},
                                      BarSpec::time(60), "0.5");
    HeatBarsPane pane;
    pane.set_bars(&chart);
    pane.time_axis()->setRange(-0.5, 2.5);
    pane.fit_values();
    const QImage image = render(pane, 600, 200);
    const Theme theme = pane.theme();
    const int y = static_cast<int>(pane.value_axis()->coordToPixel(1));
    auto at = [&](int bar) { return QColor(image.pixel(static_cast<int>(pane.time_axis()->coordToPixel(bar)), y)); };
    QCOMPARE(at(0), theme.buy);
    QCOMPARE(at(1), theme.sell);
    QCOMPARE(at(2), theme.heat_mid);
}

void TestUiPanes::stats_rows_show_numbers() {
    const ChartBars chart = make_bars({trade(1, "100", "5", Side::Buy), trade(61, "100", "5", Side::Sell)},
                                      BarSpec::time(60), "0.5");
    BarStatsPane pane;
    pane.set_bars(&chart);
    pane.time_axis()->setRange(-0.5, 1.5);
    const QImage image = render(pane, 600, BarStatsPane::kRowCount * BarStatsPane::kRowHeightPixels + 2);
    const int x0 = static_cast<int>(pane.time_axis()->coordToPixel(-0.4));
    const int x1 = static_cast<int>(pane.time_axis()->coordToPixel(0.4));
    QVERIFY(count_pixels(image, QRect(x0, 0, x1 - x0, image.height()), text_like) > 20);
}

QTEST_MAIN(TestUiPanes)
#include "test_ui_panes.moc"
