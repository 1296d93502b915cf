#include "window/chart_export.hpp"

#include <QSaveFile>
#include <QPixmap>
#include <QTextStream>
#include <QWidget>
#include <algorithm>
#include <cmath>

#include "chart/quantity_text.hpp"

namespace flowscope::ui {

const char* const kBarsCsvHeader =
    "bar_open_time_utc,open,high,low,close,bar_volume,bar_delta,bar_cvd,bar_trades,"
    "level_low,level_high,bid,ask,level_delta,level_trades";

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

}  // namespace flowscope::ui
