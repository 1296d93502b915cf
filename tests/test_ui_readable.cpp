// A footprint a trader can read at the window sizes people use, proven on the rendered pixels of
// the real window replaying the real hour:
// - numbers are drawn in the default view at 1024×640, 1280×720 and 1920×1080, found by OCR
//   (tesseract on the pane's pixels) and equal to the cells of the bars in view;
// - every number drawn reads at ≥ 4.5:1 against the pixels around it, in both themes (the text's
//   colour and its background measured on the picture);
// - Auto's bucket keeps rows readable at each size and the toolbar says which bucket is drawn;
//   a fixed bucket keeps its rows and the price scrolls; a corner hint says why numbers are not
//   drawn, and only then;
// - zoom and pan stay in bounds, Home gives the default view back, the pane splitters move and
//   are remembered.
// FLOWSCOPE_TEST_SHOTS=DIR saves the window's pictures there.
#include <QComboBox>
#include <QProcess>
#include <QSplitter>
#include <QSplitterHandle>
#include <QtTest>

#include <map>
#include <memory>

#include "aggregate/bar_series.hpp"
#include "aggregate/footprint_analysis.hpp"
#include "chart/bucket_choice.hpp"
#include "chart/display_bars.hpp"
#include "chart/footprint_pane.hpp"
#include "chart/footprint_plottable.hpp"
#include "chart/order_flow_view.hpp"
#include "chart/quantity_text.hpp"
#include "chart/time_axis_group.hpp"
#include "io/trade_file.hpp"
#include "source/source_controller.hpp"
#include "window/chart_toolbar.hpp"
#include "window/main_window.hpp"
#include "support/footprint_ocr.hpp"
#include "support/replayed_window.hpp"

using namespace flowscope;
using namespace flowscope::ui;
using test::OcrWord;
using test::Readback;
using test::ocr;
using test::read_numbers;

namespace {

const QString kRealHour = QStringLiteral(FLOWSCOPE_TEST_DATA_DIR "/binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv");
constexpr std::size_t kRealHourBars = 60;  // 1m bars

double luminance(QRgb c) {
    auto channel = [](int v) {
        const double s = v / 255.0;
        return s <= 0.03928 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(qRed(c)) + 0.7152 * channel(qGreen(c)) + 0.0722 * channel(qBlue(c));
}
double contrast(QRgb a, QRgb b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

using test::replayed_window;
void save_shot(const QImage& image, const QString& name) { QVERIFY(test::save_shot(image, name)); }

// Rows of the bucket drawn, in pixels.
double row_pixels(const FootprintPane& pane) {
    const double bucket = to_double(pane.display_bucket_units());
    return bucket / pane.value_axis()->range().size() * pane.axisRect()->height();
}

struct Contrast {
    int measured = 0;
    double worst = 1e9;
    QString worst_text;
};

// Every number the paint drew, measured on the picture: its background is the commonest colour
// in and just beside its glyphs' box, its colour the pixel there that differs most from it.
Contrast measure_contrast(FootprintPane& pane, const QImage& picture) {
    Contrast c;
    for (const auto& t : pane.plottable()->drawn_texts()) {
        if (t.text == QLatin1String("x")) continue;
        const QRect ink = pane.plottable()->ink_rect(t).toAlignedRect().intersected(picture.rect());
        if (ink.width() < 2 || ink.height() < 3) continue;
        std::map<QRgb, int> count;
        for (int y = ink.top(); y <= ink.bottom(); ++y)
            for (int x = ink.left() - 1; x <= ink.right() + 1; ++x)
                if (picture.rect().contains(x, y)) ++count[picture.pixel(x, y) & 0xFFFFFF];
        const QRgb background = std::ranges::max_element(count, {}, &std::pair<const QRgb, int>::second)->first;
        double best = 1;
        QRgb text = background;
        for (int y = ink.top(); y <= ink.bottom(); ++y)
            for (int x = ink.left(); x <= ink.right(); ++x)
                if (const double k = contrast(picture.pixel(x, y), background); k > best) {
                    best = k;
                    text = picture.pixel(x, y);
                }
        ++c.measured;
        if (best < c.worst) {
            c.worst = best;
            c.worst_text = QStringLiteral("\"%1\" #%2 on #%3 at %4,%5")
                               .arg(t.text)
                               .arg(text & 0xFFFFFF, 6, 16, QLatin1Char('0'))
                               .arg(background, 6, 16, QLatin1Char('0'))
                               .arg(ink.x())
                               .arg(ink.y());
        }
    }
    return c;
}

}  // namespace

class TestUiReadable : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("tesseract")).isEmpty(),
                 "tesseract is not installed: scripts/install-deps.sh installs tesseract-ocr");
    }
    void init() { QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).clear(); }

    void default_view_shows_numbers_read_back_by_ocr_data() {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<QString>("theme");
        for (const QString& theme : {QStringLiteral("dark"), QStringLiteral("light")})
            for (const QSize size : {QSize(1024, 640), QSize(1280, 720), QSize(1920, 1080)})
                QTest::newRow(qPrintable(QStringLiteral("%1x%2 %3").arg(size.width()).arg(size.height()).arg(theme)))
                    << size << theme;
    }
    void default_view_shows_numbers_read_back_by_ocr();
    void a_window_made_smaller_keeps_its_numbers();

    void every_number_reads_against_its_cell_data() { default_view_shows_numbers_read_back_by_ocr_data(); }
    void every_number_reads_against_its_cell();
    void every_mode_and_shading_reads_data();
    void every_mode_and_shading_reads();

    void value_area_bracket_shows_in_both_themes();
    void auto_candidates_bases_and_hysteresis();
    void display_bars_merge_base_cells_exactly();
    void auto_bucket_follows_the_price_zoom();
    void fixed_bucket_keeps_its_rows_and_scrolls();
    void hint_says_why_numbers_are_missing();
    void navigation_is_bounded();
    void home_restores_the_default_view();
    void pane_splitters_resize_and_are_remembered();
};

