#pragma once
// Desktop notifications for alerts. The desktop's own notification service comes first:
// org.freedesktop.Notifications on the session bus (GNOME, KDE, Xfce… all serve it), called over
// Qt D-Bus, which comes with Qt's base package; it needs no icon of ours in a tray. Where no such
// service answers, a system tray icon shows the message (QSystemTrayIcon::showMessage) if the
// desktop has a tray. With neither (a bare X server, offscreen), nothing is shown and
// channel_text() says why; the alert log and the sound still tell.
#include <QElapsedTimer>
#include <QObject>
#include <QString>

class QSystemTrayIcon;

namespace flowscope::ui {

class AlertNotifier : public QObject {
    Q_OBJECT
public:
    enum class Channel { None, DesktopService, Tray };

    explicit AlertNotifier(QObject* parent = nullptr);

    // One notification; a later one replaces it (the service's replaces_id, or the tray's balloon).
    // Never waits: the service answers later, and shown() says it did.
    void notify(const QString& title, const QString& body);
    // Where the last notification went (None until one went somewhere, or when nothing can show it).
    Channel channel() const { return channel_; }
    QString channel_text() const;
    int notifications() const { return notifications_; }  // shown through a channel

signals:
    void shown();

private:
    void show_in_tray(const QString& title, const QString& body);

    Channel channel_ = Channel::None;
    QElapsedTimer service_missing_;  // running since the service last failed to answer
    QSystemTrayIcon* tray_ = nullptr;
    quint32 replaces_id_ = 0;
    int notifications_ = 0;
};

}  // namespace flowscope::ui
