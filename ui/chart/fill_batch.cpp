#include "chart/fill_batch.hpp"

#include <QPainter>

namespace flowscope::ui {

void FillBatch::add(const QRect& rect, QRgb colour) {
    if (!rect.isValid()) return;
    if (last_ >= groups_.size() || groups_[last_].colour != colour) {
        const auto [it, inserted] = index_.try_emplace(colour, groups_.size());
        if (inserted) groups_.push_back(Group{colour, {}});
        last_ = it->second;
    }
    groups_[last_].rects.push_back(rect);
}

void FillBatch::draw(QPainter* painter) {
    painter->setPen(Qt::NoPen);
    for (Group& g : groups_) {
        if (g.rects.empty()) continue;
        painter->setBrush(QColor::fromRgba(g.colour));
        painter->drawRects(g.rects.data(), static_cast<int>(g.rects.size()));
        g.rects.clear();
    }
}

}  // namespace flowscope::ui
