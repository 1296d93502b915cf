#pragma once
// Cumulative volume delta on the shared time axis: candles of the running delta through each bar
// (aggregate/cvd_candles.hpp: open before the bar's first trade, high and low the extremes inside
// it, close after its last) or a line through the closes, a zero line, and optionally the CVD
// counted from each session's start. The highest candle never reaches under the title. A group of
// markets (ChartBars::members) adds each member's own CVD as a thin line beside the total, named
// in a legend at the top right.
#include <optional>

#include "aggregate/cvd_candles.hpp"
#include "chart/time_pane.hpp"

namespace flowscope::ui {

class CvdPane : public TimePane {
    Q_OBJECT
public:
    explicit CvdPane(QWidget* parent = nullptr);
    void bars_changed() override;
    void fit_values() override;
    void apply_theme(const Theme& theme) override;
    // Candles (the Studies menu's default) or a line through the closes (a pane on its own).
    void set_candles(bool on);
    bool candles_shown() const { return candles_->visible(); }
    // The CVD from each session's start (nullopt: the stream's own).
    void set_session_reset(const std::optional<SessionSpec>& reset);
    QCPGraph* line() const { return line_; }
    QCPFinancial* candles() const { return candles_; }
    QCPItemText* title() const { return title_; }
    // The candles as computed from the bars, exact (tests compare them with the core's).
    const std::vector<CvdCandle>& values() const { return values_; }
    // A group's members' CVD after each bar, exact: member_values()[m][i] (empty for one market).
    const std::vector<std::vector<Quantity>>& member_values() const { return member_values_; }
    const std::vector<QCPGraph*>& member_lines() const { return member_lines_; }

private:
    void refresh_title();
    void refresh_members();
    void style_member_lines();

    QCPGraph* line_ = nullptr;
    QCPFinancial* candles_ = nullptr;
    QCPItemStraightLine* zero_ = nullptr;
    QCPItemText* title_ = nullptr;
    std::optional<SessionSpec> reset_;
    std::vector<CvdCandle> values_;
    std::vector<std::vector<Quantity>> member_values_;
    std::vector<QCPGraph*> member_lines_;
    std::uint64_t missing_ = 0;
};

}  // namespace flowscope::ui
