#pragma once
// A chart layout as data: a tree of splits whose leaves are chart panes, each with its own source,
// timeframe, bucket, footprint mode and studies. Written as human-readable JSON (versioned) in
// layouts.json in the config folder (window/layout_library.hpp); the window builds its panes from
// it (window/pane_grid.hpp).
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>
#include <vector>

#include "chart/footprint_options.hpp"
#include "chart/study_options.hpp"
#include "model/result.hpp"
#include "source/source_request.hpp"

namespace flowscope::ui {

struct PaneState {
    std::optional<SourceRequest> source;  // empty: the window's default source
    QString timeframe = QStringLiteral("1m");
    int bucket_multiplier = 0;  // 0: Auto
    FootprintMode mode = FootprintMode::BidAsk;
    CellShading shading = CellShading::Volume;
    bool stacked_zones = true;
    StudyOptions studies;
    QList<int> pane_sizes;  // the footprint, statistics, CVD and heat panes' heights; empty: defaults
    friend bool operator==(const PaneState&, const PaneState&) = default;
};

// A leaf holds a pane; a split holds two or more nodes side by side (Horizontal) or stacked
// (Vertical), with their sizes in pixels (shares when the window differs).
struct LayoutNode {
    std::optional<PaneState> pane;
    Qt::Orientation orientation = Qt::Horizontal;
    QList<int> sizes;
    std::vector<LayoutNode> children;
    friend bool operator==(const LayoutNode&, const LayoutNode&) = default;
};

struct PaneLayout {
    static constexpr int kVersion = 1;
    LayoutNode root;
    int focused = 0;  // the focused pane, counted depth first
    friend bool operator==(const PaneLayout&, const PaneLayout&) = default;
};

// Panes of a layout depth first (the order `focused` counts in).
std::vector<const PaneState*> layout_panes(const LayoutNode& root);
QJsonObject layout_to_json(const PaneLayout& layout);
// What is wrong, by path ("root.children[1].pane.timeframe: …"), when the object is not a layout.
Result<PaneLayout> layout_from_json(const QJsonObject& object);
// A single pane: the window as it was before layouts.
PaneLayout single_pane_layout(const PaneState& pane);

}  // namespace flowscope::ui
