#include "window/time_sales_delegate.hpp"

#include <QApplication>
#include <QPainter>
#include <QStyle>

#include "chart/cell_text_painter.hpp"

namespace flowscope::ui {

TimeSalesDelegate::TimeSalesDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

TimeSalesDelegate::~TimeSalesDelegate() = default;

void TimeSalesDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    if (const QVariant background = index.data(Qt::BackgroundRole); background.canConvert<QBrush>())
        painter->fillRect(option.rect, background.value<QBrush>());
    const QString text = index.data(Qt::DisplayRole).toString();
    if (text.isEmpty()) return;
    if (!text_ || text_font_ != option.font) {
        text_font_ = option.font;
        text_ = std::make_unique<CellTextPainter>(option.font);
    }
    const QVariant font = index.data(Qt::FontRole);
    const bool bold = font.isValid() && font.value<QFont>().bold();
    const bool italic = font.isValid() && font.value<QFont>().italic();
    const QVariant foreground = index.data(Qt::ForegroundRole);
    const QColor colour = foreground.canConvert<QBrush>() ? foreground.value<QBrush>().color() : option.palette.color(QPalette::Text);
    const QVariant alignment = index.data(Qt::TextAlignmentRole);
    // The margins QStyledItemDelegate leaves each side of a cell's text (sizeHint counts them).
    const QWidget* widget = option.widget;
    const QStyle* style = widget ? widget->style() : QApplication::style();
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    painter->save();
    painter->setPen(colour);
    text_->begin(painter);
    text_->draw(painter, QRectF(option.rect.adjusted(margin, 0, -margin, 0)),
                alignment.isValid() ? alignment.toInt() : int(Qt::AlignLeft | Qt::AlignVCenter), text, bold, italic);
    painter->restore();
}

}  // namespace flowscope::ui
