#include "window/alerts_controller.hpp"

#include <QTimer>

#include "chart/quantity_text.hpp"
#include "window/alerts_feed.hpp"
#include "window/alerts_notifier.hpp"
#include "window/alerts_sound.hpp"
#include "window/app_settings.hpp"

namespace flowscope::ui {

AlertsController::AlertsController(QObject* parent)
    : QObject(parent),
      feed_(std::make_shared<AlertsFeed>()),
      take_timer_(new QTimer(this)),
      sound_(new AlertSound(this)),
      notifier_(new AlertNotifier(this)) {
    take_timer_->setSingleShot(true);
    connect(take_timer_, &QTimer::timeout, this, &AlertsController::take_fired);
    AppSettings settings;
    for (const SavedAlert& saved : settings.alerts()) {
        // A rule that no longer reads (edited by hand) is dropped rather than guessed at.
        if (auto rule = parse_alert_rule(saved.rule.toStdString())) alerts_.push_back({*rule, saved.enabled});
    }
    sound_on_ = settings.alert_sound();
    notifications_on_ = settings.alert_notifications();
    feed_->set_wake([this] { QMetaObject::invokeMethod(this, &AlertsController::woken, Qt::QueuedConnection); });
    rules_changed();
}

// After set_wake({}) the worker never calls back, and alerts already posted die with this object.
AlertsController::~AlertsController() { feed_->set_wake({}); }

QString AlertsController::add(const QString& text) {
    const QString trimmed = text.trimmed();
    auto rule = parse_alert_rule(trimmed.toStdString());
    if (!rule) return QString::fromStdString(rule.error());
    if (trimmed == QStringLiteral("stacked")) *rule = StackedImbalanceAlert{chart_imbalance_};
    return add_rule(*rule);
}

QString AlertsController::add_rule(const AlertRule& rule) {
    if (const Result<void> checked = check_alert_rule(rule); !checked) return QString::fromStdString(checked.error());
    for (const AlertEntry& a : alerts_)
        if (a.rule == rule) return QStringLiteral("%1 is set already").arg(QString::fromStdString(alert_rule_text(rule)));
    alerts_.push_back({rule, true});
    rules_changed();
    return {};
}

QString AlertsController::add_price_alert(flowscope::Price price) {
    QString why = add_rule(PriceLevelAlert{price, Price{}});
    if (!why.isEmpty()) {
        why = QStringLiteral("No alert at %1: %2").arg(QString::fromStdString(format_price(price)), why);
        emit refused(why);
    }
    return why;
}

void AlertsController::remove(int index) {
    if (index < 0 || index >= static_cast<int>(alerts_.size())) return;
    alerts_.erase(alerts_.begin() + index);
    rules_changed();
}

void AlertsController::set_enabled(int index, bool on) {
    if (index < 0 || index >= static_cast<int>(alerts_.size()) || alerts_[static_cast<std::size_t>(index)].enabled == on) return;
    alerts_[static_cast<std::size_t>(index)].enabled = on;
    rules_changed();
}

void AlertsController::rules_changed() {
    std::vector<AlertRule> running;
    QList<SavedAlert> saved;
    for (const AlertEntry& a : alerts_) {
        if (a.enabled) running.push_back(a.rule);
        saved.push_back({QString::fromStdString(alert_rule_text(a.rule)), a.enabled});
    }
    feed_->set_rules(std::move(running));
    AppSettings().set_alerts(saved);
    emit alerts_changed();
}

void AlertsController::set_live(bool live) { feed_->set_live(live); }
void AlertsController::set_include_non_aggressive(bool include) { feed_->set_include_non_aggressive(include); }

void AlertsController::set_sound_on(bool on) {
    sound_on_ = on;
    AppSettings().set_alert_sound(on);
}

void AlertsController::set_notifications_on(bool on) {
    notifications_on_ = on;
    AppSettings().set_alert_notifications(on);
}

void AlertsController::clear_log() { log_.clear(); }

void AlertsController::woken() {
    if (take_timer_->isActive()) return;
    const qint64 since = last_take_.isValid() ? last_take_.elapsed() : kMinGapMs;
    take_timer_->start(static_cast<int>(std::max<qint64>(0, kMinGapMs - since)));
}

void AlertsController::take_fired() {
    last_take_.start();
    std::vector<AlertEvent> events;
    feed_->take(events);
    if (events.empty()) return;
    QStringList lines;
    for (const AlertEvent& e : events) {
        lines << time_text(e.exchange_time_us, false, true) + QLatin1Char(' ') + QString::fromStdString(e.text);
        log_.prepend(lines.back());
    }
    while (log_.size() > kMaxLogLines) log_.removeLast();
    fired_count_ += events.size();
    if (sound_on_) sound_->play();
    if (notifications_on_) {
        QString body = lines.back();
        if (lines.size() > 1) body += QStringLiteral("\n(and %1 more)").arg(lines.size() - 1);
        notifier_->notify(QStringLiteral("flowscope alert"), body);
    }
    emit fired(lines);
}

}  // namespace flowscope::ui
