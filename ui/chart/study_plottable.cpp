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
    if (rendered_theme_ != theme().name || rendered_.size() > 512) {
        rendered_.clear();
        rendered_theme_ = theme().name;
    }
    auto [it, fresh] = rendered_.try_emplace({text, colour.rgb()});
    if (fresh) {
        const QFontMetricsF metrics(font_);
        const QSize size(static_cast<int>(std::ceil(metrics.horizontalAdvance(text))) + 6, static_cast<int>(std::ceil(metrics.height())) + 2);
        QImage image(size, QImage::Format_RGB32);
        image.fill(theme().background);  // an opaque veil: the text reads whatever is under it
        QPainter painter(&image);
        painter.setFont(font_);
        // The label's own colour, made to read on the background.
        painter.setPen(legible_on(colour, theme().background));
        painter.drawText(QRectF(QPointF(0, 0), QSizeF(size)), Qt::AlignCenter, text);
        painter.end();
        it->second = QPixmap::fromImage(image);
    }
    const QSizeF size = it->second.size();
    double x = anchor.x(), y = anchor.y();
    if (alignment & Qt::AlignRight) x -= size.width();
    if (alignment & Qt::AlignHCenter) x -= size.width() / 2;
    if (alignment & Qt::AlignBottom) y -= size.height();
    if (alignment & Qt::AlignVCenter) y -= size.height() / 2;
    const QRectF box(QPointF(std::round(x), std::round(y)), size);
    p->drawPixmap(box.topLeft(), it->second);
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
    // 5.5 for the colour itself: a small glyph's antialiased strokes never reach it fully.
    for (int i = 0; i < 14 && contrast_ratio(c.rgb(), background.rgb()) < 5.5; ++i) c = light ? c.darker(112) : c.lighter(112);
    return c;
}

QRgb composite(const QColor& base, const QColor& top, int alpha) {
    const double a = std::clamp(alpha, 0, 255) / 255.0;
    auto mix = [a](int b, int t) { return static_cast<int>(b + (t - b) * a + 0.5); };
    return qRgb(mix(base.red(), top.red()), mix(base.green(), top.green()), mix(base.blue(), top.blue()));
}

}  // namespace flowscope::ui
