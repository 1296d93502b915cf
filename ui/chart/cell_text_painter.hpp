#pragma once
// Short texts drawn where QPainter::drawText(rect, alignment, text) would put them, but through
// a cache of laid-out texts (QStaticText): a footprint shows the same few hundred numbers frame
// after frame, and laying each one out again (shaping, line breaking) was most of a repaint.
// Text that does not fit its rectangle is clipped to it, as drawText does. Texts are laid out
// with the font as the painter's device resolves it, so sizes match drawText's to the pixel.
#include <QFont>
#include <QHash>
#include <QStaticText>

class QPainter;
class QPaintDevice;

namespace flowscope::ui {

class CellTextPainter {
public:
    explicit CellTextPainter(const QFont& font);

    // Sets the painter's font; call before the texts of a paint.
    void begin(QPainter* painter);
    // alignment: Qt::AlignLeft / AlignRight / AlignHCenter with Qt::AlignVCenter.
    void draw(QPainter* painter, const QRectF& rect, int alignment, const QString& text, bool bold, bool italic = false);
    // The box of the glyphs draw() puts down for these arguments on the last device drawn on
    // (tests read the pixels under a number through it).
    QRectF ink_rect(const QRectF& rect, int alignment, const QString& text, bool bold);

private:
    struct Laid {
        QStaticText text;
        qreal width = 0;    // natural width: what drawText tests against the rectangle
        qreal advance = 0;  // horizontal advance: what drawText aligns
    };
    struct Face {
        QFont font;              // as the painter holds it on the current device
        qreal line_height = 0;   // what drawText takes as the height of one line
        qreal ascent = 0;        // top of the line to the baseline
        QHash<QString, Laid> cache;
    };
    const Laid& laid(Face& face, const QString& text);
    // Where a text's line starts (top left) in `r`, as drawText places it.
    QPointF origin(const Face& face, const Laid& l, const QRectF& r, int alignment) const;
    void use_device(QPainter* painter);

    static constexpr int kMaxCached = 4096;  // per face; the cache starts over past it
    QFont font_;
    static int face_index(bool bold, bool italic) { return (bold ? 1 : 0) | (italic ? 2 : 0); }
    Face faces_[4];  // normal, bold, italic, bold italic (face_index)
    const QPaintDevice* device_ = nullptr;
    int dpi_x_ = 0, dpi_y_ = 0;
    int painter_face_ = 0;  // which font the painter holds since begin()
};

}  // namespace flowscope::ui