namespace {
void wheel(TimePane* pane, QPoint at, int notches, Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
    QWheelEvent e(at, pane->mapToGlobal(at), QPoint(), QPoint(0, 120 * notches), Qt::NoButton, modifiers, Qt::NoScrollPhase, false);
    QApplication::sendEvent(pane, &e);
}

void drag(TimePane* pane, QPoint from, QPoint by) {
    auto send = [&](QEvent::Type type, QPoint at, Qt::MouseButtons buttons) {
        QMouseEvent e(type, at, pane->mapToGlobal(at), Qt::LeftButton, buttons, Qt::NoModifier);
        QApplication::sendEvent(pane, &e);
    };
    send(QEvent::MouseButtonPress, from, Qt::LeftButton);
    for (int step = 1; step <= 10; ++step) send(QEvent::MouseMove, from + by * step / 10, Qt::LeftButton);
    send(QEvent::MouseButtonRelease, from + by, Qt::NoButton);
}

ChartBars real_hour_bars(const char* bucket) {
    ChartBars chart;
    chart.spec = BarSpec::time(60);
    chart.tick = *parse_price("0.01");
    chart.bucket_units = parse_price(bucket)->units;
    BarSeries series(chart.spec, chart.bucket_units);
    Quantity cvd;
    read_trade_file(kRealHour.toStdString(), {}, [](const TradeFileResult&) {}, [&](std::span<const Trade> batch) {
        for (const Trade& t : batch) {
            cvd += t.signed_quantity();
            series.add(t, cvd);
        }
    });
    chart.bars.assign(series.bars().begin(), series.bars().end());
    return chart;
}

// The cells of a footprint, lowest first, for comparing two of them.
QString cells_text(const Footprint& fp) {
    QString text;
    for (const FootprintCell* c : fp.levels_by_price())
        text += QStringLiteral("%1:%2/%3/%4 ").arg(c->bucket).arg(exact_text(c->bid), exact_text(c->ask)).arg(c->trades);
    return text;
}

// Whether some level of the bars in view shows in the price range.
bool a_level_shows(FootprintPane& pane) {
    bool found = false;
    const QCPRange bars = FootprintPlottable::price_range(pane.display_bars(), pane.time_axis()->range(), found);
    const QCPRange view = pane.value_axis()->range();
    const double bucket = to_double(pane.display_bucket_units());
    return found && view.upper >= bars.lower + std::min(bucket, bars.size()) - 1e-9 &&
           view.lower <= bars.upper - std::min(bucket, bars.size()) + 1e-9;
}

// Drags a splitter handle by dy pixels as a mouse does: events go to the window at the handle's
// place and reach whatever widget is there, as the display server's would.
void drag_handle(QWidget* window, QSplitterHandle* handle, int dy) {
    QWindow* w = window->windowHandle();
    const QPoint from = handle->mapTo(window, handle->rect().center());
    qInfo() << "at" << from << "is" << window->childAt(from);
    QTest::mousePress(w, Qt::LeftButton, Qt::NoModifier, from);
    for (int step = 1; step <= 4; ++step) QTest::mouseMove(w, from + QPoint(0, dy * step / 4));
    QTest::mouseRelease(w, Qt::LeftButton, Qt::NoModifier, from + QPoint(0, dy));
}
}  // namespace

