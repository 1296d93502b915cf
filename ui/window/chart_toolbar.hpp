#pragma once
// The chart toolbar: source, timeframe, price bucket, footprint mode and shading, the imbalance
// settings (a popover), an export menu (PNG, CSV) and a settings menu (recording, prints that are
// not aggression, theme). All of it fits a 1280 px wide window; at 1024 px the settings overflow.
#include <QToolBar>

#include "aggregate/bar_spec.hpp"
#include "chart/footprint_options.hpp"
#include "model/decimal.hpp"

class QComboBox;
class QMenu;
class QToolButton;

namespace flowscope::ui {

class ImbalancePopover;

class ChartToolbar : public QToolBar {
    Q_OBJECT
public:
    explicit ChartToolbar(QWidget* parent = nullptr);

    // Timeframes offered: the eleven time frames, then tick and volume bars.
    static QStringList timeframe_texts();

    void set_timeframe(const QString& text);
    QString timeframe() const;
    // Fills the bucket list for an instrument: Auto first, then the fixed buckets (tick ×
    // kBucketMultipliers); selects multiplier (0: Auto).
    void set_buckets(Price tick, int multiplier);
    // 0 for Auto, else the fixed bucket's multiple of the tick.
    int bucket_multiplier() const;
    // The bucket Auto draws now, shown in its entry: "Auto (0.50)".
    void show_auto_bucket(Price bucket);
    void set_options(const FootprintOptions& options);
    FootprintOptions options() const;
    void set_source_title(const QString& title);
    // The market's imbalance settings, and where its minimum volume comes from (the popover says).
    void set_imbalance(const ImbalanceSettings& settings, const QString& note);
    static constexpr int kSourceTitleWidth = 260;  // px of title before it is cut in the middle

    QComboBox* timeframe_box() const { return timeframe_; }
    QComboBox* bucket_box() const { return bucket_; }
    QComboBox* mode_box() const { return mode_; }
    // Puts a chart control (e.g. the Studies button) after the imbalance button, among the chart's
    // own controls: at 1024 px they stay in view while the exports and settings overflow.
    void insert_chart_widget(QWidget* widget);
    QToolButton* imbalance_button() const { return imbalance_button_; }
    ImbalancePopover* imbalance_popover() const { return imbalance_; }
    void show_imbalance_popover();  // what a click on the imbalance button does
    QToolButton* source_button() const { return source_; }
    // Checkable "Record live sessions"; set_recording_checked does not emit recording_toggled.
    QAction* record_action() const { return record_; }
    void set_recording_checked(bool on);
    // Checkable "Include prints that are not aggression"; set_…_checked does not emit the signal.
    QAction* non_aggressive_action() const { return non_aggressive_; }
    void set_non_aggressive_checked(bool on);

protected:
    void changeEvent(QEvent* event) override;

signals:
    void source_requested();
    void timeframe_changed(const QString& text);
    void bucket_changed(int multiplier);
    void options_changed(const flowscope::ui::FootprintOptions& options);
    void theme_toggled();
    // target: empty for the whole window, else a pane's object name ("footprint", "stats", "cvd", "heat").
    void export_png_requested(const QString& target);
    void export_csv_requested();
    void recording_toggled(bool on);
    void non_aggressive_toggled(bool include);

private:
    QToolButton* source_;
    QComboBox* timeframe_;
    QComboBox* bucket_;
    Price tick_{}, auto_bucket_{};  // the bucket list's instrument tick, and what Auto draws
    QComboBox* mode_;
    QComboBox* shading_;
    QToolButton* imbalance_button_;
    ImbalancePopover* imbalance_;
    QMenu* imbalance_menu_ = nullptr;
    QAction* spacer_ = nullptr;  // between the chart's controls and the exports / settings
    QAction* record_;
    QAction* non_aggressive_;
    FootprintOptions options_;
    bool updating_ = false;
    void update_imbalance_button();
};

}  // namespace flowscope::ui
