#include "window/chart_export.hpp"

#include <QDateTime>
#include <QDir>
#include <QPixmap>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTextStream>
#include <QWidget>
#include <algorithm>
#include <cmath>

#include "aggregate/footprint_analysis.hpp"
#include "chart/quantity_text.hpp"

namespace flowscope::ui {

const char* const kBarsCsvHeader =
    "bar_open_time_utc,open,high,low,close,bar_volume,bar_delta,bar_cvd,bar_trades,"
    "level_low,level_high,bid,ask,level_delta,level_trades";

const char* const kBarCsvHeader = "bar_open_time_utc,price,bid,ask,delta,trades,poc,value_area";

QString save_png(QWidget& widget, const QString& path) {
    const QPixmap picture = widget.grab();
    if (picture.isNull()) return QStringLiteral("nothing to save: the %1 is not shown").arg(widget.objectName());
    if (!picture.save(path, "PNG")) return QStringLiteral("cannot write %1").arg(path);
    return {};
}

QString save_bars_csv(const ChartBars& chart, int first, int last, const QString& path) {
    // Written aside and moved into place at the end: a failed export leaves an earlier file whole.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    QTextStream out(&file);
    out << kBarsCsvHeader << '\n';
    const int n = static_cast<int>(chart.bars.size());
    first = std::max(first, 0);
    last = std::min(last, n - 1);
    for (int i = first; i <= last; ++i) {
        const Bar& b = chart.bars[static_cast<std::size_t>(i)];
        const QString bar_part = QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8,%9")
                                     .arg(time_text(b.open_time_us, true, true), exact_text(b.open), exact_text(b.high),
                                          exact_text(b.low), exact_text(b.close), exact_text(b.volume),
                                          exact_text(b.delta()), exact_text(b.cvd))
                                     .arg(b.trades);
        if (b.footprint.empty()) continue;
        for (const FootprintCell* level : b.footprint.levels_by_price()) {
            const FootprintCell& c = *level;
            const std::int64_t k = c.bucket;
            out << bar_part << ',' << exact_text(Price{k * chart.bucket_units}) << ','
                << exact_text(Price{(k + 1) * chart.bucket_units}) << ',' << exact_text(c.bid) << ',' << exact_text(c.ask)
                << ',' << exact_text(c.delta()) << ',' << c.trades << '\n';
        }
    }
    out.flush();
    if (out.status() != QTextStream::Ok || !file.commit())
        return QStringLiteral("writing %1 failed: %2").arg(path, file.errorString());
    return {};
}

QString save_bar_csv(const ChartBars& chart, int bar, const QString& path) {
    if (bar < 0 || bar >= static_cast<int>(chart.bars.size())) return QStringLiteral("there is no bar %1").arg(bar);
    const Bar& b = chart.bars[static_cast<std::size_t>(bar)];
    if (b.footprint.empty()) return QStringLiteral("the bar of %1 has no levels (totals only)").arg(time_text(b.open_time_us, true));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    const auto poc = point_of_control(b.footprint);
    const auto va = value_area(b.footprint);
    const QString time = time_text(b.open_time_us, true, true);
    QTextStream out(&file);
    out << kBarCsvHeader << '\n';
    for (const FootprintCell* level : b.footprint.levels_by_price()) {
        const FootprintCell& c = *level;
        QString area;
        if (va && c.bucket >= va->low && c.bucket <= va->high) {
            QStringList ends;
            if (c.bucket == va->high) ends << QStringLiteral("VAH");
            if (c.bucket == va->low) ends << QStringLiteral("VAL");
            area = ends.isEmpty() ? QStringLiteral("VA") : ends.join(' ');
        }
        out << time << ',' << exact_text(Price{c.bucket * chart.bucket_units}) << ',' << exact_text(c.bid) << ','
            << exact_text(c.ask) << ',' << exact_text(c.delta()) << ',' << c.trades << ','
            << (poc == c.bucket ? QStringLiteral("POC") : QString()) << ',' << area << '\n';
    }
    out.flush();
    if (out.status() != QTextStream::Ok || !file.commit())
        return QStringLiteral("writing %1 failed: %2").arg(path, file.errorString());
    return {};
}

QString export_folder(const QString& last_folder, bool picture) {
    if (!last_folder.isEmpty() && QDir(last_folder).exists()) return QDir(last_folder).absolutePath();
    QString base = QStandardPaths::writableLocation(picture ? QStandardPaths::PicturesLocation : QStandardPaths::DocumentsLocation);
    if (base.isEmpty()) base = QDir::homePath();
    const QString folder = QDir(base).absoluteFilePath(QStringLiteral("flowscope"));
    QDir().mkpath(folder);
    return folder;
}

QString export_file_stem(const QString& symbol, const QString& timeframe, std::int64_t time_us) {
    const QString when = QDateTime::fromMSecsSinceEpoch(time_us / 1000, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd_HHmmss"));
    QString market = symbol.isEmpty() ? QStringLiteral("flowscope") : symbol;
    market.replace(QLatin1Char('/'), QLatin1Char('-'));  // "BTC/USD" is not a file name
    return QStringLiteral("%1_%2_%3").arg(market, timeframe, when);
}

}  // namespace flowscope::ui
