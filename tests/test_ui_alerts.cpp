// Alerts in the app, offscreen: the bundled real hour replayed in the main window fires exactly the
// alerts the engine fires on its trades (held to plain loops over the hour in test_alerts), the
// panel's log shows them, the chime is asked to play and the desktop's notification service (a
// stand-in on a private session bus) gets a notification; rules kept in settings come back; the
// panel refuses what the command line refuses; a live market's history fires nothing.
#include <QtTest>

#include <QAction>
#include <QComboBox>
#include <QDBusConnection>
#include <QDBusContext>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSoundEffect>

#include <csignal>
#include <cstdio>

#include "chart/chart_store.hpp"
#include "chart/quantity_text.hpp"
#include "model/wall_clock.hpp"
#include "record/recording_trades.hpp"
#include "source/source_controller.hpp"
#include "window/alerts_controller.hpp"
#include "window/alerts_feed.hpp"
#include "window/alerts_notifier.hpp"
#include "window/alerts_panel.hpp"
#include "window/alerts_sound.hpp"
#include "window/app_settings.hpp"
#include "window/main_window.hpp"
#include "window/status_panel.hpp"

using namespace flowscope;
using namespace flowscope::ui;

namespace {

const QString kSession = QString(FLOWSCOPE_RESOURCES_DIR) + "/sessions/binance-futures-BTCUSDT-2020-02-22.fsrec";

// A session bus of the test's own (dbus-daemon), so that notifications never reach the desktop of
// whoever runs the tests, and so that one exists offscreen. Started before the application.
struct PrivateBus {
    QByteArray address;
    pid_t pid = 0;
    PrivateBus() {
        FILE* out = popen("dbus-daemon --session --fork --print-address=1 --print-pid=1", "r");
        if (!out) return;
        char line[512];
        if (std::fgets(line, sizeof line, out)) address = QByteArray(line).trimmed();
        if (std::fgets(line, sizeof line, out)) pid = static_cast<pid_t>(QByteArray(line).trimmed().toLong());
        pclose(out);
        if (!address.isEmpty()) qputenv("DBUS_SESSION_BUS_ADDRESS", address);
    }
    ~PrivateBus() {
        if (pid > 0) ::kill(pid, SIGTERM);
    }
};

// org.freedesktop.Notifications as a desktop serves it, keeping what it was asked to show.
class NotificationService : public QObject {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    struct Shown {
        QString app, summary, body;
        uint replaces = 0;
    };
    QList<Shown> shown;

public slots:
    uint Notify(const QString& app, uint replaces, const QString& /*icon*/, const QString& summary, const QString& body,
                const QStringList& /*actions*/, const QVariantMap& /*hints*/, int /*timeout*/) {
        shown.push_back({app, summary, body, replaces});
        return 7;
    }
};

std::vector<Trade> session_trades() {
    std::vector<Trade> trades;
    const auto read = record::read_recording_trades(kSession.toStdString(), [&](std::span<const Trade> t) {
        trades.insert(trades.end(), t.begin(), t.end());
    });
    if (!read) qFatal("%s", read.error().c_str());
    return trades;
}

// The log lines the app must show, oldest first: the engine on the session's trades.
QStringList engine_lines(const std::vector<AlertRule>& rules, BarSpec spec, std::int64_t bucket_units) {
    auto engine = AlertEngine::create(rules, spec, bucket_units);
    if (!engine) qFatal("%s", engine.error().c_str());
    std::vector<AlertEvent> fired;
    engine->add(session_trades(), fired);
    QStringList out;
    for (const AlertEvent& e : fired) out << time_text(e.exchange_time_us, false, true) + " " + QString::fromStdString(e.text);
    return out;
}

QStringList reversed(QStringList lines) {
    std::reverse(lines.begin(), lines.end());
    return lines;
}

QStringList items(const QListWidget* list) {
    QStringList out;
    for (int i = 0; i < list->count(); ++i) out << list->item(i)->text();
    return out;
}

}  // namespace

