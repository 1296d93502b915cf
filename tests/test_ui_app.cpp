// The real `flowscope` binary: replays the real hour to its end, saves a screenshot, and the
// picture is a chart (many colours, buy and sell colours present), not a blank window.
#include <QProcess>
#include <QtTest>

namespace {
const QString kRealHour = QStringLiteral(FLOWSCOPE_TEST_DATA_DIR "/binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv");

struct Run {
    int exit_code = -1;
    QString err;
};

Run run_app(const QStringList& args, const QString& config = QDir::tempPath() + QStringLiteral("/flowscope-test-config")) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), config);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(FLOWSCOPE_APP_PATH), args);
    if (!p.waitForFinished(180000)) {
        p.kill();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromLocal8Bit(p.readAllStandardError())};
}
}  // namespace

class TestUiApp : public QObject {
    Q_OBJECT

private slots:
    void screenshot_of_a_replay_is_a_chart();
    void screenshot_until_a_time_stops_there();
    void bundled_recording_replays_to_a_screenshot();
    void bad_command_lines_are_refused_with_a_reason();
    void a_file_that_is_not_trades_fails_with_a_message();
    void a_saved_layout_opens_with_every_pane();
};

// Two panes side by side, the real hour in 1m and 5m: `--layout` opens them, the screenshot waits
// for both replays and shows both charts; an unknown name is refused with the names there are.
void TestUiApp::a_saved_layout_opens_with_every_pane() {
    QTemporaryDir config;
    QVERIFY(QDir().mkpath(config.filePath(QStringLiteral("flowscope"))));
    {
        QFile f(config.filePath(QStringLiteral("flowscope/layouts.json")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        const QString pane = QStringLiteral(R"({"pane": {"source": "file:%1", "timeframe": "%2"}})");
        f.write(QStringLiteral(R"({"version": 1, "layouts": {"two": {"version": 1, "root": {"split": "side by side", "children": [%1, %2]}}}})")
                    .arg(pane.arg(kRealHour, QStringLiteral("1m")), pane.arg(kRealHour, QStringLiteral("5m")))
                    .toUtf8());
    }
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("two.png"));
    const Run r = run_app({QStringLiteral("--layout"), QStringLiteral("two"), QStringLiteral("--speed"), QStringLiteral("max"),
                           QStringLiteral("--screenshot"), out},
                          config.path());
    QVERIFY2(r.exit_code == 0, qPrintable(r.err));
    const QImage image(out);
    QVERIFY(!image.isNull());
    // Candles and cells in both halves of the chart area (time & sales takes the right fifth).
    int buy[2] = {0, 0}, sell[2] = {0, 0};
    for (int y = image.height() / 8; y < image.height() * 7 / 8; y += 2)
        for (int x = 0; x < image.width() * 3 / 4; x += 2) {
            const QColor c(image.pixel(x, y));
            const int half = x < image.width() * 3 / 8 ? 0 : 1;
            if (c.green() > c.red() + 80 && c.blue() > 100) ++buy[half];
            if (c.red() > c.green() + 100) ++sell[half];
        }
    for (int half = 0; half < 2; ++half)
        QVERIFY2(buy[half] > 200 && sell[half] > 200, qPrintable(QString("half %1: buy %2 sell %3 pixels").arg(half).arg(buy[half]).arg(sell[half])));

    const Run unknown = run_app({QStringLiteral("--layout"), QStringLiteral("three")}, config.path());
    QCOMPARE(unknown.exit_code, 2);
    QVERIFY2(unknown.err.contains(QStringLiteral("no layout called three (saved: two)")), qPrintable(unknown.err));
}

void TestUiApp::screenshot_of_a_replay_is_a_chart() {
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("shot.png"));
    const Run r = run_app({QStringLiteral("--replay"), kRealHour, QStringLiteral("--speed"), QStringLiteral("max"),
                           QStringLiteral("--screenshot"), out});
    QVERIFY2(r.exit_code == 0, qPrintable(r.err));
    QImage image(out);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() >= 800 && image.height() >= 500);
    QSet<QRgb> colours;
    int buy = 0, sell = 0;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2) {
            const QColor c(image.pixel(x, y));
            colours.insert(image.pixel(x, y) & 0xF0F0F0);
            if (c.green() > c.red() + 80 && c.blue() > 100) ++buy;
            if (c.red() > c.green() + 100) ++sell;
        }
    QVERIFY2(colours.size() > 60, qPrintable(QString("only %1 colours").arg(colours.size())));
    QVERIFY2(buy > 200 && sell > 200, qPrintable(QString("buy %1 sell %2 pixels").arg(buy).arg(sell)));
}

