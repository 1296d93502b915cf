// The footprint's faster paint draws exactly what the plain QPainter calls drew: the coordinate
// mapping, the whole-pixel rules for aliased shapes, batched fills and cached texts are each
// compared with Qt's own result, pixel for pixel; and a repaint works out only the bars that changed.
#include <QtTest>

#include <random>

#include "aggregate/bar_series.hpp"
#include "chart/aliased_pixels.hpp"
#include "chart/axis_map.hpp"
#include "chart/cell_text_painter.hpp"
#include "chart/fill_batch.hpp"
#include "chart/footprint_bar_analysis.hpp"
#include "chart/footprint_options.hpp"
#include "chart/footprint_pane.hpp"
#include "chart/footprint_plottable.hpp"
#include "io/trade_file.hpp"

using namespace flowscope;
using namespace flowscope::ui;

namespace {

QImage blank(int w, int h) {
    QImage image(w, h, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    return image;
}

int differing_pixels(const QImage& a, const QImage& b) {
    int n = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) n += a.pixel(x, y) != b.pixel(x, y);
    return n;
}

std::vector<Trade> real_hour() {
    std::vector<Trade> trades;
    const auto result = read_trade_file(FLOWSCOPE_TEST_DATA_DIR "/binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv", {},
                                        [](const TradeFileResult&) {},
                                        [&](std::span<const Trade> b) { trades.insert(trades.end(), b.begin(), b.end()); });
    return trades;
}

}  // namespace

class TestUiPaint : public QObject {
    Q_OBJECT

private slots:
    void axis_map_gives_the_axis_own_pixels() {
        QCustomPlot plot;
        plot.resize(1913, 1037);
        plot.xAxis->setRange(-0.37, 199.81);
        plot.yAxis->setRange(9651.25, 9712.75);
        plot.replot(QCustomPlot::rpImmediateRefresh);  // lays out the axis rect
        const AxisMap keys(plot.xAxis), values(plot.yAxis);
        std::mt19937 rng(7);
        std::uniform_real_distribution<double> key(-5, 205), price(9640, 9720);
        for (int i = 0; i < 20'000; ++i) {
            const double k = key(rng), v = price(rng);
            QCOMPARE(keys(k), plot.xAxis->coordToPixel(k));  // exactly, not nearly
            QCOMPARE(values(v), plot.yAxis->coordToPixel(v));
        }
        plot.yAxis->setRangeReversed(true);
        const AxisMap reversed(plot.yAxis);
        QCOMPARE(reversed(9700.5), plot.yAxis->coordToPixel(9700.5));
    }

    void rounding_matches_lround() {
        std::mt19937 rng(3);
        std::uniform_real_distribution<double> u(-5000, 5000);
        for (int i = 0; i < 100'000; ++i) {
            double x = u(rng);
            if (i % 3 == 0) x = std::round(x * 2) / 2;  // exact halves
            if (i % 5 == 0) x = std::nextafter(std::round(x) + 0.5, 0.0);  // just below a half
            QCOMPARE(round_half_away(x), static_cast<long long>(std::lround(x)));
        }
    }

