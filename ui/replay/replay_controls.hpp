#pragma once
// Replay controls: play/pause, speed, step a bar back or forward, a time slider to seek, and the
// market time of the replay. Shown only while a recording or file is replayed. Dragging the slider
// previews: the time follows the handle and the chart seeks there at most every
// kPreviewIntervalMs, then once more where the handle is let go.
#include <QToolBar>

class QAction;
class QComboBox;
class QLabel;
class QSlider;
class QTimer;

namespace flowscope::ui {

class ReplayControls : public QToolBar {
    Q_OBJECT
public:
    explicit ReplayControls(QWidget* parent = nullptr);

    static constexpr int kPreviewIntervalMs = 150;

    static QStringList speed_texts();           // "1", "2", "5", "10", "60", "600", "max"
    static double speed_value(const QString& text);  // "max" → record::kMaxSpeed

    void set_span(qint64 start_us, qint64 end_us);
    void set_position(qint64 market_us, bool playing);
    void set_speed_text(const QString& text);
    // Progress of the background pass that makes seeks short; shown until 100.
    void set_preparation(int percent);
    QString speed_text() const;

    QAction* play_action() const { return play_; }
    QSlider* slider() const { return slider_; }
    QLabel* time_label() const { return time_; }
    QLabel* preparation_label() const { return preparation_; }

signals:
    void play_toggled();
    void speed_changed(double speed, const QString& text);
    void step_forward();
    void step_back();
    void seek_requested(qint64 market_us);

protected:
    void changeEvent(QEvent* event) override;

private:
    void update_icons();  // drawn in the palette's button text colour: they read as enabled in both themes
    void preview(int value);

    QAction* play_;
    QComboBox* speed_;
    QSlider* slider_;
    QLabel* time_;
    QLabel* preparation_;
    QAction* preparation_action_;  // a toolbar widget is hidden through its action
    QAction* step_back_;
    QAction* step_forward_;
    QTimer* preview_timer_;
    bool preview_pending_ = false;
    bool playing_ = false;
    qint64 start_us_ = 0;
    qint64 end_us_ = 0;
};

}  // namespace flowscope::ui
