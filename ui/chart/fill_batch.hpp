#pragma once
// Opaque whole-pixel rectangles gathered by colour and drawn with one QPainter::drawRects call
// per colour: the raster engine then sets its solid brush once per colour instead of once per
// cell, which is most of what a full footprint repaint costs. Rectangles of one batch must not
// overlap (their order within a batch is not kept); draw batches in the order they stack.
#include <QColor>
#include <QRect>
#include <unordered_map>
#include <vector>

class QPainter;

namespace flowscope::ui {

class FillBatch {
public:
    void add(const QRect& rect, QRgb colour);
    // Draws and empties the batch (keeping its memory for the next frame).
    void draw(QPainter* painter);

private:
    struct Group {
        QRgb colour;
        std::vector<QRect> rects;
    };
    std::vector<Group> groups_;
    std::unordered_map<QRgb, std::size_t> index_;
    std::size_t last_ = 0;  // neighbouring cells often share a colour
};

}  // namespace flowscope::ui
