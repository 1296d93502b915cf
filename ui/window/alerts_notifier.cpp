#include "window/alerts_notifier.hpp"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QIcon>
#include <QSystemTrayIcon>

namespace flowscope::ui {

namespace {
const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
constexpr int kShowMs = 6000;
constexpr qint64 kServiceRetryMs = 60'000;  // after the service did not answer, the tray for a minute
}  // namespace

AlertNotifier::AlertNotifier(QObject* parent) : QObject(parent) {}

QString AlertNotifier::channel_text() const {
    switch (channel_) {
        case Channel::DesktopService: return QStringLiteral("desktop notifications");
        case Channel::Tray: return QStringLiteral("tray messages");
        case Channel::None: break;
    }
    return QStringLiteral("no desktop notifications: no notification service on the session bus and no system tray");
}

void AlertNotifier::notify(const QString& title, const QString& body) {
    QDBusConnection bus = QDBusConnection::sessionBus();
    const bool try_service = bus.isConnected() && (!service_missing_.isValid() || service_missing_.hasExpired(kServiceRetryMs));
    if (!try_service) return show_in_tray(title, body);
    // Asynchronous: the UI never waits for the bus. A service that is not there answers with an
    // error, and this message goes to the tray instead.
    // Notify(app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout)
    QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kService, QStringLiteral("Notify"));
    call << QStringLiteral("flowscope") << replaces_id_ << QStringLiteral("flowscope") << title << body << QStringList{}
         << QVariantMap{{QStringLiteral("category"), QStringLiteral("im.received")}} << kShowMs;
    auto* watcher = new QDBusPendingCallWatcher(bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, title, body](QDBusPendingCallWatcher* w) {
        const QDBusPendingReply<quint32> reply = *w;
        w->deleteLater();
        if (reply.isValid()) {
            replaces_id_ = reply.value();
            service_missing_.invalidate();
            channel_ = Channel::DesktopService;
            ++notifications_;
            emit shown();
            return;
        }
        service_missing_.start();
        show_in_tray(title, body);
    });
}

void AlertNotifier::show_in_tray(const QString& title, const QString& body) {
    if (!QSystemTrayIcon::isSystemTrayAvailable()) {
        channel_ = Channel::None;
        return;
    }
    if (!tray_) {
        tray_ = new QSystemTrayIcon(QIcon(QStringLiteral(":/icons/flowscope.svg")), this);
        tray_->setToolTip(QStringLiteral("flowscope alerts"));
    }
    tray_->show();
    tray_->showMessage(title, body, QSystemTrayIcon::Information, kShowMs);
    channel_ = Channel::Tray;
    ++notifications_;
    emit shown();
}

}  // namespace flowscope::ui