void TestUiReadable::pane_splitters_resize_and_are_remembered() {
    QList<int> moved;
    {
        const auto window = replayed_window(QSize(1024, 640), QStringLiteral("dark"));
        QVERIFY(window);
        QSplitter* splitter = window->view()->pane_splitter();
        QCOMPARE(splitter->count(), 4);
        const QList<int> before = splitter->sizes();
        qInfo() << "sizes" << before;
        // Each handle moves: footprint | stats, stats | CVD, CVD | heat.
        for (int i = 1; i < splitter->count(); ++i)
            for (int dy : {-30, 20}) {
                const QList<int> was = splitter->sizes();
                drag_handle(window.get(), splitter->handle(i), dy);
                qInfo() << "handle" << i << dy << was << "->" << splitter->sizes();
                QVERIFY2(splitter->sizes() != was, qPrintable(QStringLiteral("handle %1 did not move by %2").arg(i).arg(dy)));
            }
        moved = splitter->sizes();
        window->close();
    }
    const auto again = replayed_window(QSize(1024, 640), QStringLiteral("dark"), true);
    QVERIFY(again);
    QCOMPARE(again->view()->pane_splitter()->sizes(), moved);
}

// A window laid out wide first (the size remembered from a large screen) and then made smaller,
// as the window manager or the user does: the default zoom follows, so the bars stay wide enough
// for their numbers. The user's own zoom is kept.
void TestUiReadable::a_window_made_smaller_keeps_its_numbers() {
    const auto window = replayed_window(QSize(1920, 1080), QStringLiteral("dark"));
    QVERIFY(window);
    FootprintPane* pane = window->view()->footprint();
    const double wide = window->view()->time_axis()->range().size();
    window->resize(1024, 640);
    QTRY_VERIFY(window->view()->width() < 800);
    window->view()->replot_now();
    QVERIFY2(window->view()->time_axis()->range().size() < wide, qPrintable(QString::number(window->view()->time_axis()->range().size())));
    QCOMPARE(pane->plottable()->last_detail(), FootprintDetail::Numbers);
    QVERIFY2(pane->numbers_hint().isEmpty(), qPrintable(pane->numbers_hint()));

    window->view()->zoom_time(1.25);  // the user zooms out (the minus key): a resize keeps that zoom
    const double zoomed = window->view()->time_axis()->range().size();
    const int narrow = window->view()->width();
    window->resize(1280, 720);
    QTRY_VERIFY(window->view()->width() > narrow);
    QCOMPARE(window->view()->time_axis()->range().size(), zoomed);
}

void TestUiReadable::default_view_shows_numbers_read_back_by_ocr() {
    QFETCH(QSize, size);
    QFETCH(QString, theme);
    const auto window = replayed_window(size, theme);
    QVERIFY(window);
    FootprintPane* pane = window->view()->footprint();
    QVERIFY(pane->auto_bucket());
    const QImage shot = window->grab().toImage();
    save_shot(shot, QStringLiteral("default-%1x%2-%3").arg(size.width()).arg(size.height()).arg(theme));

    // Auto: rows readable, the toolbar says the bucket drawn.
    const double rows = row_pixels(*pane);
    QVERIFY2(rows >= kMinRowPixels, qPrintable(QString("rows of %1 px").arg(rows)));
    QCOMPARE(pane->plottable()->last_detail(), FootprintDetail::Numbers);
    QVERIFY2(pane->numbers_hint().isEmpty(), qPrintable(pane->numbers_hint()));
    const QString bucket_text = window->chart_toolbar()->bucket_box()->currentText();
    QVERIFY2(bucket_text.startsWith(QStringLiteral("Auto (")), qPrintable(bucket_text));
    QCOMPARE(parse_price(bucket_text.mid(6).chopped(1).toStdString())->units, pane->display_bucket_units());

    const QImage picture = pane->grab().toImage();
    const Readback r = read_numbers(*pane, picture);
    qInfo("%dx%d %s: bucket %s, rows %.1f px, %d numbers drawn, %d read back as the cell's (%s), %d not",
          size.width(), size.height(), qPrintable(theme), qPrintable(bucket_text), rows, r.drawn, r.read,
          qPrintable(r.examples.join(' ')), r.misread);
    QVERIFY2(r.drawn >= 40, qPrintable(QString::number(r.drawn)));
    // OCR misses some lone digits ("0" beside its "x"): two in three is what it reads on a clean picture.
    QVERIFY2(r.read * 100 >= r.drawn * 65, qPrintable(QString("%1 of %2 read").arg(r.read).arg(r.drawn)));
    QVERIFY2(r.read >= 8 * r.misread, qPrintable(QString("%1 read, %2 misread").arg(r.read).arg(r.misread)));
}

