#pragma once
// The window's chart area: chart panes in nested splitters, split side by side or stacked, a 2×2
// grid in one click, any pane closed but the last. Built from a PaneLayout and read back as one;
// one pane is focused at a time (a press in a pane focuses it).
#include <QWidget>
#include <functional>
#include <vector>

#include "window/pane_layout.hpp"

class QSplitter;

namespace flowscope::ui {

class ChartPane;

class PaneGrid : public QWidget {
    Q_OBJECT
public:
    // Makes a pane for a state (the window wires its source and signals); the grid owns it.
    using PaneFactory = std::function<ChartPane*(const PaneState&)>;
    explicit PaneGrid(PaneFactory factory, QWidget* parent = nullptr);

    static constexpr int kMaxPanes = 16;

    // Every pane goes; the layout's come in its place, the focused one focused.
    void build(const PaneLayout& layout);
    PaneLayout pane_layout() const;
    std::vector<ChartPane*> panes() const;  // depth first, as layouts count them
    ChartPane* focused() const { return focused_; }
    void focus(ChartPane* pane);

    // A new pane beside `pane` (right of it, or under it) with `state`; null when the grid is full.
    ChartPane* split(ChartPane* pane, Qt::Orientation orientation, const PaneState& state);
    // Two rows of two: the panes there are stay (the first four), new ones get `extra` in order.
    void make_grid(const std::vector<PaneState>& extra);
    // Closes a pane (never the last); the focus goes to its neighbour.
    bool close_pane(ChartPane* pane);

signals:
    void focus_changed(flowscope::ui::ChartPane* pane);
    void pane_added(flowscope::ui::ChartPane* pane);
    // Just before the pane is deleted.
    void pane_closing(flowscope::ui::ChartPane* pane);
    void panes_changed();

private:
    ChartPane* make_pane(const PaneState& state);
    QWidget* build_node(const LayoutNode& node, std::vector<ChartPane*>& made);
    LayoutNode read_node(QWidget* widget) const;
    void collect(QWidget* widget, std::vector<ChartPane*>& out) const;
    void set_root(QWidget* root);
    QSplitter* new_splitter(Qt::Orientation orientation);

    PaneFactory factory_;
    QWidget* root_ = nullptr;
    ChartPane* focused_ = nullptr;
};

}  // namespace flowscope::ui
