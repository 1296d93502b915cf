// Damaged input opened in the app, as a user would: a trade file with bad lines, a recording with
// an impossible block, a recording cut short by a crash, and a folder of recordings mixed with
// other files. Each replays what can be read and says in the status bar what was skipped (every
// item in the tooltip, so later news never hides it), or why nothing could be played; the window
// keeps answering throughout and no dialog ever waits for the user.
#include <QApplication>
#include <QElapsedTimer>
#include <QLabel>
#include <QtTest>

#include "source/source_controller.hpp"
#include "window/main_window.hpp"
#include "window/status_panel.hpp"

using namespace flowscope::ui;

namespace {

const QString kBad = QStringLiteral(FLOWSCOPE_TEST_DATA_DIR "/bad/");
const QString kSession = QStringLiteral(FLOWSCOPE_RESOURCES_DIR "/sessions/binance-futures-BTCUSDT-2020-02-22.fsrec");

// The bundled real session cut at nine tenths, as a crash would leave it: no footer, its block
// (the hour is one block) half written.
QString truncated_copy(const QString& folder, const QString& name) {
    QFile in(kSession);
    if (!in.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(kSession));
    const QByteArray bytes = in.readAll();
    const QString path = folder + QLatin1Char('/') + name;
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
    out.write(bytes.left(bytes.size() * 9 / 10));
    return path;
}

struct Opened {
    QString skipped;          // the label
    QString skipped_tooltip;  // every item
    QString message;
    qint64 longest_stall_ms = 0;  // the longest the UI thread went without running a 10 ms timer
    bool modal_seen = false;
    SourceKind kind = SourceKind::None;
};

// Opens `path` in a real window and waits for the background pass that reads the whole source.
Opened open_in_window(const QString& path) {
    StartOptions options;
    options.source = SourceRequest::replay(path);
    options.speed = QStringLiteral("max");
    options.autoplay = true;
    MainWindow window(options);
    QSignalSpy prepared(window.controller(), &SourceController::replay_prepared);
    QSignalSpy failed(window.controller(), &SourceController::failed);
    window.show();
    Opened o;
    QElapsedTimer since_tick;
    since_tick.start();
    QTimer heartbeat;
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        o.longest_stall_ms = std::max(o.longest_stall_ms, since_tick.restart());
        o.modal_seen = o.modal_seen || QApplication::activeModalWidget() != nullptr;
    });
    heartbeat.start(10);
    QElapsedTimer waited;
    waited.start();
    while (prepared.count() == 0 && failed.count() == 0 && waited.elapsed() < 30000) QTest::qWait(20);
    QTest::qWait(200);  // the status bar's own timer ticks once more
    o.skipped = window.status()->skipped_label()->isVisible() ? window.status()->skipped_label()->text() : QString();
    o.skipped_tooltip = window.status()->skipped_label()->toolTip();
    o.message = window.status()->message();
    o.kind = window.controller()->info().kind;
    if (prepared.count() == 0 && failed.count() == 0) o.message = QStringLiteral("(never prepared) ") + o.message;
    return o;
}

void verify_answering(const Opened& o, SourceKind expected = SourceKind::Replay) {
    // Reading happens on the worker thread; the UI thread only paints. 2 s is a stall anyone would
    // notice, and leaves room for a sanitizer build's slower first paint.
    QVERIFY2(o.longest_stall_ms < 2000, qPrintable(QStringLiteral("UI thread stalled %1 ms").arg(o.longest_stall_ms)));
    QVERIFY(!o.modal_seen);
    QCOMPARE(o.kind, expected);
}

}  // namespace

class TestUiDamage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).clear(); }

    void trade_file_with_bad_lines_says_how_many_were_skipped() {
        const Opened o = open_in_window(kBad + QStringLiteral("malformed-aggTrades.csv"));
        verify_answering(o);
        QVERIFY2(o.skipped.startsWith(QStringLiteral("⚠ 5 bad lines skipped")), qPrintable(o.skipped));
        // Each bad line, with file and line number, is in the tooltip.
        QVERIFY2(o.skipped_tooltip.contains(QStringLiteral("malformed-aggTrades.csv:5")), qPrintable(o.skipped_tooltip));
        QVERIFY2(o.skipped_tooltip.contains(QStringLiteral("malformed-aggTrades.csv:13")), qPrintable(o.skipped_tooltip));
    }

    void recording_with_an_impossible_block_names_it() {
        const Opened o = open_in_window(kBad + QStringLiteral("block-huge-size.fsrec"));
        verify_answering(o);
        QVERIFY2(o.skipped.contains(QStringLiteral("block-huge-size.fsrec")), qPrintable(o.skipped));
        QVERIFY2(o.skipped_tooltip.contains(QStringLiteral("offset 317: block header claims 4294967280 compressed bytes")),
                 qPrintable(o.skipped_tooltip));
    }

    // The hour is one block: cut, nothing of it can be played, and the status bar says why.
    void recording_cut_short_says_what_was_lost() {
        QTemporaryDir dir;
        const Opened o = open_in_window(truncated_copy(dir.path(), QStringLiteral("binance-futures-BTCUSDT-2020-02-22.fsrec")));
        verify_answering(o, SourceKind::None);
        QVERIFY2(o.message.startsWith(QStringLiteral("Could not open")), qPrintable(o.message));
        QVERIFY2(o.message.contains(QStringLiteral("holds no trades")), qPrintable(o.message));
        QVERIFY2(o.message.contains(QStringLiteral("offset 37: the last block is cut")), qPrintable(o.message));
        QVERIFY2(o.message.contains(QStringLiteral("its 4297 frames are lost")), qPrintable(o.message));
    }

    void folder_of_mixed_files_names_what_it_did_not_play() {
        QTemporaryDir dir;
        QVERIFY(QFile::copy(kSession, dir.filePath(QStringLiteral("binance-futures-BTCUSDT-2020-02-22.fsrec"))));
        truncated_copy(dir.path(), QStringLiteral("binance-futures-BTCUSDT-2020-02-23.fsrec"));
        QVERIFY(QFile::copy(kBad + QStringLiteral("malformed-aggTrades.csv"), dir.filePath(QStringLiteral("malformed-aggTrades.csv"))));
        {
            QFile notes(dir.filePath(QStringLiteral("notes.txt")));
            QVERIFY(notes.open(QIODevice::WriteOnly));
            notes.write("what I saw that day\n");
        }
        const Opened o = open_in_window(dir.path());
        verify_answering(o);
        QVERIFY2(!o.skipped.isEmpty(), qPrintable(o.message));
        for (const QString& expected :
             {QStringLiteral("malformed-aggTrades.csv skipped: not a recording"), QStringLiteral("notes.txt skipped: not a recording"),
              QStringLiteral("the last block is cut")})
            QVERIFY2(o.skipped_tooltip.contains(expected), qPrintable(expected + QStringLiteral(" not in: ") + o.skipped_tooltip));
    }

    // The real hour, undamaged: nothing is said to be skipped.
    void clean_recording_shows_no_skips() {
        const Opened o = open_in_window(kSession);
        verify_answering(o);
        QVERIFY2(o.skipped.isEmpty(), qPrintable(o.skipped));
    }
};

QTEST_MAIN(TestUiDamage)
#include "test_ui_damage.moc"
