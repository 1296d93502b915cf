#pragma once
// The toolbar's Studies button: each study on or off, the big-trade threshold, the session start,
// the fixed range cleared. Kept in settings; install_studies_menu wires it to a view's studies.
#include <QToolButton>
#include <map>

#include "chart/study_options.hpp"

class QMenu;
class QToolBar;

namespace flowscope::ui {

class ChartContextMenu;
class OrderFlowView;

class StudiesMenu : public QToolButton {
    Q_OBJECT
public:
    explicit StudiesMenu(QWidget* parent = nullptr);

    // Shows `options` without emitting options_changed.
    void set_options(const StudyOptions& options);
    const StudyOptions& options() const { return options_; }
    // The menu's actions by key (tests): "session_profile", "visible_profile", "fixed_profile",
    // "clear_fixed", "naked_pocs", "developing_poc", "big_trades", "cvd_candles",
    // "cvd_session_reset", "delta_rows", "exchange_split", "threshold/<quote>", "session/<minutes>".
    QAction* action(const QString& key) const;

signals:
    void options_changed(const flowscope::ui::StudyOptions& options);
    void clear_fixed_range_requested();

private:
    void read_actions();
    QAction* add_check(QMenu* menu, const QString& key, const QString& text);

    StudyOptions options_;
    std::map<QString, QAction*> actions_;
    bool syncing_ = false;
};

// Puts a Studies button at the end of `toolbar` for `view`'s studies (chart/chart_studies.hpp):
// options from settings and saved on change; the chart menu's fixed range (chart_menu may be null).
StudiesMenu* install_studies_menu(QToolBar* toolbar, OrderFlowView* view, ChartContextMenu* chart_menu);

}  // namespace flowscope::ui