void TestUiApp::screenshot_until_a_time_stops_there() {
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("until.png"));
    const Run r = run_app({QStringLiteral("--replay"), kRealHour, QStringLiteral("--until"), QStringLiteral("00:20"),
                           QStringLiteral("--timeframe"), QStringLiteral("5m"), QStringLiteral("--screenshot"), out});
    QVERIFY2(r.exit_code == 0, qPrintable(r.err));
    QVERIFY(!QImage(out).isNull());
}

void TestUiApp::bundled_recording_replays_to_a_screenshot() {
    const QString session = QStringLiteral(FLOWSCOPE_RESOURCES_DIR "/sessions/binance-futures-BTCUSDT-2020-02-22.fsrec");
    QVERIFY2(QFile::exists(session), "the bundled session is missing");
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("session.png"));
    const Run r = run_app({QStringLiteral("--replay"), session, QStringLiteral("--screenshot"), out});
    QVERIFY2(r.exit_code == 0, qPrintable(r.err));
    QVERIFY(!QImage(out).isNull());
}

void TestUiApp::bad_command_lines_are_refused_with_a_reason() {
    Run r = run_app({QStringLiteral("--replay"), QStringLiteral("/no/such/file.csv"), QStringLiteral("--screenshot"),
                     QStringLiteral("/tmp/x.png")});
    QCOMPARE(r.exit_code, 2);
    QVERIFY2(r.err.contains(QStringLiteral("no such file")), qPrintable(r.err));
    r = run_app({QStringLiteral("--replay"), kRealHour, QStringLiteral("--speed"), QStringLiteral("3")});
    QCOMPARE(r.exit_code, 2);
    QVERIFY2(r.err.contains(QStringLiteral("--speed")), qPrintable(r.err));
    r = run_app({QStringLiteral("--replay"), kRealHour, QStringLiteral("--timeframe"), QStringLiteral("7q")});
    QCOMPARE(r.exit_code, 2);
    QVERIFY2(r.err.contains(QStringLiteral("--timeframe")), qPrintable(r.err));
    QTemporaryDir dir;
    r = run_app({QStringLiteral("--replay"), kRealHour, QStringLiteral("--until"), QStringLiteral("half past"),
                 QStringLiteral("--screenshot"), dir.filePath(QStringLiteral("x.png"))});
    QCOMPARE(r.exit_code, 1);
    QVERIFY2(r.err.contains(QStringLiteral("--until")), qPrintable(r.err));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x.png"))));
}

void TestUiApp::a_file_that_is_not_trades_fails_with_a_message() {
    QTemporaryDir dir;
    const QString bad = dir.filePath(QStringLiteral("notes.csv"));
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("hello,world\nthis,is not a trade file\n");
    f.close();
    const Run r = run_app({QStringLiteral("--replay"), bad, QStringLiteral("--screenshot"), dir.filePath(QStringLiteral("y.png"))});
    QCOMPARE(r.exit_code, 1);
    QVERIFY2(r.err.contains(QStringLiteral("notes.csv")), qPrintable(r.err));
}

QTEST_MAIN(TestUiApp)
#include "test_ui_app.moc"
