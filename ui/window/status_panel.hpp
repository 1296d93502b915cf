#pragma once
// The status bar: connection state (said plainly), reconnect countdown, trades per second,
// receive latency, gaps, and recording state, plus a "Go live" button when the app fell back
// to the bundled session. What an opened file made the reader skip (bad lines, damaged blocks,
// files of a folder that are not recordings) stays on a label of its own, every item in its
// tooltip, so later news on the message line never hides it; prints that are not aggression are
// counted beside it.
#include <QElapsedTimer>
#include <QObject>
#include <memory>

#include "source/source_info.hpp"

class QLabel;
class QPushButton;
class QStatusBar;
class QTimer;

namespace flowscope::ui {

class ChartStore;

class StatusPanel : public QObject {
    Q_OBJECT
public:
    StatusPanel(QStatusBar* bar, std::shared_ptr<ChartStore> store);

    void set_source(const SourceInfo& info);
    void set_connection(const ConnectionStatus& status);
    void set_message(const QString& text);  // plain words about what just happened
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
    std::uint64_t last_trades_ = 0;
    QElapsedTimer since_;
    std::int64_t reconnect_deadline_ms_ = 0;
    QElapsedTimer clock_;
};

}  // namespace flowscope::ui
