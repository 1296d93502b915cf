#pragma once
// The status bar: connection state (said plainly), reconnect countdown, trades per second of
// market time, receive latency, gaps, and recording state, plus a "Go live" button when the app fell back
// to the bundled session. What an opened file made the reader skip (bad lines, damaged blocks,
// files of a folder that are not recordings) stays on a label of its own, every item in its
// tooltip, so later news on the message line never hides it; prints that are not aggression are
// counted beside it.
#include <QElapsedTimer>
#include <QObject>
#include <deque>
#include <memory>
#include <span>

#include "model/trade.hpp"
#include "source/source_info.hpp"

class QLabel;
class QPushButton;
class QStatusBar;
class QTimer;

namespace flowscope::ui {

class ChartStore;

// Trades per second of market time over the last kWindowSeconds: counted by the trades' own
// exchange time, so neither a chart started again (its trades come again) nor a burst of history
// (minutes of trades in one go) changes it; a replay shows the market's pace at any speed.
class TradeRate {
public:
    static constexpr std::int64_t kWindowSeconds = 10;
    void add(std::span<const Trade> trades);
    void clear() {
        seconds_.clear();
        newest_us_ = 0;
    }
    // Trades in the kWindowSeconds whole seconds up to and including the one holding end_us.
    std::uint64_t in_window(std::int64_t end_us) const;
    // Those per second, for people: "1.2", "86.5", "4297" (no decimal from 100 a second on).
    QString text(std::int64_t end_us) const;
    std::int64_t newest_us() const { return newest_us_; }

private:
    std::deque<std::pair<std::int64_t, std::uint64_t>> seconds_;  // (second, trades), oldest first
    std::int64_t newest_us_ = 0;
};

class StatusPanel : public QObject {
    Q_OBJECT
public:
    StatusPanel(QStatusBar* bar, std::shared_ptr<ChartStore> store);

    void set_source(const SourceInfo& info);
    // The focused chart's store (a window of several panes), its counters read from now on.
    void set_store(std::shared_ptr<ChartStore> store);
    void set_connection(const ConnectionStatus& status);
    void set_message(const QString& text);  // plain words about what just happened
    // Every trade the chart takes, for the rate; a new chart's first trades come again after
    // chart_restarted and are counted afresh.
    void add_trades(const std::vector<Trade>& trades);
    void chart_restarted();
    QLabel* rate_label() const { return rate_; }
    void set_go_live_visible(bool visible);
    // The source's warnings (SourceInfo::warnings): what was skipped, said plainly; empty hides it.
    void set_skipped(const QStringList& warnings);
    QLabel* skipped_label() const { return skipped_; }
    QLabel* non_aggressive_label() const { return non_aggressive_; }
    // Live: "● REC 1.2 MB" (the file in the tooltip) or "Rec off"; a write error said plainly.
    void set_recording(const RecordingStatus& status);
    QLabel* recording_label() const { return recording_; }
    QString message() const;
    QLabel* connection_label() const { return connection_; }

signals:
    void go_live_clicked();

private:
    void tick();

    std::shared_ptr<ChartStore> store_;
    QLabel* message_;
    QLabel* connection_;
    QLabel* rate_;
    QLabel* latency_;
    QLabel* gaps_;
    QLabel* recording_;
    QLabel* skipped_;
    QLabel* non_aggressive_;
    QPushButton* go_live_;
    QTimer* timer_;
    ConnectionStatus status_;
    QString shown_error_;  // the recording error already put on the message line
    SourceKind kind_ = SourceKind::None;
    TradeRate rate_count_;
    std::int64_t reconnect_deadline_ms_ = 0;
    QElapsedTimer clock_;
};

}  // namespace flowscope::ui
