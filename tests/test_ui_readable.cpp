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

#include "chart/bucket_choice.hpp"
#include "chart/footprint_pane.hpp"
#include "chart/footprint_plottable.hpp"
#include "chart/order_flow_view.hpp"
#include "chart/quantity_text.hpp"
#include "chart/time_axis_group.hpp"
#include "source/source_controller.hpp"
#include "window/chart_toolbar.hpp"
#include "window/main_window.hpp"

using namespace flowscope;
using namespace flowscope::ui;

namespace {

const QString kRealHour = QStringLiteral(FLOWSCOPE_TEST_DATA_DIR "/binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv");
constexpr std::size_t kRealHourBars = 60;  // 1m bars
constexpr double kOcrScale = 3;

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

void save_shot(const QImage& image, const QString& name) {
    const QString dir = qEnvironmentVariable("FLOWSCOPE_TEST_SHOTS");
    if (dir.isEmpty()) return;
    QDir().mkpath(dir);
    QVERIFY(image.save(dir + QLatin1Char('/') + name + QStringLiteral(".png")));
}

// The real window replaying the real hour to its end at max speed, in the default view.
std::unique_ptr<MainWindow> replayed_window(QSize size, const QString& theme) {
    QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).clear();
    QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).setValue("view/theme", theme);
    StartOptions options;
    options.source = SourceRequest::replay(kRealHour);
    options.speed = QStringLiteral("max");
    options.timeframe = QStringLiteral("1m");
    auto window = std::make_unique<MainWindow>(options);
    QSignalSpy finished(window->controller(), &SourceController::replay_finished);
    window->resize(size);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get())) return nullptr;
    if (!QTest::qWaitFor([&] { return finished.count() > 0; }, 30000)) return nullptr;
    OrderFlowView* view = window->view();
    if (!QTest::qWaitFor([&] { return view->refresh(), view->bars().bars.size() == kRealHourBars; }, 10000)) return nullptr;
    QTest::qWait(50);  // queued answers (the toolbar's bucket text) and the layout settle
    view->replot_now();
    return window;
}

// Rows of the bucket drawn, in pixels.
double row_pixels(const FootprintPane& pane) {
    const double bucket = to_double(pane.display_bucket_units());
    return bucket / pane.value_axis()->range().size() * pane.axisRect()->height();
}

struct OcrWord {
    QRectF box;  // in the pixels of the image given
    QString text;
};

// Each pixel as its difference from the background around it, dark on white: text of any colour
// on cells of any shade becomes dark text on white, which is what tesseract reads (it thresholds
// the whole picture once, so light text on a dark cell next to dark text on a light one defeats
// it). The background of a pixel is the nearest flat run of its row (8 or more identical pixels:
// a glyph's stroke at this size is never that long).
QImage difference_from_background(const QImage& image) {
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    QImage out(rgb.size(), QImage::Format_Grayscale8);
    constexpr int kFlatRun = 8;
    auto grey = [](QRgb c) { return 0.2126 * qRed(c) + 0.7152 * qGreen(c) + 0.0722 * qBlue(c); };
    std::vector<int> run_of(static_cast<std::size_t>(rgb.width()));  // the flat run's start nearest each pixel, or −1
    for (int y = 0; y < rgb.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(rgb.constScanLine(y));
        std::vector<std::pair<int, int>> runs;  // [first, last] of each flat run
        for (int x = 0; x < rgb.width();) {
            int end = x;
            while (end + 1 < rgb.width() && line[end + 1] == line[x]) ++end;
            if (end - x + 1 >= kFlatRun) runs.emplace_back(x, end);
            x = end + 1;
        }
        uchar* o = out.scanLine(y);
        std::size_t r = 0;
        for (int x = 0; x < rgb.width(); ++x) {
            while (r + 1 < runs.size() && runs[r].second < x) ++r;
            QRgb background = line[x];
            if (!runs.empty()) {
                // The run at or after x, or the one before it, whichever is nearer.
                const auto& after = runs[r];
                const int d_after = after.first > x ? after.first - x : (after.second >= x ? 0 : 1 << 30);
                const int d_before = r > 0 ? x - runs[r - 1].second : (after.second < x ? x - after.second : 1 << 30);
                background = d_after <= d_before ? line[std::clamp(after.first, 0, rgb.width() - 1)]
                                                 : line[r > 0 ? runs[r - 1].second : after.second];
            }
            const double d = std::fabs(grey(line[x]) - grey(background));
            o[x] = static_cast<uchar>(255 - std::clamp(d * 2.0, 0.0, 255.0));
        }
    }
    return out;
}

