#include "chart/study_plottable.hpp"

#include <cmath>

#include "chart/chart_studies.hpp"

namespace flowscope::ui {

StudyPlottable::StudyPlottable(QCPAxis* key, QCPAxis* value, ChartStudies* studies)
    : QCPAbstractPlottable(key, value), studies_(studies) {
    setSelectable(QCP::stNone);
    font_ = QFont(QStringLiteral("DejaVu Sans"));
    font_.setPixelSize(10);
}

const Theme& StudyPlottable::theme() const { return studies_->theme(); }

QRectF StudyPlottable::draw_label(QCPPainter* p, const QString& text, QPointF anchor, Qt::Alignment alignment,
                                  const QColor& colour) {
    const QFontMetricsF metrics(font_);
    const QSizeF size(metrics.horizontalAdvance(text) + 6, metrics.height() + 2);
    double x = anchor.x(), y = anchor.y();
    if (alignment & Qt::AlignRight) x -= size.width();
    if (alignment & Qt::AlignHCenter) x -= size.width() / 2;
    if (alignment & Qt::AlignBottom) y -= size.height();
    if (alignment & Qt::AlignVCenter) y -= size.height() / 2;
    const QRectF box(QPointF(std::round(x), std::round(y)), size);
    p->setPen(Qt::NoPen);
    p->setBrush(theme().background);
    p->drawRect(box);
    p->setFont(font_);
    // The label's own colour, made to read on the background.
    p->setPen(legible_on(colour, theme().background));
    p->drawText(box, Qt::AlignCenter, text);
    labels_.push_back({text, box});
    return box;
}

double contrast_ratio(QRgb a, QRgb b) {
    auto luminance = [](QRgb c) {
        auto channel = [](int v) {
            const double s = v / 255.0;
            return s <= 0.03928 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(qRed(c)) + 0.7152 * channel(qGreen(c)) + 0.0722 * channel(qBlue(c));
    };
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QRgb readable_text_on(QRgb under) {
    const QRgb white = qRgb(255, 255, 255), black = qRgb(0, 0, 0);
    return contrast_ratio(white, under) >= contrast_ratio(black, under) ? white : black;
}

QColor legible_on(const QColor& colour, const QColor& background) {
    const bool light = contrast_ratio(background.rgb(), qRgb(0, 0, 0)) > contrast_ratio(background.rgb(), qRgb(255, 255, 255));
    QColor c = colour;
    for (int i = 0; i < 12 && contrast_ratio(c.rgb(), background.rgb()) < 4.5; ++i) c = light ? c.darker(112) : c.lighter(112);
    return c;
}

QRgb composite(const QColor& base, const QColor& top, int alpha) {
    const double a = std::clamp(alpha, 0, 255) / 255.0;
    auto mix = [a](int b, int t) { return static_cast<int>(b + (t - b) * a + 0.5); };
    return qRgb(mix(base.red(), top.red()), mix(base.green(), top.green()), mix(base.blue(), top.blue()));
}

}  // namespace flowscope::ui
