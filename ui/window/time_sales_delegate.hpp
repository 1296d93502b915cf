#pragma once
// Draws time & sales rows: the model's colours, font and alignment as QStyledItemDelegate would,
// but the texts through a cache of laid-out texts. The list repaints ten times a second while the
// market trades, and laying out every cell's text again was most of that repaint.
#include <QStyledItemDelegate>
#include <memory>

namespace flowscope::ui {

class CellTextPainter;

class TimeSalesDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit TimeSalesDelegate(QObject* parent = nullptr);
    ~TimeSalesDelegate() override;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    mutable std::unique_ptr<CellTextPainter> text_;  // for the font it was made with
    mutable QFont text_font_;
};

}  // namespace flowscope::ui
