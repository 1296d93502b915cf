#pragma once
// Numbers read back from a footprint's rendered pixels: tesseract over the plot area, each number
// held to the cell of the bar and bucket under it. Header only, for the UI suites (the support
// library has no Qt Widgets). Needs tesseract (scripts/install-deps.sh installs tesseract-ocr).
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <algorithm>
#include <cmath>
#include <vector>

#include "chart/footprint_pane.hpp"
#include "chart/footprint_plottable.hpp"
#include "chart/quantity_text.hpp"
#include "support/replayed_window.hpp"

namespace flowscope::test {

using namespace flowscope::ui;

inline constexpr double kOcrScale = 3;

struct OcrWord {
    QRectF box;  // in the pixels of the image given
    QString text;
};

// Each pixel as its difference from the background around it, dark on white: text of any colour
// on cells of any shade becomes dark text on white, which is what tesseract reads (it thresholds
// the whole picture once, so light text on a dark cell next to dark text on a light one defeats
// it). The background of a pixel is the nearest flat run of its row (8 or more identical pixels:
// a glyph's stroke at this size is never that long).
inline QImage difference_from_background(const QImage& image) {
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

inline const QString kNumberCharacters = QStringLiteral("0123456789.-kMx<");

// Tesseract on `image` made dark text on white, scaled up kOcrScale times; sparse text, of the
// characters given (all when empty).
inline std::vector<OcrWord> ocr(const QImage& image, const QString& characters = kNumberCharacters) {
    const QImage big = difference_from_background(image).scaled(image.size() * kOcrScale, Qt::IgnoreAspectRatio,
                                                                Qt::SmoothTransformation);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("ocr.png"));
    if (!big.save(path)) return {};
    test::save_shot(big, QStringLiteral("ocr-input-%1x%2").arg(image.width()).arg(image.height()));
    QProcess p;
    QStringList args{path, QStringLiteral("stdout"), QStringLiteral("--psm"), QStringLiteral("11")};
    if (!characters.isEmpty()) args << QStringLiteral("-c") << QStringLiteral("tessedit_char_whitelist=") + characters;
    p.start(QStringLiteral("tesseract"), args << QStringLiteral("tsv"));
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
inline Readback read_numbers(FootprintPane& pane, const QImage& picture) {
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
                if (r.misread <= 4) r.examples << QStringLiteral("[%1 off the cells]").arg(part);
                continue;
            }
            if (want.contains(part)) {
                ++r.read;
                if (r.examples.size() < 6) r.examples << part;
            } else {
                ++r.misread;
                if (r.misread <= 4) r.examples << QStringLiteral("[%1 for %2]").arg(part, want.join(QLatin1Char('|')));
            }
        }
    }
    return r;
}

}  // namespace flowscope::test
