#include "chart/quantity_text.hpp"

#include <QDateTime>
#include <cmath>

namespace flowscope::ui {

QString file_size_text(std::uint64_t bytes) {
    if (bytes < 1000) return QStringLiteral("%1 B").arg(bytes);
    const double b = static_cast<double>(bytes);
    if (b < 1e6) return QStringLiteral("%1 kB").arg(b / 1e3, 0, 'f', b < 1e4 ? 2 : 1);
    if (b < 1e9) return QStringLiteral("%1 MB").arg(b / 1e6, 0, 'f', b < 1e7 ? 2 : 1);
    return QStringLiteral("%1 GB").arg(b / 1e9, 0, 'f', 2);
}

QString compact_number(double value) {
    const double a = std::fabs(value);
    const QString sign = value < 0 ? QStringLiteral("-") : QString();
    auto trimmed = [](double v, int decimals) {
        QString s = QString::number(v, 'f', decimals);
        if (s.contains('.')) {
            while (s.endsWith('0')) s.chop(1);
            if (s.endsWith('.')) s.chop(1);
        }
        return s;
    };
    if (a == 0) return QStringLiteral("0");
    // Small sizes keep a digit that is not zero: 0.001 BTC is a trade, not "0".
    if (a < 0.01) return a >= 0.0005 ? sign + trimmed(a, 3) : sign + QStringLiteral("<0.001");
    if (a < 10) return sign + trimmed(a, 2);
    if (a < 100) return sign + trimmed(a, 1);
    if (a < 10'000) return sign + QString::number(std::llround(a));
    if (a < 1'000'000) return sign + trimmed(a / 1e3, a < 100'000 ? 1 : 0) + 'k';
    return sign + trimmed(a / 1e6, 1) + 'M';
}

QString exact_text(Price price) { return QString::fromStdString(format_price(price)); }
QString exact_text(Quantity quantity) { return QString::fromStdString(format_quantity(quantity)); }

QString time_text(std::int64_t time_us, bool with_date, bool with_millis) {
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(time_us / 1000, Qt::UTC);
    QString format = with_date ? QStringLiteral("yyyy-MM-dd HH:mm:ss") : QStringLiteral("HH:mm:ss");
    if (with_millis) format += QStringLiteral(".zzz");
    return t.toString(format);
}

}  // namespace flowscope::ui
