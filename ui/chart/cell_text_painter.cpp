#include "chart/cell_text_painter.hpp"

#include <QFontMetricsF>
#include <QPaintDevice>
#include <QPainter>
#include <QTextLayout>

namespace flowscope::ui {

namespace {
QTextLine single_line(QTextLayout& layout) {
    layout.beginLayout();
    QTextLine line = layout.createLine();
    line.setLineWidth(1e6);
    layout.endLayout();
    return line;
}
}  // namespace

CellTextPainter::CellTextPainter(const QFont& font) : font_(font) {}

void CellTextPainter::use_device(QPainter* painter) {
    QPaintDevice* device = painter->device();
    if (device == device_ && device->logicalDpiX() == dpi_x_ && device->logicalDpiY() == dpi_y_) return;
    device_ = device;
    dpi_x_ = device->logicalDpiX();
    dpi_y_ = device->logicalDpiY();
    for (int i = 0; i < 4; ++i) {
        QFont font = font_;
        font.setBold(i & 1);
        font.setItalic(i & 2);
        painter->setFont(font);
        Face& face = faces_[i];
        face.font = painter->font();  // resolved for the device: what drawStaticText compares against
        face.cache.clear();
        QTextLayout layout(QStringLiteral("0"), face.font, device);
        const QTextLine line = single_line(layout);
        face.line_height = line.ascent() + line.descent();  // unrounded, as qt_format_text adds it up
        face.ascent = line.ascent();
    }
}

void CellTextPainter::begin(QPainter* painter) {
    use_device(painter);
    painter->setFont(faces_[0].font);
    painter_face_ = 0;
}

const CellTextPainter::Laid& CellTextPainter::laid(Face& face, const QString& text) {
    const auto it = face.cache.constFind(text);
    if (it != face.cache.constEnd()) return *it;
    if (face.cache.size() >= kMaxCached) face.cache.clear();
    Laid l;
    l.text.setText(text);
    l.text.setTextFormat(Qt::PlainText);
    l.text.setPerformanceHint(QStaticText::AggressiveCaching);
    l.text.prepare(QTransform(), face.font);
    QTextLayout layout(text, face.font, device_);
    const QTextLine line = single_line(layout);
    l.width = line.naturalTextWidth();
    l.advance = line.horizontalAdvance();
    return *face.cache.insert(text, l);
}

namespace {
// The placement of qt_format_text (QPainter::drawText with a rectangle), for one line.
qreal x_offset(const QRectF& r, int alignment, qreal width) {
    if (alignment & Qt::AlignRight) return r.width() - width;
    if (alignment & Qt::AlignHCenter) return (r.width() - width) / 2;
    return qreal(0);
}
}  // namespace

QPointF CellTextPainter::origin(const Face& face, const Laid& l, const QRectF& r, int alignment) const {
    const qreal yoff = (alignment & Qt::AlignVCenter) ? (r.height() - face.line_height) / 2 : 0;
    return {r.x() + x_offset(r, alignment, l.advance), r.y() + yoff};
}

QRectF CellTextPainter::ink_rect(const QRectF& r, int alignment, const QString& text, bool bold) {
    Face& face = faces_[face_index(bold, false)];
    const Laid& l = laid(face, text);
    const QFontMetricsF metrics(face.font, device_);
    const QPointF top_left = origin(face, l, r, alignment);
    return metrics.tightBoundingRect(text).translated(top_left.x(), top_left.y() + face.ascent).intersected(r);
}

void CellTextPainter::draw(QPainter* painter, const QRectF& r, int alignment, const QString& text, bool bold, bool italic) {
    const int index = face_index(bold, italic);
    Face& face = faces_[index];
    const Laid& l = laid(face, text);
    // The clip test uses the natural width, the placement the line's advance (they differ for
    // some glyphs, a bold "x" for one).
    const qreal yoff = (alignment & Qt::AlignVCenter) ? (r.height() - face.line_height) / 2 : 0;
    const QRectF bounds(r.x() + x_offset(r, alignment, l.width), r.y() + yoff, l.width, face.line_height);
    const QPointF origin = this->origin(face, l, r, alignment);
    if (index != painter_face_) {
        painter->setFont(face.font);
        painter_face_ = index;
    }
    if (r.contains(bounds)) {
        painter->drawStaticText(origin, l.text);
        return;
    }
    painter->save();
    painter->setClipRect(r, Qt::IntersectClip);
    painter->drawStaticText(origin, l.text);
    painter->restore();
}

}  // namespace flowscope::ui
