#include "window/pane_grid.hpp"

#include <QSplitter>
#include <QVBoxLayout>

#include "window/chart_pane.hpp"

namespace flowscope::ui {

PaneGrid::PaneGrid(PaneFactory factory, QWidget* parent) : QWidget(parent), factory_(std::move(factory)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
}

ChartPane* PaneGrid::make_pane(const PaneState& state) {
    ChartPane* pane = factory_(state);
    connect(pane, &ChartPane::focus_requested, this, &PaneGrid::focus);
    return pane;
}

QSplitter* PaneGrid::new_splitter(Qt::Orientation orientation) {
    auto* splitter = new QSplitter(orientation);
    splitter->setObjectName(QStringLiteral("layoutSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->setHandleWidth(4);
    return splitter;
}

QWidget* PaneGrid::build_node(const LayoutNode& node, std::vector<ChartPane*>& made) {
    if (node.pane) {
        ChartPane* pane = make_pane(*node.pane);
        made.push_back(pane);
        return pane;
    }
    QSplitter* splitter = new_splitter(node.orientation);
    for (const LayoutNode& child : node.children) {
        if (made.size() >= kMaxPanes) break;
        splitter->addWidget(build_node(child, made));
    }
    if (node.sizes.size() == splitter->count()) splitter->setSizes(node.sizes);
    return splitter;
}

void PaneGrid::set_root(QWidget* root) {
    if (root_ && root_ != root) {
        layout()->removeWidget(root_);
        root_->hide();
        root_->deleteLater();
    }
    root_ = root;
    layout()->addWidget(root_);
    root_->show();
}

void PaneGrid::build(const PaneLayout& layout) {
    for (ChartPane* pane : panes()) emit pane_closing(pane);
    focused_ = nullptr;
    std::vector<ChartPane*> made;
    QWidget* root = build_node(layout.root, made);
    set_root(root);
    for (ChartPane* pane : made) emit pane_added(pane);
    const bool several = made.size() > 1;
    for (ChartPane* pane : made) pane->set_title_visible(several);
    focus(made[static_cast<std::size_t>(std::clamp<int>(layout.focused, 0, static_cast<int>(made.size()) - 1))]);
    emit panes_changed();
}

void PaneGrid::collect(QWidget* widget, std::vector<ChartPane*>& out) const {
    if (auto* pane = qobject_cast<ChartPane*>(widget)) {
        out.push_back(pane);
    } else if (auto* splitter = qobject_cast<QSplitter*>(widget)) {
        for (int i = 0; i < splitter->count(); ++i) collect(splitter->widget(i), out);
    }
}

std::vector<ChartPane*> PaneGrid::panes() const {
    std::vector<ChartPane*> out;
    if (root_) collect(root_, out);
    return out;
}

LayoutNode PaneGrid::read_node(QWidget* widget) const {
    LayoutNode node;
    if (auto* pane = qobject_cast<ChartPane*>(widget)) {
        node.pane = pane->state();
    } else if (auto* splitter = qobject_cast<QSplitter*>(widget)) {
        node.orientation = splitter->orientation();
        node.sizes = splitter->sizes();
        for (int i = 0; i < splitter->count(); ++i) node.children.push_back(read_node(splitter->widget(i)));
    }
    return node;
}

PaneLayout PaneGrid::pane_layout() const {
    PaneLayout out;
    if (root_) out.root = read_node(root_);
    const auto all = panes();
    const auto it = std::find(all.begin(), all.end(), focused_);
    out.focused = it == all.end() ? 0 : static_cast<int>(it - all.begin());
    return out;
}

void PaneGrid::focus(ChartPane* pane) {
    if (!pane || pane == focused_) return;
    if (focused_) focused_->set_focused(false);
    focused_ = pane;
    pane->set_focused(true);
    emit focus_changed(pane);
}

ChartPane* PaneGrid::split(ChartPane* pane, Qt::Orientation orientation, const PaneState& state) {
    if (!pane || panes().size() >= kMaxPanes) return nullptr;
    ChartPane* added = make_pane(state);
    auto* parent = qobject_cast<QSplitter*>(pane->parentWidget());
    if (parent && parent->orientation() == orientation) {
        // Beside it in the same row (or column): the two share the pane's room.
        const int index = parent->indexOf(pane);
        QList<int> sizes = parent->sizes();
        const int half = sizes[index] / 2;
        sizes[index] -= half;
        sizes.insert(index + 1, half);
        parent->insertWidget(index + 1, added);
        parent->setSizes(sizes);
    } else {
        QSplitter* splitter = new_splitter(orientation);
        if (parent) {
            const int index = parent->indexOf(pane);
            const QList<int> sizes = parent->sizes();
            parent->replaceWidget(index, splitter);
            parent->setSizes(sizes);
        } else {
            layout()->removeWidget(pane);
            root_ = splitter;
            layout()->addWidget(splitter);
        }
        splitter->addWidget(pane);
        splitter->addWidget(added);
        splitter->setSizes({1000, 1000});
        splitter->show();
        pane->show();
    }
    added->show();
    emit pane_added(added);
    for (ChartPane* p : panes()) p->set_title_visible(true);
    emit panes_changed();
    return added;
}

void PaneGrid::make_grid(const std::vector<PaneState>& extra) {
    // Rebuilt as a layout: the panes kept keep their state (and are made again from it).
    std::vector<PaneState> states;
    for (ChartPane* pane : panes()) {
        if (states.size() == 4) break;
        states.push_back(pane->state());
    }
    for (std::size_t i = 0; states.size() < 4 && i < extra.size(); ++i) states.push_back(extra[i]);
    while (states.size() < 4) states.push_back(states.back());
    const int focused_index = pane_layout().focused;
    PaneLayout grid;
    grid.root.orientation = Qt::Vertical;
    for (int row = 0; row < 2; ++row) {
        LayoutNode line;
        line.orientation = Qt::Horizontal;
        for (int column = 0; column < 2; ++column) {
            LayoutNode leaf;
            leaf.pane = states[static_cast<std::size_t>(row * 2 + column)];
            line.children.push_back(leaf);
        }
        grid.root.children.push_back(line);
    }
    grid.focused = std::min(focused_index, 3);
    build(grid);
}

bool PaneGrid::close_pane(ChartPane* pane) {
    auto* parent = pane ? qobject_cast<QSplitter*>(pane->parentWidget()) : nullptr;
    if (!parent) return false;  // the last pane stays
    const auto all = panes();
    emit pane_closing(pane);
    pane->hide();
    pane->setParent(nullptr);
    if (parent->count() == 1) {
        // A split of one is no split: its remaining child takes its place.
        QWidget* only = parent->widget(0);
        if (auto* grand = qobject_cast<QSplitter*>(parent->parentWidget())) {
            const QList<int> sizes = grand->sizes();
            grand->replaceWidget(grand->indexOf(parent), only);
            grand->setSizes(sizes);
        } else {
            layout()->removeWidget(parent);
            only->setParent(this);
            root_ = only;
            layout()->addWidget(only);
        }
        only->show();
        parent->deleteLater();
    }
    if (focused_ == pane) {
        focused_ = nullptr;
        const auto it = std::find(all.begin(), all.end(), pane);
        ChartPane* next = it + 1 != all.end() ? *(it + 1) : *(it - 1);
        focus(next);
    }
    pane->deleteLater();
    const auto left = panes();
    if (left.size() == 1) left.front()->set_title_visible(false);
    emit panes_changed();
    return true;
}

}  // namespace flowscope::ui