// Tesseract on `image` made dark text on white, scaled up kOcrScale times; sparse text, digits
// and the characters of compact numbers only.
std::vector<OcrWord> ocr(const QImage& image) {
    const QImage big = difference_from_background(image).scaled(image.size() * kOcrScale, Qt::IgnoreAspectRatio,
                                                                Qt::SmoothTransformation);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("ocr.png"));
    if (!big.save(path)) return {};
    save_shot(big, QStringLiteral("ocr-input-%1x%2").arg(image.width()).arg(image.height()));
    QProcess p;
    p.start(QStringLiteral("tesseract"), {path, QStringLiteral("stdout"), QStringLiteral("--psm"), QStringLiteral("11"),
                                          QStringLiteral("-c"), QStringLiteral("tessedit_char_whitelist=0123456789.-kMx<"),
                                          QStringLiteral("tsv")});
    if (!p.waitForFinished(120000) || p.exitCode() != 0) {
        qWarning("tesseract: %s", qPrintable(QString::fromLocal8Bit(p.readAllStandardError())));
        return {};
    }
    std::vector<OcrWord> words;
    const QStringList lines = QString::fromUtf8(p.readAllStandardOutput()).split(QLatin1Char('\n'));
    for (const QString& line : lines) {
        const QStringList f = line.split(QLatin1Char('\t'));
        // level page block par line word left top width height conf text
        if (f.size() < 12 || f[0] != QLatin1String("5") || f[11].trimmed().isEmpty()) continue;
        const QRectF box(f[6].toDouble() / kOcrScale, f[7].toDouble() / kOcrScale, f[8].toDouble() / kOcrScale,
                         f[9].toDouble() / kOcrScale);
        words.push_back({box, f[11].trimmed()});
    }
    return words;
}

struct Readback {
    int drawn = 0;     // numbers the paint drew
    int read = 0;      // numbers OCR read that equal the cell under them
    int misread = 0;   // numbers OCR read that do not
    QStringList examples;
};

// OCR over the footprint's plot area; each number read is held to the cell of the bar and
// bucket under it (bid or ask, compact as drawn).
Readback read_numbers(FootprintPane& pane, const QImage& picture) {
    Readback r;
    for (const auto& t : pane.plottable()->drawn_texts()) r.drawn += t.text != QLatin1String("x");
    const QRect plot = pane.axisRect()->rect();
    const ChartBars& chart = pane.display_bars();
    for (const OcrWord& w : ocr(picture.copy(plot))) {
        const QPointF centre = w.box.center() + plot.topLeft();
        const long long index = std::llround(pane.time_axis()->pixelToCoord(centre.x()));
        if (index < 0 || index >= static_cast<long long>(chart.bars.size())) continue;
        const Footprint& fp = chart.bars[static_cast<std::size_t>(index)].footprint;
        const auto bucket = static_cast<std::int64_t>(std::floor(pane.value_axis()->pixelToCoord(centre.y()) / chart.bucket_price()));
        const FootprintCell& cell = fp.empty() || bucket < fp.lowest_bucket() || bucket > fp.highest_bucket() ? FootprintCell{}
                                                                                                              : fp.at(bucket);
        const QStringList want{compact_number(to_double(cell.bid)), compact_number(to_double(cell.ask))};
        // "0 x 4.22" may come back as one word or three.
        for (const QString& part : w.text.split(QLatin1Char('x'), Qt::SkipEmptyParts)) {
            if (cell.empty()) {
                ++r.misread;
                continue;
            }
            if (want.contains(part)) {
                ++r.read;
                if (r.examples.size() < 6) r.examples << part;
            } else {
                ++r.misread;
            }
        }
    }
    return r;
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
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
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

    void every_number_reads_against_its_cell_data() { default_view_shows_numbers_read_back_by_ocr_data(); }
    void every_number_reads_against_its_cell();
};

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
    QVERIFY2(r.read * 10 >= r.drawn * 7, qPrintable(QString("%1 of %2 read").arg(r.read).arg(r.drawn)));
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

QTEST_MAIN(TestUiReadable)
#include "test_ui_readable.moc"
