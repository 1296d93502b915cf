// The chart's studies as a trader sees them, in the real window replaying the real hour (Binance
// USD-M BTCUSDT 2020-02-22 00:00 UTC, 1m) at 1280×720 offscreen: what each study draws (read back
// from the plottables' geometry and from the rendered pixels) equals the core's numbers for the
// bars drawn (core/aggregate, themselves held to the trades by test_studies); each study turns on
// and off from the Studies menu and is remembered; the fixed range follows an Alt+drag and the
// chart menu's start; CVD candles, their session reset, one bar's axis and the title; the delta
// rows of the bar statistics. FLOWSCOPE_TEST_SHOTS=DIR saves the pictures (both themes).
#include <QMenu>
#include <QSet>
#include <QtTest>

#include <functional>
#include <map>
#include <memory>
#include <set>

#include "aggregate/big_trades.hpp"
#include "aggregate/cvd_candles.hpp"
#include "aggregate/footprint_analysis.hpp"
#include "aggregate/naked_poc.hpp"
#include "aggregate/volume_profile.hpp"
#include "chart/bar_stats_pane.hpp"
#include "chart/bubbles_plottable.hpp"
#include "chart/chart_context_menu.hpp"
#include "chart/chart_studies.hpp"
#include "chart/cvd_pane.hpp"
#include "chart/developing_poc_line.hpp"
#include "chart/footprint_pane.hpp"
#include "chart/naked_poc_lines.hpp"
#include "chart/order_flow_view.hpp"
#include "chart/profile_plottable.hpp"
#include "chart/quantity_text.hpp"
#include "chart/time_axis_group.hpp"
#include "source/source_controller.hpp"
#include "window/chart_toolbar.hpp"
#include "window/main_window.hpp"
#include "support/replayed_window.hpp"
#include "window/studies_menu.hpp"

using namespace flowscope;
using namespace flowscope::ui;