class TestUiAlerts : public QObject {
    Q_OBJECT
public:
    PrivateBus* bus = nullptr;

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY2(bus && !bus->address.isEmpty(), "dbus-daemon did not start (scripts/install-deps.sh installs it)");
        QVERIFY(QDBusConnection::sessionBus().isConnected());
    }
    void init() { QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).clear(); }

    // Under the Auto bucket the chart holds a fine base (0.25) and draws a bucket that follows the
    // zoom; stacked-imbalance alerts read the market's default fixed bucket (0.50) whatever the zoom.
    void stacked_alerts_read_the_default_bucket_under_auto() {
        {
            AppSettings settings;
            settings.set_alerts({{QStringLiteral("stacked=3,3"), true}});
        }
        StartOptions options;
        options.source = SourceRequest::replay(kSession);
        options.speed = QStringLiteral("max");
        options.timeframe = QStringLiteral("1m");
        MainWindow window(options);
        window.resize(1024, 640);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy finished(window.controller(), &SourceController::replay_finished);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 120000);
        QCOMPARE(window.controller()->store()->bucket_units(), kDecimalScale / 4);  // Auto's base
        const QStringList want = engine_lines({*parse_alert_rule("stacked=3,3")}, BarSpec::time(60), kDecimalScale / 2);
        QCOMPARE(want.size(), 13);
        QTRY_COMPARE_WITH_TIMEOUT(reversed(window.alerts()->log()), want, 10000);
    }

    void alerts_fire_in_the_app_on_the_real_hour() {
        NotificationService service;
        QDBusConnection desktop = QDBusConnection::connectToBus(QString::fromUtf8(bus->address), QStringLiteral("desktop"));
        QVERIFY(desktop.registerObject(QStringLiteral("/org/freedesktop/Notifications"), &service, QDBusConnection::ExportAllSlots));
        QVERIFY(desktop.registerService(QStringLiteral("org.freedesktop.Notifications")));

        const QStringList rules{"large=10", "level=9700,5", "stacked=3,3", "divergence=5"};
        {
            AppSettings settings;
            QList<SavedAlert> saved;
            for (const QString& r : rules) saved.push_back({r, true});
            saved.push_back({"large=1", false});  // off: fires nothing
            settings.set_alerts(saved);
            settings.set_bucket_multiplier("binance-futures", "BTCUSDT", 50);  // 0.5 levels for the stacked alerts
        }
        StartOptions options;
        options.source = SourceRequest::replay(kSession);
        options.speed = QStringLiteral("max");
        options.timeframe = QStringLiteral("1m");
        MainWindow window(options);
        window.resize(1280, 720);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        AlertsController* alerts = window.alerts();
        QCOMPARE(alerts->alerts().size(), std::size_t{5});
        QSignalSpy playing(alerts->sound()->effect(), &QSoundEffect::playingChanged);
        QSignalSpy finished(window.controller(), &SourceController::replay_finished);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 120000);
        QCOMPARE(window.controller()->store()->bucket_units(), kDecimalScale / 2);

        std::vector<AlertRule> running;
        for (const QString& r : rules) running.push_back(*parse_alert_rule(r.toStdString()));
        const QStringList want = engine_lines(running, BarSpec::time(60), kDecimalScale / 2);
        QCOMPARE(want.size(), 19 + 7 + 13 + 25);
        QTRY_COMPARE_WITH_TIMEOUT(alerts->log().size(), want.size(), 10000);
        QCOMPARE(reversed(alerts->log()), want);
        QCOMPARE(alerts->fired_count(), std::uint64_t(want.size()));
        QVERIFY(want.contains(QString::fromUtf8("00:03:37.580 large sell 10 at 9674.28–9674.97 (sweep of 7 trades); trades 26000441–26000447")));
        QVERIFY(want.contains(QString::fromUtf8("00:19:11.029 price crossed 9700 upward: buy 1.017 at 9700; trade 26001442")));

        // The panel, opened from the toolbar as a user would, shows the same lines, newest first.
        auto* dock = window.findChild<QDockWidget*>(QStringLiteral("alertsDock"));
        QVERIFY(dock && !dock->isVisible());
        dock->toggleViewAction()->trigger();
        QTRY_VERIFY(dock->isVisible());
        auto* log = dock->findChild<QListWidget*>(QStringLiteral("alertLog"));
        QVERIFY(log && log->isVisible());
        QCOMPARE(items(log), alerts->log());
        QCOMPARE(log->item(0)->text(), want.back());
        auto* list = dock->findChild<QListWidget*>(QStringLiteral("alertRules"));
        QCOMPARE(list->count(), 5);
        QCOMPARE(list->item(0)->text(), QString::fromUtf8("Large trade or sweep ≥ 10"));
        QCOMPARE(list->item(4)->checkState(), Qt::Unchecked);
        QCOMPARE(list->item(4)->text(), QString::fromUtf8("Large trade or sweep ≥ 1 (off)"));
        QVERIFY(window.status()->message().startsWith(QStringLiteral("Alert: ")));

        // The chime: loaded from the resources, asked to play (a burst plays it once).
        QCOMPARE(alerts->sound()->effect()->status(), QSoundEffect::Ready);
        QVERIFY(alerts->sound()->plays_requested() >= 1);
        QVERIFY(alerts->sound()->plays_requested() <= want.size());
        QVERIFY(playing.count() >= 1);

        // The desktop's notification service got them, each replacing the one before.
        QTRY_VERIFY_WITH_TIMEOUT(!service.shown.isEmpty(), 10000);
        QTRY_COMPARE(alerts->notifier()->channel(), AlertNotifier::Channel::DesktopService);
        QCOMPARE(service.shown.front().app, QStringLiteral("flowscope"));
        QCOMPARE(service.shown.front().summary, QStringLiteral("flowscope alert"));
        QVERIFY2(want.contains(service.shown.front().body.section('\n', 0, 0)), qPrintable(service.shown.front().body));
        QTRY_COMPARE(service.shown.back().body.section('\n', 0, 0), want.back());
        if (service.shown.size() > 1) QCOMPARE(service.shown.back().replaces, 7u);
        QCOMPARE(alerts->notifier()->channel_text(), QStringLiteral("desktop notifications"));
        desktop.unregisterService(QStringLiteral("org.freedesktop.Notifications"));
        QDBusConnection::disconnectFromBus(QStringLiteral("desktop"));
    }

    void alerts_are_kept_across_runs() {
        {
            AlertsController alerts;
            QVERIFY(alerts.alerts().empty());
            QCOMPARE(alerts.add("large=12.5"), QString());
            QCOMPARE(alerts.add("level=9700,25"), QString());
            alerts.set_chart_imbalance([] {
                ImbalanceSettings s;
                s.ratio = *parse_quantity("2.5");
                s.stack = 4;
                return s;
            }());
            QCOMPARE(alerts.add("stacked"), QString());  // the chart's settings
            QCOMPARE(alerts.add("divergence=8"), QString());
            alerts.set_enabled(1, false);
            alerts.set_sound_on(false);
        }
        AppSettings settings;
        const QList<SavedAlert> want{{"large=12.5", true}, {"level=9700,25", false}, {"stacked=2.5,4", true}, {"divergence=8", true}};
        QCOMPARE(settings.alerts(), want);
        QVERIFY(!settings.alert_sound());
        QVERIFY(settings.alert_notifications());
        AlertsController again;
        QCOMPARE(again.alerts().size(), std::size_t{4});
        QCOMPARE(QString::fromStdString(alert_rule_text(again.alerts()[2].rule)), QStringLiteral("stacked=2.5,4"));
        QVERIFY(!again.alerts()[1].enabled);
        QVERIFY(!again.sound_on());
        again.remove(0);
        QCOMPARE(AppSettings().alerts().front().rule, QStringLiteral("level=9700,25"));
    }

    // What the chart's "set alert here" calls.
    void a_price_alert_from_the_chart() {
        AlertsController alerts;
        QSignalSpy refused(&alerts, &AlertsController::refused);
        QCOMPARE(alerts.add_price_alert(*parse_price("9700.5")), QString());
        QCOMPARE(QString::fromStdString(alert_rule_text(alerts.alerts().back().rule)), QStringLiteral("level=9700.5"));
        QCOMPARE(alerts.add_price_alert(Price{}), QStringLiteral("No alert at 0: a price level must be above 0 (got 0), like 9700"));
        QCOMPARE(alerts.add_price_alert(*parse_price("9700.5")), QStringLiteral("No alert at 9700.5: level=9700.5 is set already"));
        QCOMPARE(refused.count(), 2);
        QCOMPARE(alerts.alerts().size(), std::size_t{1});
    }

    void the_panel_sets_alerts_and_refuses_bad_ones() {
        AlertsController alerts;
        AlertsPanel panel(&alerts);
        panel.show();
        auto* kind = panel.findChild<QComboBox*>(QStringLiteral("alertKind"));
        auto* value = panel.findChild<QLineEdit*>(QStringLiteral("alertValue"));
        auto* add = panel.findChild<QPushButton*>(QStringLiteral("addAlert"));
        auto* error = panel.findChild<QLabel*>(QStringLiteral("alertError"));
        auto* list = panel.findChild<QListWidget*>(QStringLiteral("alertRules"));
        kind->setCurrentIndex(1);
        QCOMPARE(kind->currentText(), QStringLiteral("Price level"));
        QTest::keyClicks(value, "0");
        add->click();
        QVERIFY(error->isVisible());
        QCOMPARE(error->text(), QStringLiteral("bad alert 'level=0': a price level must be above 0 (got 0), like 9700"));
        QCOMPARE(list->count(), 0);
        value->clear();
        QTest::keyClicks(value, "9700,25");
        QTest::keyClick(value, Qt::Key_Return);
        QVERIFY(!error->isVisible());
        QCOMPARE(list->count(), 1);
        QCOMPARE(list->item(0)->text(), QStringLiteral("Price reaches 9700 (again after 25 away)"));
        kind->setCurrentIndex(0);
        QTest::keyClicks(value, "-5");
        add->click();
        QCOMPARE(error->text(), QStringLiteral("bad alert 'large=-5': a large-trade size must be above 0 (got -5), like 10 or 2.5"));
        value->clear();
        QTest::keyClicks(value, "10");
        add->click();
        QCOMPARE(list->count(), 2);
        list->item(0)->setCheckState(Qt::Unchecked);  // as a click on its box does
        QVERIFY(!alerts.alerts()[0].enabled);
        QCOMPARE(list->item(0)->text(), QStringLiteral("Price reaches 9700 (again after 25 away) (off)"));
        list->setCurrentRow(1);
        panel.findChild<QPushButton*>(QStringLiteral("removeAlert"))->click();
        QCOMPARE(list->count(), 1);
        QCOMPARE(alerts.alerts().size(), std::size_t{1});
        QCOMPARE(AppSettings().alerts(), (QList<SavedAlert>{{"level=9700,25", false}}));
    }

    // A live market opens with its recent history: those trades set the engine's state but fire
    // nothing; trades as they happen fire.
    void a_live_market_history_fires_nothing() {
        std::vector<Trade> trades = session_trades();
        AlertsFeed feed;
        feed.set_rules({LargeTradeAlert{*parse_quantity("10")}});
        feed.set_live(true);
        const BarSeries empty(BarSpec::time(60), kDecimalScale);
        feed.chart_replaced(empty, 0);
        feed.trades_added(trades);
        std::vector<AlertEvent> taken;
        feed.take(taken);
        QVERIFY(taken.empty());
        QCOMPARE(feed.history_quieted(), std::uint64_t{19});
        // The same hour as if it began now: none of it is a minute old while it is taken in.
        const std::int64_t shift = wall_now_us() - trades.front().exchange_time_us;
        for (Trade& t : trades) t.exchange_time_us += shift;
        feed.chart_replaced(empty, 0);
        feed.trades_added(trades);
        feed.take(taken);
        QCOMPARE(taken.size(), std::size_t{19});
        // A replay: every trade is now.
        feed.set_live(false);
        feed.chart_replaced(empty, 0);
        feed.trades_added(session_trades());
        taken.clear();
        feed.take(taken);
        QCOMPARE(taken.size(), std::size_t{19});
    }
};

int main(int argc, char** argv) {
    PrivateBus bus;  // before the application: Qt reads the session bus address once
    QApplication app(argc, argv);
    Q_INIT_RESOURCE(flowscope);  // the chime, as the app's main() does
    TestUiAlerts test;
    test.bus = &bus;
    return QTest::qExec(&test, argc, argv);
}

#include "test_ui_alerts.moc"
