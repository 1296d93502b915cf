#pragma once
// The app's alerts, on the UI thread: the rules the user set (kept in settings, each on or off),
// the log of what fired, the sound and the desktop notification. The rules run on the worker
// thread in an AlertsFeed that watches the chart store; when alerts fire there the feed wakes this
// object, which takes them all at once, at most every kMinGapMs: a burst (a fast replay) is one
// log update, one sound, one notification.
#include <QElapsedTimer>
#include <QObject>
#include <QStringList>
#include <memory>
#include <vector>

#include "alert/alert_rule.hpp"
#include "model/decimal.hpp"

class QTimer;

namespace flowscope::ui {

class AlertNotifier;
class AlertSound;
class AlertsFeed;

struct AlertEntry {
    AlertRule rule;
    bool enabled = true;
};

class AlertsController : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxLogLines = 500;
    static constexpr int kMinGapMs = 500;

    explicit AlertsController(QObject* parent = nullptr);  // the alerts kept in settings
    ~AlertsController() override;

    // What the chart store's watcher must be (ChartStore::set_watcher).
    std::shared_ptr<AlertsFeed> feed() const { return feed_; }

    const std::vector<AlertEntry>& alerts() const { return alerts_; }
    // An alert written as on the command line ("large=10", "level=9700,25", "stacked",
    // "divergence=5"); "stacked" alone takes the chart's imbalance settings. Returns why it was
    // refused, empty when added.
    QString add(const QString& text);
    QString add_rule(const AlertRule& rule);
    void remove(int index);
    void set_enabled(int index, bool on);

    // A live market's history fires nothing (AlertsFeed); set before the source opens.
    void set_live(bool live);
    void set_include_non_aggressive(bool include);
    void set_chart_imbalance(const ImbalanceSettings& settings) { chart_imbalance_ = settings; }

    // Newest first, "00:03:37.580 large sell 10 at …" (UTC).
    const QStringList& log() const { return log_; }
    void clear_log();
    std::uint64_t fired_count() const { return fired_count_; }

    bool sound_on() const { return sound_on_; }
    void set_sound_on(bool on);
    bool notifications_on() const { return notifications_on_; }
    void set_notifications_on(bool on);
    AlertSound* sound() const { return sound_; }
    AlertNotifier* notifier() const { return notifier_; }

public slots:
    // "Set alert here" on the chart: price crossing this level, once. Returns why it was refused
    // (also said by `refused`), empty when added.
    QString add_price_alert(flowscope::Price price);

signals:
    void alerts_changed();
    void fired(const QStringList& lines);  // the lines just logged, oldest first
    void refused(const QString& message);

private:
    void woken();  // UI thread: take now, or when kMinGapMs have passed since the last take
    void take_fired();
    void rules_changed();  // to the feed and to settings

    std::shared_ptr<AlertsFeed> feed_;
    std::vector<AlertEntry> alerts_;
    ImbalanceSettings chart_imbalance_;
    QStringList log_;
    std::uint64_t fired_count_ = 0;
    bool sound_on_ = true;
    bool notifications_on_ = true;
    QTimer* take_timer_;
    QElapsedTimer last_take_;
    AlertSound* sound_;
    AlertNotifier* notifier_;
};

}  // namespace flowscope::ui