    // The rule for aliased rectangles, checked against the raster engine on random rectangles
    // (opaque and translucent), so a Qt that rasterises differently fails here, not on screen.
    void aliased_rectangles_cover_the_pixels_the_engine_fills() {
        std::mt19937 rng(11);
        std::uniform_real_distribution<double> pos(0, 30), size(0.2, 12);
        int fast = 0;
        for (int i = 0; i < 5000; ++i) {
            QRectF r(pos(rng), pos(rng), size(rng), size(rng));
            if (i % 4 == 0) r.moveTop(std::round(r.top()));
            if (i % 7 == 0) r.moveLeft(std::round(r.left() * 2) / 2);
            const QColor colour = i % 2 ? QColor(38, 166, 154) : QColor(239, 83, 80, 40);
            QImage engine = blank(48, 48), ours = blank(48, 48);
            {
                QPainter p(&engine);
                p.setPen(Qt::NoPen);
                p.setBrush(colour);
                p.drawRect(r);
            }
            const auto pixels = aliased_fill_pixels(r);
            if (!pixels) continue;  // an edge on a half pixel: callers draw those as before
            ++fast;
            if (pixels->isValid()) QPainter(&ours).fillRect(*pixels, colour);
            QVERIFY2(differing_pixels(engine, ours) == 0,
                     qPrintable(QString("rect %1 %2 %3 %4").arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height())));
        }
        QVERIFY(fast > 4000);
        QVERIFY(!aliased_fill_pixels(QRectF(1.5, 2, 3, 4)));
    }

    void batched_fills_equal_single_fills() {
        QImage single = blank(200, 120), batched = blank(200, 120);
        FillBatch batch;
        QPainter s(&single);
        std::mt19937 rng(5);
        for (int i = 0; i < 300; ++i) {
            const QRect r((i % 20) * 10, (i / 20) * 8, 9, 7);  // a grid: rectangles never overlap
            const QRgb colour = qRgb(static_cast<int>(rng() % 4) * 60, 100, 150);
            s.fillRect(r, QColor::fromRgb(colour));
            batch.add(r, colour);
        }
        batch.add(QRect(QPoint(5, 5), QPoint(3, 3)), qRgb(1, 2, 3));  // invalid: nothing drawn
        s.end();
        QPainter b(&batched);
        batch.draw(&b);
        b.end();
        QCOMPARE(differing_pixels(single, batched), 0);
    }

    // Every alignment the footprint uses, in roomy and in tight (clipped) rectangles, normal and bold.
    void cached_texts_land_where_draw_text_puts_them() {
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setPixelSize(10);
        CellTextPainter cached(font);
        QFont bold = font;
        bold.setBold(true);
        const QStringList texts{"0", "0.13", "12.3", "-1234", "45.7k", "x", "9.47"};
        const int alignments[] = {Qt::AlignRight | Qt::AlignVCenter, Qt::AlignLeft | Qt::AlignVCenter, Qt::AlignCenter};
        std::mt19937 rng(9);
        std::uniform_real_distribution<double> pos(2, 20), width(6, 40), height(8, 20);
        for (int i = 0; i < 2000; ++i) {
            const QRectF r(pos(rng), pos(rng), width(rng), height(rng));
            const QString& text = texts[i % texts.size()];
            const int alignment = alignments[i % 3];
            const bool is_bold = i % 4 == 0;
            QPixmap plain(64, 48), fast(64, 48);
            plain.fill(Qt::black);
            fast.fill(Qt::black);
            {
                QPainter p(&plain);
                p.setPen(Qt::white);
                p.setFont(is_bold ? bold : font);
                p.drawText(r, alignment, text);
            }
            {
                QPainter p(&fast);
                p.setPen(Qt::white);
                cached.begin(&p);
                cached.draw(&p, r, alignment, text, is_bold);
            }
            QVERIFY2(differing_pixels(plain.toImage(), fast.toImage()) == 0,
                     qPrintable(QString("\"%1\" in %2,%3 %4×%5").arg(text).arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height())));
        }
    }

    void analysis_is_worked_out_again_only_for_changed_bars() {
        BarSeries series(BarSpec::time(60), parse_price("0.5")->units);
        Quantity cvd;
        for (const Trade& t : real_hour()) {
            cvd += t.signed_quantity();
            series.add(t, cvd);
        }
        std::vector<Bar> bars(series.bars().begin(), series.bars().end());
        QCOMPARE(bars.size(), std::size_t{60});
        BarAnalysisCache cache;
        const ImbalanceSettings settings;
        for (std::size_t i = 0; i < bars.size(); ++i) cache.get(i, bars[i], series.bucket_units(), settings);
        QCOMPARE(cache.computed(), std::size_t{60});
        for (std::size_t i = 0; i < bars.size(); ++i) cache.get(i, bars[i], series.bucket_units(), settings);
        QCOMPARE(cache.computed(), std::size_t{60});  // nothing changed, nothing worked out

        // The live bar takes a trade: only that bar is analysed again, and the answer is the new one.
        Bar& live = bars.back();
        live.footprint.add(live.footprint.highest_bucket() + 1, Side::Buy, *parse_quantity("50"));
        ++live.trades;
        ++live.revision;
        const BarAnalysis& fresh = cache.get(59, live, series.bucket_units(), settings);
        QCOMPARE(cache.computed(), std::size_t{61});
        const BarAnalysis expected = analyse_bar(live, settings);
        QCOMPARE(fresh.max_total, expected.max_total);
        QCOMPARE(fresh.poc, expected.poc);
        QCOMPARE(fresh.imbalances, expected.imbalances);
        QCOMPARE(fresh.zones.size(), expected.zones.size());

        // Other imbalance settings or another bucket size: everything again.
        ImbalanceSettings looser;
        looser.ratio = *parse_quantity("1.5");
        cache.get(0, bars[0], series.bucket_units(), looser);
        QCOMPARE(cache.computed(), std::size_t{62});
        QCOMPARE(cache.get(0, bars[0], series.bucket_units(), looser).imbalances, analyse_bar(bars[0], looser).imbalances);
    }

    // The overlay layer has a buffer of its own only while the crosshair shows; the crosshair's
    // price line still appears under the mouse and goes when it leaves.
    void crosshair_comes_and_goes_with_the_mouse() {
        BarSeries series(BarSpec::time(60), parse_price("0.5")->units);
        Quantity cvd;
        for (const Trade& t : real_hour()) {
            cvd += t.signed_quantity();
            series.add(t, cvd);
        }
        ChartBars chart;
        chart.spec = series.spec();
        chart.bucket_units = series.bucket_units();
        chart.bars.assign(series.bars().begin(), series.bars().end());
        FootprintPane pane;
        pane.set_bars(&chart);
        pane.resize(900, 500);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        pane.time_axis()->setRange(-0.5, 59.5);
        pane.fit_values();
        pane.replot(QCustomPlot::rpImmediateRefresh);
        QCPLayer* overlay = pane.layer(QStringLiteral("overlay"));
        QCOMPARE(overlay->mode(), QCPLayer::lmLogical);
        const QPoint at = pane.axisRect()->rect().center();
        auto crosshair_pixels = [&] {
            const QImage image = pane.grab().toImage();
            const QColor c = pane.theme().crosshair;
            int n = 0;
            for (int x = pane.axisRect()->left(); x < pane.axisRect()->right(); ++x)
                for (int y = at.y() - 1; y <= at.y() + 1; ++y) {
                    const QColor p(image.pixel(x, y));
                    n += std::abs(p.red() - c.red()) < 8 && std::abs(p.green() - c.green()) < 8 && std::abs(p.blue() - c.blue()) < 8;
                }
            return n;
        };
        const int before = crosshair_pixels();
        QMouseEvent move(QEvent::MouseMove, at, pane.mapToGlobal(at), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(&pane, &move);
        QCOMPARE(overlay->mode(), QCPLayer::lmBuffered);
        QTRY_VERIFY(crosshair_pixels() > before + 50);  // the price line: dashed, across the whole pane
        pane.set_hover_key(std::numeric_limits<double>::quiet_NaN());
        QMouseEvent out(QEvent::MouseMove, QPoint(2, 2), pane.mapToGlobal(QPoint(2, 2)), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(&pane, &out);
        QCOMPARE(overlay->mode(), QCPLayer::lmLogical);
        QTRY_COMPARE(crosshair_pixels(), before);
    }

    void a_repaint_of_the_same_bars_analyses_nothing() {
        BarSeries series(BarSpec::time(60), parse_price("0.5")->units);
        Quantity cvd;
        for (const Trade& t : real_hour()) {
            cvd += t.signed_quantity();
            series.add(t, cvd);
        }
        ChartBars chart;
        chart.spec = series.spec();
        chart.bucket_units = series.bucket_units();
        chart.bars.assign(series.bars().begin(), series.bars().end());
        FootprintPane pane;
        pane.set_bars(&chart);
        pane.resize(1400, 800);
        pane.time_axis()->setRange(-0.5, 59.5);
        pane.fit_values();
        pane.replot(QCustomPlot::rpImmediateRefresh);
        const std::size_t first = pane.plottable()->analysis_cache().computed();
        QVERIFY(first >= 60);
        pane.time_axis()->setRange(10.5, 59.5);  // a pan: same bars, other pixels
        pane.replot(QCustomPlot::rpImmediateRefresh);
        QCOMPARE(pane.plottable()->analysis_cache().computed(), first);
    }

    // Two prints 1e10 buckets apart in one bar: the analysis holds two levels, and a paint draws
    // what is traded (or, in the profile, the visible rows), never the range ÷ bucket.
    void a_bar_of_1e10_buckets_paints_at_once_data() {
        QTest::addColumn<int>("mode");
        QTest::newRow("bid x ask") << int(FootprintMode::BidAsk);
        QTest::newRow("profile") << int(FootprintMode::Profile);
    }
    void a_bar_of_1e10_buckets_paints_at_once() {
        QFETCH(int, mode);
        BarSeries series(BarSpec::time(60), 1);
        Quantity cvd;
        std::vector<Trade> trades = real_hour();
        trades.resize(2);
        trades[0].price = *parse_price("9682.00000001");
        trades[1].price = *parse_price("9782");
        for (const Trade& t : trades) {
            cvd += t.signed_quantity();
            series.add(t, cvd);
        }
        QCOMPARE(series.bars().size(), std::size_t{1});
        ChartBars chart;
        chart.spec = series.spec();
        chart.bucket_units = series.bucket_units();
        chart.bars.assign(series.bars().begin(), series.bars().end());
        QCustomPlot plot;
        plot.resize(1400, 800);
        auto* footprint = new FootprintPlottable(plot.xAxis, plot.yAxis);
        FootprintOptions options;
        options.mode = static_cast<FootprintMode>(mode);
        footprint->set_options(options);
        footprint->set_bars(&chart);
        plot.xAxis->setRange(-0.5, 0.5);
        QElapsedTimer timer;
        timer.start();
        plot.yAxis->setRange(9682, 9782);
        plot.replot(QCustomPlot::rpImmediateRefresh);
        QCOMPARE(footprint->last_detail(), FootprintDetail::Candles);  // 1e10 rows in 800 px: candles
        // Zoomed to 100 buckets around the high: cells, the top one traded.
        plot.yAxis->setRange(9782 - 50e-8, 9782 + 50e-8);
        plot.replot(QCustomPlot::rpImmediateRefresh);
        QVERIFY(footprint->last_detail() != FootprintDetail::Candles);
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(footprint->analysis_cache().computed(), std::size_t{1});
    }
};

QTEST_MAIN(TestUiPaint)
#include "test_ui_paint.moc"