void TestUiReadable::every_number_reads_against_its_cell() {
    QFETCH(QSize, size);
    QFETCH(QString, theme);
    const auto window = replayed_window(size, theme);
    QVERIFY(window);
    FootprintPane* pane = window->view()->footprint();
    const QImage picture = pane->grab().toImage();
    const Contrast c = measure_contrast(*pane, picture);
    qInfo("%dx%d %s: %d numbers, worst contrast %.2f (%s)", size.width(), size.height(), qPrintable(theme), c.measured,
          c.worst, qPrintable(c.worst_text));
    QVERIFY(c.measured >= 40);
    QVERIFY2(c.worst >= FootprintPlottable::kMinTextContrast, qPrintable(c.worst_text));
}

void TestUiReadable::every_mode_and_shading_reads_data() {
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("shading");
    QTest::addColumn<QString>("theme");
    for (const QString& theme : {QStringLiteral("dark"), QStringLiteral("light")})
        for (FootprintMode mode : kFootprintModes)
            for (CellShading shading : {CellShading::Volume, CellShading::Delta})
                QTest::newRow(qPrintable(QStringLiteral("%1 %2 %3").arg(footprint_mode_key(mode),
                                                                       shading == CellShading::Delta ? "delta" : "volume", theme)))
                    << int(mode) << int(shading) << theme;
}

// Every mode (bid × ask, delta, volume, profile) and both shadings: each number drawn measures
// ≥ 4.5:1 on the picture, tints and profile bars included.
void TestUiReadable::every_mode_and_shading_reads() {
    QFETCH(int, mode);
    QFETCH(int, shading);
    QFETCH(QString, theme);
    const auto window = replayed_window(QSize(1280, 720), theme);
    QVERIFY(window);
    FootprintOptions options = window->view()->options();
    options.mode = static_cast<FootprintMode>(mode);
    options.shading = static_cast<CellShading>(shading);
    window->view()->set_options(options);
    window->view()->replot_now();
    FootprintPane* pane = window->view()->footprint();
    QCOMPARE(pane->plottable()->last_detail(), FootprintDetail::Numbers);
    const QImage picture = pane->grab().toImage();
    save_shot(picture, QStringLiteral("mode-%1-%2-%3").arg(footprint_mode_key(options.mode),
                                                           shading == int(CellShading::Delta) ? "delta" : "volume", theme));
    const Contrast c = measure_contrast(*pane, picture);
    qInfo("%d numbers, worst contrast %.2f (%s)", c.measured, c.worst, qPrintable(c.worst_text));
    QVERIFY(c.measured >= 30);
    QVERIFY2(c.worst >= FootprintPlottable::kMinTextContrast, qPrintable(c.worst_text));
}

// Each bar's value area (70 % of its volume about the POC) is a bracket left of its cells in the
// POC's colour, from VAL's bottom to VAH's top, at ≥ 3:1 against the background (WCAG's figure
// for graphical objects); the POC cell's outline is there too.
void TestUiReadable::value_area_bracket_shows_in_both_themes() {
    for (const QString& theme : {QStringLiteral("dark"), QStringLiteral("light")}) {
        const auto window = replayed_window(QSize(1280, 720), theme);
        QVERIFY(window);
        FootprintPane* pane = window->view()->footprint();
        const QImage picture = pane->grab().toImage();
        const QRgb poc = pane->theme().poc.rgb();
        QVERIFY2(contrast(poc, pane->theme().background.rgb()) >= 3, qPrintable(theme));
        const ChartBars& chart = pane->display_bars();
        const BarRange shown = visible_bars(pane->time_axis()->range().lower, pane->time_axis()->range().upper, chart.bars.size());
        const auto layout = FootprintPlottable::slot_layout(FootprintDetail::Numbers);
        int bars_checked = 0;
        for (int i = shown.first; i <= shown.last; ++i) {
            const Footprint& fp = chart.bars[static_cast<std::size_t>(i)].footprint;
            const auto va = value_area(fp);
            if (!va) continue;
            const int x = static_cast<int>(std::round(pane->time_axis()->coordToPixel(i + layout.cells_left))) - 3;
            const int top = static_cast<int>(std::ceil(pane->value_axis()->coordToPixel(chart.price_of_bucket(va->high + 1))));
            const int bottom = static_cast<int>(std::floor(pane->value_axis()->coordToPixel(chart.price_of_bucket(va->low))));
            const QRect plot = pane->axisRect()->rect();
            if (top < plot.top() || bottom > plot.bottom() || x < plot.left()) continue;
            int in_colour = 0;
            for (int y = top; y < bottom; ++y) in_colour += (picture.pixel(x, y) & 0xFFFFFF) == (poc & 0xFFFFFF);
            QVERIFY2(in_colour >= (bottom - top) * 9 / 10,
                     qPrintable(QStringLiteral("%1: bar %2, %3 of %4 rows").arg(theme).arg(i).arg(in_colour).arg(bottom - top)));
            // The POC cell's outline: its top edge in the POC's colour.
            const int poc_top = static_cast<int>(std::round(pane->value_axis()->coordToPixel(chart.price_of_bucket(*point_of_control(fp) + 1))));
            const int mid_x = static_cast<int>(pane->time_axis()->coordToPixel(i + (layout.cells_left + layout.cells_right) / 2));
            QVERIFY2((picture.pixel(mid_x, poc_top) & 0xFFFFFF) == (poc & 0xFFFFFF) || (picture.pixel(mid_x, poc_top + 1) & 0xFFFFFF) == (poc & 0xFFFFFF),
                     qPrintable(QStringLiteral("%1: bar %2's POC outline").arg(theme).arg(i)));
            ++bars_checked;
        }
        QVERIFY2(bars_checked >= 4, qPrintable(QString::number(bars_checked)));
    }
}

