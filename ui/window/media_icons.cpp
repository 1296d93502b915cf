#include "window/media_icons.hpp"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace flowscope::ui {

QIcon media_icon(MediaGlyph glyph, const QColor& colour) {
    QIcon icon;
    for (int scale : {1, 2, 3}) {
        const int size = 16 * scale;
        QPixmap pixmap(size, size);
        pixmap.setDevicePixelRatio(scale);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(colour);
        auto triangle = [&p](double left, double right, bool pointing_right) {
            QPainterPath path;
            path.moveTo(pointing_right ? left : right, 3);
            path.lineTo(pointing_right ? right : left, 8);
            path.lineTo(pointing_right ? left : right, 13);
            path.closeSubpath();
            p.drawPath(path);
        };
        switch (glyph) {
        case MediaGlyph::Play: triangle(4, 13, true); break;
        case MediaGlyph::Pause:
            p.drawRect(QRectF(4, 3, 3, 10));
            p.drawRect(QRectF(9.5, 3, 3, 10));
            break;
        case MediaGlyph::StepForward:
            triangle(3, 11, true);
            p.drawRect(QRectF(11, 3, 2, 10));
            break;
        case MediaGlyph::StepBack:
            p.drawRect(QRectF(3, 3, 2, 10));
            triangle(5, 13, false);
            break;
        }
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

QIcon overflow_icon(const QColor& colour) {
    QIcon icon;
    for (int scale : {1, 2, 3}) {
        const int size = 16 * scale;
        QPixmap pixmap(size, size);
        pixmap.setDevicePixelRatio(scale);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(QPen(colour, 1.6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        for (double x : {3.5, 8.0}) {
            QPainterPath chevron;
            chevron.moveTo(x, 4);
            chevron.lineTo(x + 4, 8);
            chevron.lineTo(x, 12);
            p.drawPath(chevron);
        }
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

}  // namespace flowscope::ui
