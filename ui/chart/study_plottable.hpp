#pragma once
// Common ground of the studies drawn over the footprint (profiles, POC lines, bubbles): a plottable
// that draws in one pass, takes no part in axis fitting or selection, and a label painter whose
// text always reads (an opaque veil of the background behind the theme's text colour).
#include <qcustomplot.h>

#include <map>

#include "window/theme.hpp"

namespace flowscope::ui {

class ChartStudies;

class StudyPlottable : public QCPAbstractPlottable {
    Q_OBJECT
public:
    StudyPlottable(QCPAxis* key, QCPAxis* value, ChartStudies* studies);

    double selectTest(const QPointF&, bool, QVariant*) const override { return -1; }
    QCPRange getKeyRange(bool& found, QCP::SignDomain) const override {
        found = false;
        return {};
    }
    QCPRange getValueRange(bool& found, QCP::SignDomain, const QCPRange&) const override {
        found = false;
        return {};
    }

    // A text drawn by the last paint, where it was drawn (tests read the picture there).
    struct Label {
        QString text;
        QRectF rect;
    };
    const std::vector<Label>& labels() const { return labels_; }

protected:
    void drawLegendIcon(QCPPainter*, const QRectF&) const override {}
    // Draws `text` on a veil, `anchor` being the point at `alignment` of its box; returns the box.
    QRectF draw_label(QCPPainter* p, const QString& text, QPointF anchor, Qt::Alignment alignment, const QColor& colour);
    const Theme& theme() const;

    ChartStudies* studies_;
    std::vector<Label> labels_;
    QFont font_;

private:
    // Labels laid out once (text, colour and theme): a paint blits them.
    std::map<std::pair<QString, QRgb>, QPixmap> rendered_;
    QString rendered_theme_;
};

// WCAG contrast of two opaque colours, and the more readable of white and black on `under`.
double contrast_ratio(QRgb a, QRgb b);
QRgb readable_text_on(QRgb under);
// `colour`, darkened (light backgrounds) or lightened (dark ones) until it reads at 5.5:1 on `background`
// (text drawn in it then measures 4.5:1 or better).
QColor legible_on(const QColor& colour, const QColor& background);
// `top` at `alpha` over `base`, as an opaque colour.
QRgb composite(const QColor& base, const QColor& top, int alpha);

}  // namespace flowscope::ui