void TestUiReadable::auto_candidates_bases_and_hysteresis() {
    const std::vector<std::int64_t> first(auto_display_multipliers().begin(), auto_display_multipliers().begin() + 12);
    QCOMPARE(first, (std::vector<std::int64_t>{1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000}));
    for (std::int64_t m : {1, 5, 25, 50, 250, 500, 2500, 5000}) QVERIFY2(is_auto_base(m), qPrintable(QString::number(m)));
    for (std::int64_t m : {2, 3, 10, 100, 1000, 10000}) QVERIFY2(!is_auto_base(m), qPrintable(QString::number(m)));

    // The base: the finest not coarser than price × 4e-5 (× √minutes past a minute).
    const Price tick = *parse_price("0.01");
    QCOMPARE(auto_base_multiplier(tick, *parse_price("9682"), BarSpec::time(60)), 25);    // 0.387 → 0.25
    QCOMPARE(auto_base_multiplier(tick, *parse_price("9682"), BarSpec::time(1)), 25);
    QCOMPARE(auto_base_multiplier(tick, *parse_price("9682"), BarSpec::ticks(500)), 25);
    QCOMPARE(auto_base_multiplier(tick, *parse_price("9682"), BarSpec::time(300)), 50);   // 0.87 → 0.50
    QCOMPARE(auto_base_multiplier(tick, *parse_price("9682"), BarSpec::time(3600)), 250); // 3.0 → 2.50
    QCOMPARE(auto_base_multiplier(tick, *parse_price("3.5"), BarSpec::time(60)), 1);
    QCOMPARE(auto_base_multiplier(*parse_price("0.1"), *parse_price("100000"), BarSpec::time(60)), 25);
    QCOMPARE(auto_base_multiplier(tick, Price{}, BarSpec::time(60)), 1);  // no price yet

    // The display bucket: the finest whose rows reach 13 px…
    QCOMPARE(auto_display_multiplier(25, 13.0 / 50, 0), std::int64_t{50});
    QCOMPARE(auto_display_multiplier(25, 12.9 / 50, 0), std::int64_t{100});
    QCOMPARE(auto_display_multiplier(25, 100.0, 0), std::int64_t{25});     // never finer than the base
    QCOMPARE(auto_display_multiplier(5, 13.0 / 10, 0), std::int64_t{10});  // 2 is no multiple of 5
    // …kept while its rows hold numbers and no finer one's rows are comfortably tall.
    QCOMPARE(auto_display_multiplier(25, 11.5 / 100, 100), std::int64_t{100});
    QCOMPARE(auto_display_multiplier(25, 10.9 / 100, 100), std::int64_t{250});
    QCOMPARE(auto_display_multiplier(25, 33.0 / 100, 100), std::int64_t{100});  // 0.50 would be 16.5 px
    QCOMPARE(auto_display_multiplier(25, 35.0 / 100, 100), std::int64_t{50});   // 0.50 is 17.5 px
    QCOMPARE(auto_display_multiplier(25, 35.0 / 100, 7), std::int64_t{50});     // not a multiple: chosen anew
}