namespace {

const QString kRealHour = QStringLiteral(FLOWSCOPE_TEST_DATA_DIR "/binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv");
constexpr std::size_t kRealHourBars = 60;
constexpr std::int64_t kMinuteUs = 60'000'000;

StudyOptions everything_on() {
    StudyOptions o;
    o.session_profile = o.visible_profile = o.fixed_profile = o.naked_pocs = o.developing_poc = o.big_trades = true;
    return o;
}

using test::replayed_window;
void save_shot(const QImage& image, const QString& name) { QVERIFY(test::save_shot(image, name)); }

// Colours differ by at most `tolerance` in every channel.
bool near(QRgb a, QRgb b, int tolerance = 40) {
    return std::abs(qRed(a) - qRed(b)) <= tolerance && std::abs(qGreen(a) - qGreen(b)) <= tolerance &&
           std::abs(qBlue(a) - qBlue(b)) <= tolerance;
}

double contrast(QRgb a, QRgb b) {
    auto luminance = [](QRgb c) {
        auto channel = [](int v) {
            const double x = v / 255.0;
            return x <= 0.03928 ? x / 12.92 : std::pow((x + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(qRed(c)) + 0.7152 * channel(qGreen(c)) + 0.0722 * channel(qBlue(c));
    };
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// The worst contrast of the texts a study drew, measured on the picture: each text's background
// is the commonest colour in its box, its colour the pixel there that differs most from it.
double worst_label_contrast(const StudyPlottable* plottable, const QImage& picture, QString& worst_text) {
    double worst = 1e9;
    for (const auto& label : plottable->labels()) {
        const QRect box = label.rect.toAlignedRect().intersected(picture.rect());
        if (box.width() < 4 || box.height() < 4) continue;
        std::map<QRgb, int> count;
        for (int y = box.top(); y <= box.bottom(); ++y)
            for (int x = box.left(); x <= box.right(); ++x) ++count[picture.pixel(x, y) & 0xFFFFFF];
        const QRgb background = std::ranges::max_element(count, {}, &std::pair<const QRgb, int>::second)->first;
        double best = 1;
        for (int y = box.top(); y <= box.bottom(); ++y)
            for (int x = box.left(); x <= box.right(); ++x) best = std::max(best, contrast(picture.pixel(x, y), background));
        if (best < worst) {
            worst = best;
            worst_text = label.text;
        }
    }
    return worst;
}

// The profile drawn equals `want` level for level, and its rows are as long as their volume.
void check_profile_drawn(FootprintPane* pane, const ProfilePlottable* plottable, const VolumeProfile& want, const QImage& picture,
                         const Theme& theme) {
    const auto& drawn = plottable->drawn();
    QVERIFY(drawn.profile);
    const VolumeProfile& got = *drawn.profile;
    QCOMPARE(got.first, want.first);
    QCOMPARE(got.last, want.last);
    QCOMPARE(got.volume, want.volume);
    QCOMPARE(got.levels.level_count(), want.levels.level_count());
    want.levels.for_each_level([&](const FootprintCell& c) {
        QCOMPARE(got.levels.at(c.bucket).bid, c.bid);
        QCOMPARE(got.levels.at(c.bucket).ask, c.ask);
    });
    QVERIFY(want.value_area);
    QCOMPARE(got.value_area->poc, want.value_area->poc);
    QCOMPARE(got.value_area->high, want.value_area->high);
    QCOMPARE(got.value_area->low, want.value_area->low);
    // Lines at the prices' pixels: POC at its row's middle, VAH above the value area's top row,
    // VAL under its bottom row.
    const double bucket = to_double(want.bucket_units);
    const QCPAxis* prices = pane->value_axis();
    QVERIFY(std::abs(drawn.poc_y - prices->coordToPixel((want.value_area->poc + 0.5) * bucket)) < 0.01);
    QVERIFY(std::abs(drawn.vah_y - prices->coordToPixel((want.value_area->high + 1) * bucket)) < 0.01);
    QVERIFY(std::abs(drawn.val_y - prices->coordToPixel(want.value_area->low * bucket)) < 0.01);
    // Each row drawn: its length ∝ its volume (the largest the widest), at its bucket's pixels.
    Quantity top;
    want.levels.for_each_level([&](const FootprintCell& c) { top = std::max(top, c.total()); });
    double widest = 0;
    for (const auto& [b, r] : drawn.rows) widest = std::max(widest, r.width());
    QVERIFY(!drawn.rows.empty());
    for (const auto& [b, r] : drawn.rows) {
        const double want_width = widest * to_double(want.levels.at(b).total()) / to_double(top);
        QVERIFY2(std::abs(r.width() - std::max(want_width, 1.0)) <= 1.5,
                 qPrintable(QStringLiteral("row %1: %2 px, want %3").arg(b).arg(r.width()).arg(want_width)));
        QVERIFY(std::abs(r.top() - std::round(prices->coordToPixel((b + 1) * bucket))) <= 1);
    }
    // The POC line is there in the picture, in the POC colour, across the histogram.
    const int y = static_cast<int>(std::round(drawn.poc_y));
    int poc_pixels = 0;
    for (const auto& [b, r] : drawn.rows)
        if (b == want.value_area->poc)
            for (int x = static_cast<int>(r.left()) + 1; x < static_cast<int>(r.right()); ++x)
                poc_pixels += near(picture.pixel(x, y), theme.poc.rgb(), 60) ? 1 : 0;
    QVERIFY2(poc_pixels >= 3, qPrintable(QString::number(poc_pixels)));
}

}  // namespace

class TestUiStudies : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).clear(); }

    void profiles_draw_the_core_profiles_of_their_bars_data() {
        QTest::addColumn<QString>("theme");
        QTest::newRow("dark") << QStringLiteral("dark");
        QTest::newRow("light") << QStringLiteral("light");
    }
    void profiles_draw_the_core_profiles_of_their_bars() {
        QFETCH(QString, theme);
        const auto window = replayed_window(QSize(1280, 720), theme);
        QVERIFY(window);
        OrderFlowView* view = window->view();
        FootprintPane* pane = view->footprint();
        ChartStudies* studies = ChartStudies::of(view);
        QVERIFY(studies);
        // Off by default, over the cells.
        QVERIFY(!studies->session_profile()->visible() && !studies->visible_profile()->visible());
        studies->set_options(everything_on());
        studies->set_fixed_range(20, 28);
        // The whole hour in view: every study has something to draw.
        view->time_axis()->set_range(QCPRange(-0.5, 59.5));
        view->replot_now();
        const QImage picture = pane->grab().toImage();
        save_shot(window->grab().toImage(), QStringLiteral("studies-all-1280x720-") + theme);
        const ChartBars& bars = pane->display_bars();
        QCOMPARE(bars.bars.size(), kRealHourBars);
        QCOMPARE(studies->cache().bucket_units(), bars.bucket_units);
        const std::int64_t bucket = bars.bucket_units;
        const Theme& t = pane->theme();

        // Session: the UTC day's bars so far (the hour), at the bucket drawn.
        check_profile_drawn(pane, studies->session_profile(), volume_profile(bars.bars, 0, 59, bucket, bucket), picture, t);
        // Visible range: the bars in view.
        const BarRange shown = visible_bars(pane->time_axis()->range().lower, pane->time_axis()->range().upper, bars.bars.size());
        check_profile_drawn(pane, studies->visible_profile(), volume_profile(bars.bars, shown.first, shown.last, bucket, bucket),
                            picture, t);
        // Fixed: bars 20–28, drawn over them.
        check_profile_drawn(pane, studies->fixed_profile(), volume_profile(bars.bars, 20, 28, bucket, bucket), picture, t);
        for (const auto& [b, r] : studies->fixed_profile()->drawn().rows)
            QVERIFY(std::abs(r.left() - pane->time_axis()->coordToPixel(19.5)) <= 1);
        // Labels say the exact prices of POC, VAH and VAL.
        const ValueArea va = *volume_profile(bars.bars, 0, 59, bucket, bucket).value_area;
        QStringList labels;
        for (const auto& l : studies->session_profile()->labels()) labels << l.text;
        QVERIFY2(labels.contains(QStringLiteral("POC ") + exact_text(Price{va.poc * bucket})), qPrintable(labels.join('|')));

        // Every price and title drawn reads at 4.5:1 or better.
        for (const StudyPlottable* s : std::initializer_list<const StudyPlottable*>{
                 studies->session_profile(), studies->visible_profile(), studies->fixed_profile(), studies->naked_pocs(),
                 studies->bubbles()}) {
            QString text;
            const double worst = worst_label_contrast(s, picture, text);
            QVERIFY2(worst >= 4.5, qPrintable(QStringLiteral("\"%1\" at %2:1").arg(text).arg(worst)));
        }
        // A session that starts at 00:30: the session profile of the newest bar is the last half hour's.
        StudyOptions half = studies->options();
        half.session.start_of_day_us = 30 * kMinuteUs;
        studies->set_options(half);
        view->replot_now();
        check_profile_drawn(pane, studies->session_profile(), volume_profile(bars.bars, 30, 59, bucket, bucket),
                            pane->grab().toImage(), t);
    }

    void naked_and_developing_poc_lines_sit_on_the_core_levels() {
        const auto window = replayed_window(QSize(1280, 720), QStringLiteral("dark"));
        QVERIFY(window);
        OrderFlowView* view = window->view();
        FootprintPane* pane = view->footprint();
        ChartStudies* studies = ChartStudies::of(view);
        StudyOptions o;
        o.naked_pocs = o.developing_poc = true;
        studies->set_options(o);
        view->time_axis()->set_range(QCPRange(-0.5, 59.5));
        view->replot_now();
        const QImage picture = pane->grab().toImage();
        const ChartBars& bars = pane->display_bars();
        const std::int64_t bucket = bars.bucket_units;
        const double price_bucket = to_double(bucket);
        const QCPAxis* keys = pane->time_axis();
        const QCPAxis* prices = pane->value_axis();
        const QRect rect = pane->axisRect()->rect();

        // Naked POC lines: every core line with some length in view, from the bar's right edge to
        // the bar that reached it (or the pane's edge), at its row's middle.
        std::vector<PocLine> want;
        for (const PocLine& l : poc_lines(bars.bars, bucket)) {
            const double y = prices->coordToPixel((l.bucket + 0.5) * price_bucket);
            // Nothing to draw: reached by the next bar, out of the price range, or starting at the
            // pane's right edge (the newest bar's).
            if (l.touched_at == l.bar + 1 || y < rect.top() || y > rect.bottom() || keys->coordToPixel(l.bar + 0.5) >= rect.right())
                continue;
            want.push_back(l);
        }
        const auto& drawn = studies->naked_pocs()->drawn();
        QCOMPARE(drawn.size(), want.size());
        int naked = 0;
        for (std::size_t i = 0; i < want.size(); ++i) {
            const PocLine& w = want[i];
            const auto& d = drawn[i];
            QCOMPARE(d.bar, w.bar);
            QCOMPARE(d.bucket, w.bucket);
            QCOMPARE(d.naked, w.naked());
            QVERIFY(std::abs(d.line.y1() - prices->coordToPixel((w.bucket + 0.5) * price_bucket)) < 0.01);
            QVERIFY(std::abs(d.line.x1() - keys->coordToPixel(w.bar + 0.5)) < 0.01);
            const double end = w.naked() ? rect.right() : keys->coordToPixel(w.touched_at - 0.5);
            QVERIFY(std::abs(d.line.x2() - end) < 0.01);
            if (!w.naked()) continue;
            ++naked;
            // A naked line is in the picture in the POC colour, at its y, just right of its bar
            // (between two bars' cells, where nothing else is drawn).
            const int y = static_cast<int>(d.line.y1());
            const int x = static_cast<int>(std::round(keys->coordToPixel(w.bar + 0.5)));
            bool seen = false;
            for (int dx = 0; dx < 3 && !seen; ++dx)
                for (int dy = -1; dy <= 1 && !seen; ++dy) seen = near(picture.pixel(x + dx, y + dy), pane->theme().poc.rgb(), 50);
            QVERIFY2(seen, qPrintable(QStringLiteral("naked POC of bar %1 not seen at %2,%3").arg(w.bar).arg(x).arg(y)));
        }
        QVERIFY(naked >= 1);
        QStringList texts;
        for (const auto& l : studies->naked_pocs()->labels()) texts << l.text;
        QVERIFY(!texts.isEmpty());
        QVERIFY(texts.front().startsWith(QStringLiteral("nPOC ")));

        // Developing POC: the session profile's POC after each bar, bar by bar.
        const auto developing = developing_poc(bars.bars, SessionSpec{}, bucket, bucket);
        const auto& steps = studies->developing_poc()->drawn();
        QCOMPARE(steps.size(), kRealHourBars);
        std::set<std::int64_t> levels;
        for (const auto& s : steps) {
            QCOMPARE(s.bucket, *developing[static_cast<std::size_t>(s.bar)]);
            QVERIFY(std::abs(s.y - prices->coordToPixel((s.bucket + 0.5) * price_bucket)) < 0.01);
            levels.insert(s.bucket);
        }
        QVERIFY(levels.size() > 1);  // it moves during the hour
        save_shot(window->grab().toImage(), QStringLiteral("studies-poc-lines-1280x720-dark"));
    }

    void bubbles_are_the_big_prints_over_the_threshold() {
        const auto window = replayed_window(QSize(1280, 720), QStringLiteral("dark"));
        QVERIFY(window);
        OrderFlowView* view = window->view();
        FootprintPane* pane = view->footprint();
        ChartStudies* studies = ChartStudies::of(view);
        StudyOptions o;
        o.big_trades = true;
        studies->set_options(o);
        view->time_axis()->set_range(QCPRange(-0.5, 59.5));
        view->replot_now();
        const ChartBars& bars = pane->display_bars();
        const QCPAxis* keys = pane->time_axis();
        const QCPAxis* prices = pane->value_axis();
        const QRect rect = pane->axisRect()->rect();
        auto expected = [&](std::int64_t quote) {
            std::vector<BigTrade> out;
            for (const BigTrade& b : big_trades(bars.bars, 0, 59, Quantity{static_cast<int128>(quote) * kDecimalScale})) {
                const double y = prices->coordToPixel(to_double(b.print.vwap()));
                const double r = BubblesPlottable::radius_for(to_double(b.print.quote_value()), static_cast<double>(quote));
                if (y + r >= rect.top() && y - r <= rect.bottom()) out.push_back(b);
            }
            return out;
        };
        const auto want = expected(kBigPrintFloorQuote);
        const auto drawn = studies->bubbles()->drawn();  // a copy: the next paint draws anew
        QCOMPARE(drawn.size(), want.size());
        QVERIFY(want.size() >= 20);  // the real hour's prints worth 50,000 or more
        bool written = false;
        for (const auto& d : drawn) {
            const auto it = std::ranges::find_if(want, [&](const BigTrade& w) {
                return w.bar == d.trade.bar && w.print.time_us == d.trade.print.time_us && w.print.sweep == d.trade.print.sweep;
            });
            QVERIFY(it != want.end());
            const BigPrint& p = it->print;
            // At its VWAP and its time inside the bar; area ∝ quote value.
            QVERIFY(std::abs(d.centre.y() - prices->coordToPixel(to_double(p.vwap()))) < 0.01);
            const double at = static_cast<double>(p.time_us - bars.bars[static_cast<std::size_t>(d.trade.bar)].open_time_us) / 60e6;
            QVERIFY(std::abs(d.centre.x() - keys->coordToPixel(d.trade.bar - 0.5 + at)) < 0.01);
            const double quote = to_double(p.quote_value());
            QVERIFY(std::abs(d.radius - std::min(BubblesPlottable::kMaxRadius,
                                                 BubblesPlottable::kMinRadius * std::sqrt(quote / kBigPrintFloorQuote))) < 1e-9);
            if (!d.text.isEmpty()) {
                QCOMPARE(d.text, compact_number(to_double(p.quantity)));
                written = true;
            }
        }
        QVERIFY(written);  // the largest say their size
        // Bigger prints, bigger bubbles: radius² ∝ quote value.
        for (std::size_t i = 1; i < drawn.size(); ++i) {
            const auto& a = drawn[i - 1];
            const auto& b = drawn[i];
            if (a.radius >= BubblesPlottable::kMaxRadius || b.radius >= BubblesPlottable::kMaxRadius) continue;
            const double ratio = (a.radius * a.radius) / (b.radius * b.radius);
            QVERIFY(std::abs(ratio - to_double(a.trade.print.quote_value()) / to_double(b.trade.print.quote_value())) < 1e-6);
        }
        // The bubbles are in the picture: a bubble's centre is its side's colour.
        const QImage picture = pane->grab().toImage();
        int seen = 0;
        for (const auto& d : drawn) {
            if (!d.text.isEmpty() || !rect.contains(d.centre.toPoint())) continue;
            const QColor side = d.trade.print.side == Side::Buy ? pane->theme().buy : pane->theme().sell;
            seen += near(picture.pixel(d.centre.toPoint()), side.rgb(), 50) ? 1 : 0;
        }
        QVERIFY(seen >= 5);
        save_shot(window->grab().toImage(), QStringLiteral("studies-bubbles-1280x720-dark"));

        // A higher threshold: only the prints worth it.
        o.big_trade_quote = 100'000;
        studies->set_options(o);
        view->replot_now();
        QCOMPARE(studies->bubbles()->drawn().size(), expected(100'000).size());
        QVERIFY(studies->bubbles()->drawn().size() < drawn.size() || drawn.empty());
        // Under the floor: the floor (the bars keep nothing below it).
        o.big_trade_quote = 1'000;
        studies->set_options(o);
        QCOMPARE(studies->options().big_trade_quote, kBigPrintFloorQuote);
    }

    void fixed_range_follows_alt_drag_and_the_chart_menu() {
        const auto window = replayed_window(QSize(1280, 720), QStringLiteral("dark"));
        QVERIFY(window);
        OrderFlowView* view = window->view();
        FootprintPane* pane = view->footprint();
        ChartStudies* studies = ChartStudies::of(view);
        view->time_axis()->set_range(QCPRange(29.5, 59.5));
        view->replot_now();
        const QCPRange before = view->time_axis()->range();
        QVERIFY(!studies->fixed_range());
        const int y = pane->axisRect()->center().y();
        auto x_of = [&](int bar) { return static_cast<int>(pane->time_axis()->coordToPixel(bar)); };
        QTest::mousePress(pane, Qt::LeftButton, Qt::AltModifier, QPoint(x_of(35), y));
        QMouseEvent move(QEvent::MouseMove, QPointF(x_of(44), y), pane->mapToGlobal(QPointF(x_of(44), y)), Qt::NoButton,
                         Qt::LeftButton, Qt::AltModifier);
        QApplication::sendEvent(pane, &move);
        QTest::mouseRelease(pane, Qt::LeftButton, Qt::AltModifier, QPoint(x_of(44), y));
        QVERIFY(studies->fixed_range());
        QCOMPARE(*studies->fixed_range(), std::make_pair(35, 44));
        QCOMPARE(view->time_axis()->range(), before);  // an Alt+drag is not a pan
        view->replot_now();
        const ChartBars& bars = pane->display_bars();
        check_profile_drawn(pane, studies->fixed_profile(), volume_profile(bars.bars, 35, 44, bars.bucket_units, bars.bucket_units),
                            pane->grab().toImage(), pane->theme());
        save_shot(window->grab().toImage(), QStringLiteral("studies-fixed-range-1280x720-dark"));
        // Esc clears it; the chart menu's start goes to the newest bar.
        QTest::keyClick(pane, Qt::Key_Escape);
        QVERIFY(!studies->fixed_range());
        emit window->chart_menu()->fixed_range_from_bar(50);
        QCOMPARE(*studies->fixed_range(), std::make_pair(50, 59));
        view->replot_now();
        QVERIFY(studies->fixed_profile()->drawn().profile);
        QCOMPARE(studies->fixed_profile()->drawn().profile->first, 50);
        // A new chart (another timeframe) drops it: its bar numbers meant other bars.
        emit view->chart_restarted();
        QVERIFY(!studies->fixed_range());
    }

    void studies_menu_toggles_each_study_and_remembers_it() {
        {
            const auto window = replayed_window(QSize(1280, 720), QStringLiteral("dark"));
            QVERIFY(window);
            auto* menu = window->findChild<StudiesMenu*>();
            QVERIFY(menu);
            ChartStudies* studies = ChartStudies::of(window->view());
            // The button is whole in the toolbar at 1280 px.
            QVERIFY(menu->isVisible());
            QVERIFY(window->chart_toolbar()->rect().contains(menu->geometry()));
            struct Toggle {
                const char* key;
                std::function<bool()> shown;
            };
            const std::vector<Toggle> toggles{
                {"session_profile", [&] { return studies->session_profile()->visible(); }},
                {"visible_profile", [&] { return studies->visible_profile()->visible(); }},
                {"naked_pocs", [&] { return studies->naked_pocs()->visible(); }},
                {"developing_poc", [&] { return studies->developing_poc()->visible(); }},
                {"big_trades", [&] { return studies->bubbles()->visible(); }},
                {"cvd_candles", [&] { return window->view()->cvd()->candles_shown(); }},
                {"delta_rows", [&] { return window->view()->stats()->delta_rows(); }},
            };
            for (const Toggle& t : toggles) {
                QAction* a = menu->action(QString::fromLatin1(t.key));
                QVERIFY(a);
                const bool was = t.shown();
                QCOMPARE(a->isChecked(), was);
                a->trigger();
                QVERIFY2(t.shown() != was, t.key);
                a->trigger();
                QVERIFY2(t.shown() == was, t.key);
            }
            // Set a view to remember: bubbles from 250k, session at 22:00, CVD reset, delta rows off.
            menu->action(QStringLiteral("big_trades"))->trigger();
            menu->action(QStringLiteral("threshold/250000"))->trigger();
            menu->action(QStringLiteral("session/1320"))->trigger();
            menu->action(QStringLiteral("cvd_session_reset"))->trigger();
            menu->action(QStringLiteral("delta_rows"))->trigger();
            QCOMPARE(studies->options().big_trade_quote, std::int64_t{250'000});
            QCOMPARE(studies->options().session.start_of_day_us, 22 * 60 * kMinuteUs);
            QVERIFY(studies->options().cvd_session_reset && !studies->options().delta_rows && studies->options().big_trades);
            // Alt+drag turns the fixed profile on in the menu too.
            menu->action(QStringLiteral("fixed_profile"))->trigger();
            QVERIFY(!studies->options().fixed_profile);
            studies->start_fixed_range(10);
            QVERIFY(menu->action(QStringLiteral("fixed_profile"))->isChecked());
            window->close();
        }
        const auto again = replayed_window(QSize(1280, 720), QStringLiteral("dark"), true);
        QVERIFY(again);
        const StudyOptions o = ChartStudies::of(again->view())->options();
        QVERIFY(o.big_trades && o.cvd_session_reset && !o.delta_rows && o.fixed_profile);
        QCOMPARE(o.big_trade_quote, std::int64_t{250'000});
        QCOMPARE(o.session.start_of_day_us, 22 * 60 * kMinuteUs);
        QVERIFY(again->findChild<StudiesMenu*>()->action(QStringLiteral("threshold/250000"))->isChecked());
        QVERIFY(!again->view()->stats()->delta_rows());
    }

    void cvd_candles_are_the_core_candles_with_a_zero_line_and_a_session_reset() {
        const auto window = replayed_window(QSize(1280, 720), QStringLiteral("dark"));
        QVERIFY(window);
        OrderFlowView* view = window->view();
        CvdPane* cvd = view->cvd();
        QVERIFY(cvd->candles_shown());
        view->time_axis()->set_range(QCPRange(-0.5, 59.5));
        view->replot_now();
        const auto& bars = view->bars().bars;
        auto check = [&](const std::optional<SessionSpec>& reset) {
            const auto want = cvd_candles(bars, reset);
            QCOMPARE(cvd->values().size(), want.size());
            const auto data = cvd->candles()->data();
            QCOMPARE(static_cast<std::size_t>(data->size()), want.size());
            for (std::size_t i = 0; i < want.size(); ++i) {
                QCOMPARE(cvd->values()[i].open, want[i].open);
                QCOMPARE(cvd->values()[i].high, want[i].high);
                QCOMPARE(cvd->values()[i].low, want[i].low);
                QCOMPARE(cvd->values()[i].close, want[i].close);
                const QCPFinancialData& d = *(data->begin() + static_cast<qsizetype>(i));
                QCOMPARE(d.open, to_double(want[i].open));
                QCOMPARE(d.high, to_double(want[i].high));
                QCOMPARE(d.low, to_double(want[i].low));
                QCOMPARE(d.close, to_double(want[i].close));
            }
        };
        check(std::nullopt);
        // The picture: each candle's body in its colour between open and close, the highest
        // candle's top under the title.
        const QImage picture = cvd->grab().toImage();
        const auto want = cvd_candles(bars, std::nullopt);
        int bodies = 0, matched = 0;
        double highest = 1e9;
        for (std::size_t i = 0; i < want.size(); ++i) {
            const double top = cvd->value_axis()->coordToPixel(to_double(std::max(want[i].open, want[i].close)));
            const double bottom = cvd->value_axis()->coordToPixel(to_double(std::min(want[i].open, want[i].close)));
            highest = std::min(highest, cvd->value_axis()->coordToPixel(to_double(want[i].high)));
            if (bottom - top < 4) continue;
            const QColor side = want[i].close >= want[i].open ? cvd->theme().buy : cvd->theme().sell;
            const QPoint mid(static_cast<int>(cvd->time_axis()->coordToPixel(static_cast<double>(i))), static_cast<int>((top + bottom) / 2));
            ++bodies;
            matched += near(picture.pixel(mid), side.rgb(), 40) ? 1 : 0;
        }
        QVERIFY2(bodies >= 8 && matched == bodies, qPrintable(QStringLiteral("%1 of %2").arg(matched).arg(bodies)));
        const QRectF title(cvd->title()->topLeft->pixelPosition(), cvd->title()->bottomRight->pixelPosition());
        QVERIFY2(highest > title.bottom(), qPrintable(QStringLiteral("%1 under %2").arg(highest).arg(title.bottom())));
        // The zero line is there when zero is in view.
        // A session that starts at 00:30 starts the CVD at zero there.
        StudyOptions o = ChartStudies::of(view)->options();
        o.cvd_session_reset = true;
        o.session.start_of_day_us = 30 * kMinuteUs;
        ChartStudies::of(view)->set_options(o);
        view->replot_now();
        check(SessionSpec{30 * kMinuteUs});
        QCOMPARE(cvd->values()[30].open, Quantity{});
        QVERIFY(cvd->title()->text().contains(QStringLiteral("session")));
        save_shot(window->grab().toImage(), QStringLiteral("studies-cvd-reset-1280x720-dark"));
    }

    void cvd_of_one_bar_has_distinct_labels_and_stays_under_its_title() {
        // One bar (the first minute) alone in a pane.
        const auto window = replayed_window(QSize(1280, 720), QStringLiteral("dark"));
        QVERIFY(window);
        ChartBars one = window->view()->bars();
        one.bars.resize(1);
        CvdPane pane;
        pane.set_candles(true);
        pane.set_bars(&one);
        pane.bars_changed();
        pane.resize(600, 140);
        pane.time_axis()->setRange(-0.5, 0.5);
        pane.fit_values();
        pane.replot(QCustomPlot::rpImmediateRefresh);
        const QImage picture = pane.grab().toImage();
        save_shot(picture, QStringLiteral("studies-cvd-one-bar"));
        const QRectF title(pane.title()->topLeft->pixelPosition(), pane.title()->bottomRight->pixelPosition());
        QVERIFY(pane.value_axis()->coordToPixel(to_double(pane.values()[0].high)) > title.bottom());
        // Each label the axis draws is a different number.
        const QVector<QString> drawn = pane.value_axis()->tickVectorLabels();
        QVERIFY2(drawn.size() >= 2, qPrintable(QStringList(drawn.begin(), drawn.end()).join('|')));
        QCOMPARE(QSet<QString>(drawn.begin(), drawn.end()).size(), drawn.size());
    }

    void bar_statistics_rows_hold_the_core_delta_numbers() {
        const auto window = replayed_window(QSize(1280, 720), QStringLiteral("dark"));
        QVERIFY(window);
        BarStatsPane* stats = window->view()->stats();
        QVERIFY(stats->delta_rows());
        const QStringList names = stats->row_names();
        QCOMPARE(names, (QStringList{"Volume", "Delta", "Max Δ", "Min Δ", "Δ change", "CVD", "Trades"}));
        const auto& bars = window->view()->bars().bars;
        for (std::size_t i = 0; i < bars.size(); ++i) {
            const BarDeltaStats s = bar_delta_stats(bars, i);
            QCOMPARE(stats->cell_text(2, i), compact_number(to_double(*s.max_delta)));
            QCOMPARE(stats->cell_text(3, i), compact_number(to_double(*s.min_delta)));
            QCOMPARE(stats->cell_text(4, i), i == 0 ? QStringLiteral("—") : compact_number(to_double(*s.delta_change)));
        }
        QCOMPARE(stats->height(), 7 * BarStatsPane::kCompactRowHeightPixels + 2);
        save_shot(window->grab().toImage(), QStringLiteral("studies-default-1280x720-dark"));
    }
};

QTEST_MAIN(TestUiStudies)
#include "test_ui_studies.moc"