void TestUiReadable::display_bars_merge_base_cells_exactly() {
    const ChartBars base = real_hour_bars("0.25");
    QCOMPARE(base.bars.size(), kRealHourBars);
    DisplayBars display;
    for (const auto& [multiple, bucket] : {std::pair{std::int64_t{2}, "0.5"}, {std::int64_t{4}, "1"}, {std::int64_t{10}, "2.5"}}) {
        const ChartBars direct = real_hour_bars(bucket);
        const ChartBars& shown = display.update(base, multiple);
        QCOMPARE(shown.bucket_units, direct.bucket_units);
        QCOMPARE(shown.bars.size(), direct.bars.size());
        for (std::size_t i = 0; i < direct.bars.size(); ++i) {
            const Bar& a = shown.bars[i];
            const Bar& b = direct.bars[i];
            QCOMPARE(cells_text(a.footprint), cells_text(b.footprint));
            QCOMPARE(a.volume, b.volume);
            QCOMPARE(a.close, b.close);
            QCOMPARE(a.cvd, b.cvd);
        }
    }
    QCOMPARE(&display.update(base, 1), &base);  // the base bucket is drawn as it is

    // A repaint of the same bars redoes none; the live bar taking a trade redoes that bar only.
    ChartBars live = base;
    display.update(live, 4);
    const std::size_t made = display.rebucketed_bars();
    display.update(live, 4);
    QCOMPARE(display.rebucketed_bars(), made);
    Bar& last = live.bars.back();
    last.footprint.add(last.footprint.highest_bucket() + 3, Side::Buy, *parse_quantity("7"));
    ++last.trades;
    last.revision += 1;
    ++live.series_revision;  // as the chart store's copy does when a bar changes
    const ChartBars& shown = display.update(live, 4);
    QCOMPARE(display.rebucketed_bars(), made + 1);
    QCOMPARE(cells_text(shown.bars.back().footprint), cells_text(rebucketed(last, 4).footprint));
}

void TestUiReadable::auto_bucket_follows_the_price_zoom() {
    const auto window = replayed_window(QSize(1280, 720), QStringLiteral("dark"));
    QVERIFY(window);
    FootprintPane* pane = window->view()->footprint();
    QComboBox* box = window->chart_toolbar()->bucket_box();
    const std::int64_t first = pane->display_bucket_units();
    const QPoint centre = pane->axisRect()->rect().center();
    // Zoomed in on the price one notch at a time: rows always hold numbers, the bucket gets finer,
    // and the toolbar follows.
    std::int64_t bucket = first;
    int changed_at = -1;
    for (int notch = 1; notch <= 10; ++notch) {
        wheel(pane, centre, 1, Qt::ControlModifier);
        window->view()->replot_now();
        const double rows = row_pixels(*pane);
        QVERIFY2(rows >= kMinRowPixels - 1e-9, qPrintable(QString("notch %1: rows %2 px").arg(notch).arg(rows)));
        QCOMPARE(pane->plottable()->last_detail(), FootprintDetail::Numbers);
        QCOMPARE(parse_price(box->currentText().mid(6).chopped(1).toStdString())->units, pane->display_bucket_units());
        QVERIFY(pane->display_bucket_units() <= bucket);
        if (pane->display_bucket_units() < bucket && changed_at < 0) changed_at = notch;
        bucket = pane->display_bucket_units();
    }
    QVERIFY2(changed_at > 0 && bucket < first, "zooming in on the price never made the bucket finer");
    qInfo("bucket %s → %s (first change at notch %d)", qPrintable(exact_text(Price{first})), qPrintable(exact_text(Price{bucket})),
          changed_at);
    // Hysteresis: back and forth by a notch around a change does not flip the bucket.
    while (pane->display_bucket_units() == bucket) {
        wheel(pane, centre, -1, Qt::ControlModifier);
        window->view()->replot_now();
    }
    const std::int64_t coarser = pane->display_bucket_units();
    wheel(pane, centre, 1, Qt::ControlModifier);
    window->view()->replot_now();
    QCOMPARE(pane->display_bucket_units(), coarser);
    QVERIFY(row_pixels(*pane) >= kMinRowPixels);
}

void TestUiReadable::fixed_bucket_keeps_its_rows_and_scrolls() {
    const auto window = replayed_window(QSize(1280, 720), QStringLiteral("dark"));
    QVERIFY(window);
    OrderFlowView* view = window->view();
    FootprintPane* pane = view->footprint();
    QComboBox* box = window->chart_toolbar()->bucket_box();
    for (const auto& [multiple, text] : {std::pair{50, "0.5"}, {1, "0.01"}}) {
        box->setCurrentIndex(box->findData(multiple));
        QTRY_VERIFY_WITH_TIMEOUT((view->refresh(), view->bars().bucket_units == parse_price(text)->units &&
                                                      view->bars().bars.size() == kRealHourBars),
                                 20000);
        QVERIFY(!pane->auto_bucket());
        view->replot_now();
        QCOMPARE(pane->display_bucket_units(), parse_price(text)->units);
        // Rows of kFixedRowPixels whatever the bars' range; the newest close in view.
        QVERIFY2(std::fabs(row_pixels(*pane) - FootprintPane::kFixedRowPixels) < 0.5, qPrintable(QString::number(row_pixels(*pane))));
        const double close = to_double(view->bars().bars.back().close);
        QVERIFY(pane->value_axis()->range().contains(close));
        QCOMPARE(pane->plottable()->last_detail(), FootprintDetail::Numbers);
        QVERIFY(pane->numbers_hint().isEmpty());
        const QImage picture = pane->grab().toImage();
        save_shot(window->grab().toImage(), QStringLiteral("fixed-%1").arg(QString::fromLatin1(text)));
        const Readback r = read_numbers(*pane, picture);
        qInfo("bucket %s: %d numbers drawn, %d read back, %d not", text, r.drawn, r.read, r.misread);
        QVERIFY(r.drawn >= 10);
        // The view is centred on the newest close, so more numbers than in the default view are
        // cut by the pane's top and bottom edges, which OCR cannot read.
        QVERIFY2(r.read * 10 >= r.drawn * 6, qPrintable(QString("%1 of %2").arg(r.read).arg(r.drawn)));
    }
    // The price scrolls: a drag moves it by the rows dragged, and never past every level.
    const QCPRange before = pane->value_axis()->range();
    const QPoint centre = pane->axisRect()->rect().center();
    drag(pane, centre, QPoint(0, 150));
    const double moved = pane->value_axis()->range().center() - before.center();
    QVERIFY2(std::fabs(moved - 150 / FootprintPane::kFixedRowPixels * 0.01) < 0.02, qPrintable(QString::number(moved)));
    QVERIFY(!pane->price_auto());
    QCOMPARE(pane->value_axis()->range().size(), before.size());
    drag(pane, centre, QPoint(0, 20000));
    QVERIFY(a_level_shows(*pane));
    drag(pane, centre, QPoint(0, -40000));
    QVERIFY(a_level_shows(*pane));
    // Back to Auto: the bars at its base again, the toolbar's first entry.
    box->setCurrentIndex(0);
    QTRY_VERIFY_WITH_TIMEOUT((view->refresh(), view->bars().bucket_units == parse_price("0.25")->units), 20000);
    QTRY_VERIFY(pane->auto_bucket());  // the worker's answer may come after its bars
    QCOMPARE(QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).value("bucket/binance-futures/BTCUSDT").toInt(), 0);
}

void TestUiReadable::hint_says_why_numbers_are_missing() {
    const auto window = replayed_window(QSize(1280, 720), QStringLiteral("dark"));
    QVERIFY(window);
    OrderFlowView* view = window->view();
    FootprintPane* pane = view->footprint();
    QVERIFY(pane->numbers_hint().isEmpty());
    // The whole hour in view: bars too narrow for numbers, and the hint says so on the picture.
    wheel(pane, pane->axisRect()->rect().center(), -40);
    view->replot_now();
    QVERIFY(pane->plottable()->last_detail() != FootprintDetail::Numbers);
    QVERIFY2(pane->numbers_hint().contains(QStringLiteral("wider bars")), qPrintable(pane->numbers_hint()));
    const QImage zoomed_out = pane->grab().toImage();
    save_shot(window->grab().toImage(), QStringLiteral("hint-wider"));
    // Read in the top-left corner, where the hint is.
    const QRect plot = pane->axisRect()->rect();
    QStringList words;
    for (const OcrWord& w : ocr(zoomed_out.copy(QRect(plot.topLeft(), QSize(plot.width() * 2 / 3, 36))), {})) words << w.text;
    QVERIFY2(words.contains(QStringLiteral("wider")) && words.contains(QStringLiteral("Numbers")), qPrintable(words.join(' ')));
    // Home: numbers again, no hint.
    view->follow_latest();
    view->replot_now();
    QCOMPARE(pane->plottable()->last_detail(), FootprintDetail::Numbers);
    QVERIFY(pane->numbers_hint().isEmpty());
    // A fixed bucket zoomed out on the price: rows too thin; the hint says how, Auto among the ways.
    QComboBox* box = window->chart_toolbar()->bucket_box();
    box->setCurrentIndex(box->findData(1));
    QTRY_VERIFY_WITH_TIMEOUT((view->refresh(), view->bars().bucket_units == parse_price("0.01")->units), 20000);
    view->replot_now();
    QVERIFY(pane->numbers_hint().isEmpty());
    wheel(pane, pane->axisRect()->rect().center(), -4, Qt::ControlModifier);
    view->replot_now();
    QVERIFY2(pane->numbers_hint().contains(QStringLiteral("taller rows")) && pane->numbers_hint().contains(QStringLiteral("Auto")),
             qPrintable(pane->numbers_hint()));
    save_shot(window->grab().toImage(), QStringLiteral("hint-taller"));
}

void TestUiReadable::navigation_is_bounded() {
    const auto window = replayed_window(QSize(1280, 720), QStringLiteral("dark"));
    QVERIFY(window);
    OrderFlowView* view = window->view();
    FootprintPane* pane = view->footprint();
    TimeAxisGroup* time = view->time_axis();
    const QPoint centre = pane->axisRect()->rect().center();
    // Time: from three bars to the whole hour (and the room right of the newest bar).
    wheel(pane, centre, 40);
    QVERIFY2(time->range().size() >= TimeAxisGroup::kMinWidthBars - 1e-9 && time->range().size() < TimeAxisGroup::kMinWidthBars + 0.5,
             qPrintable(QString::number(time->range().size())));
    wheel(pane, centre, -80);
    QCOMPARE(time->range().size(), kRealHourBars - 0.5 + TimeAxisGroup::kMinRightRoomBars);
    // …which shows every bar, the newest at the right.
    QCOMPARE(time->range().lower, -0.5);
    // Pans stop with a whole bar in view, at either end.
    view->follow_latest();
    drag(pane, centre, QPoint(20000, 0));
    BarRange shown = visible_bars(time->range().lower, time->range().upper, kRealHourBars);
    QCOMPARE(shown.first, 0);
    QVERIFY(shown.last >= 0 && time->range().upper >= 0.5);
    drag(pane, centre, QPoint(-40000, 0));
    shown = visible_bars(time->range().lower, time->range().upper, kRealHourBars);
    QCOMPARE(shown.last, static_cast<int>(kRealHourBars) - 1);
    QVERIFY(time->range().lower <= kRealHourBars - 1.5);
    for (TimePane* p : view->panes()) QCOMPARE(p->time_axis()->range(), time->range());
    // Price: zoomed in to a few levels, out to a few times the bars' range, dragged: a level shows.
    view->follow_latest();
    view->replot_now();
    wheel(pane, centre, 60, Qt::ControlModifier);
    const double bucket = to_double(pane->display_bucket_units());
    QVERIFY2(pane->value_axis()->range().size() >= 3 * bucket - 1e-9, qPrintable(QString::number(pane->value_axis()->range().size())));
    wheel(pane, centre, -120, Qt::ControlModifier);
    bool found = false;
    const QCPRange bars = FootprintPlottable::price_range(view->bars(), time->range(), found);
    QVERIFY(found);
    QVERIFY2(pane->value_axis()->range().size() <= 4 * (bars.size() + 2 * to_double(pane->display_bucket_units())) + 1e-6,
             qPrintable(QString::number(pane->value_axis()->range().size())));
    QVERIFY(a_level_shows(*pane));
    drag(pane, centre, QPoint(0, 30000));
    QVERIFY(a_level_shows(*pane));
    drag(pane, centre, QPoint(0, -60000));
    QVERIFY(a_level_shows(*pane));
    // A pan in time keeps a level of the bars now in view on screen.
    drag(pane, centre, QPoint(30000, 0));
    view->replot_now();
    QVERIFY(a_level_shows(*pane));
}

void TestUiReadable::home_restores_the_default_view() {
    const auto window = replayed_window(QSize(1280, 720), QStringLiteral("dark"));
    QVERIFY(window);
    OrderFlowView* view = window->view();
    FootprintPane* pane = view->footprint();
    const QCPRange first = view->time_axis()->range();
    const std::int64_t bucket = pane->display_bucket_units();
    QCOMPARE(first.size(), view->default_visible_bars());
    const QPoint centre = pane->axisRect()->rect().center();
    wheel(pane, centre, -7);
    drag(pane, centre, QPoint(700, 120));
    wheel(pane, centre, 5, Qt::ControlModifier);
    QVERIFY(!view->time_axis()->following());
    QVERIFY(!pane->price_auto());
    QTest::keyClick(window.get(), Qt::Key_Home);
    view->replot_now();
    QVERIFY(view->time_axis()->following());
    QVERIFY(pane->price_auto());
    QCOMPARE(view->time_axis()->range(), first);
    QCOMPARE(pane->display_bucket_units(), bucket);
    QCOMPARE(pane->plottable()->last_detail(), FootprintDetail::Numbers);
}

QTEST_MAIN(TestUiReadable)
#include "test_ui_readable.moc"
