// The weak messages a tester found, each run as a user would: the exact message (naming the file,
// what is wrong and what to do) and the exit code, which every command's --help lists.
#include <QtTest>

#include "support/cli_run.hpp"

namespace {

const QString kDir = FLOWSCOPE_TEST_DATA_DIR;
const QString kAggTrades = kDir + "/binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv";

using Run = flowscope::test::CliRun;
using flowscope::test::run_cli;

void write_file(const QString& path, const QByteArray& text) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
    f.write(text);
}

// The first `count` lines of the real aggTrade stream capture.
QByteArray real_frames(int count) {
    QFile f(kDir + "/ws/binance-futures-btcusdt-aggTrade-2020-02-22T00.ndjson");
    if (!f.open(QIODevice::ReadOnly)) qFatal("no capture");
    QByteArray out;
    for (int i = 0; i < count; ++i) out += f.readLine();
    return out;
}

const QString kExitCodes = "Exit codes: 0 done; 1 the input could not be read or held nothing useful (no trades); 2 a bad "
                           "argument; 3 (info) the recording has damaged blocks, read around them.";

}  // namespace

class TestCliMessages : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void trades_of_a_folder_without_recordings_fails() {
        const QString folder = dir_.filePath("empty-folder");
        QVERIFY(QDir().mkpath(folder));
        const Run r = run_cli({"trades", "--input", folder, "--exchange", "binance-futures"});
        QCOMPARE(r.exit_code, 1);
        QCOMPARE(r.err, "flowscope-cli: " + folder + " holds no .fsrec recording (trades reads an NDJSON file of frames, a "
                        ".fsrec recording or a folder of recordings)\n");
        QVERIFY(r.out.isEmpty());
    }

    void trades_of_a_folder_of_recordings_reads_them() {
        const QString folder = dir_.filePath("recordings");
        QVERIFY(QDir().mkpath(folder));
        const Run convert = run_cli({"convert", kAggTrades, folder + "/binance-futures-BTCUSDT-2020-02-22.fsrec", "--symbol", "BTCUSDT"});
        QCOMPARE(convert.exit_code, 0);
        const Run r = run_cli({"trades", "--input", folder});
        QCOMPARE(r.exit_code, 0);
        QCOMPARE(r.out.count('\n'), 1 + 4297);
        QVERIFY2(r.err.contains(": 4297 frames, 4297 trades, 0 acks/heartbeats, 0 ignored (channels not read), 0 malformed"), qPrintable(r.err));
    }

    void ndjson_of_malformed_frames_only_fails() {
        const QString path = dir_.filePath("all-malformed.ndjson");
        QByteArray broken = real_frames(3);
        broken.replace("\"p\":", "\"p\":x");  // every frame's price broken
        write_file(path, broken);
        const Run r = run_cli({"trades", "--input", path, "--exchange", "binance-futures"});
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains(path + ":1: malformed frame: "), qPrintable(r.err));
        QVERIFY2(r.err.endsWith("flowscope-cli: " + path + ": no trades: every one of its 3 frames is malformed; check that it "
                                "holds binance-futures trade frames (--exchange names whose)\n"), qPrintable(r.err));
        QCOMPARE(r.out, QString("time_ms,price,quantity,side,trade_id\n"));
    }

    void ndjson_of_another_exchange_fails() {
        const QString path = dir_.filePath("binance-frames.ndjson");
        write_file(path, real_frames(3));
        const Run r = run_cli({"trades", "--input", path, "--exchange", "okx"});
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.endsWith("flowscope-cli: " + path + ": no trades among its 3 frames; check that it holds okx trade "
                                "frames (--exchange names whose)\n"), qPrintable(r.err));
    }

    void a_missing_ndjson_file_says_why() {
        const QString path = dir_.filePath("no-such.ndjson");
        const Run r = run_cli({"trades", "--input", path, "--exchange", "binance"});
        QCOMPARE(r.exit_code, 1);
        QCOMPARE(r.err, "flowscope-cli: cannot read --input '" + path + "': No such file or directory (give an NDJSON file of "
                        "websocket frames or a .fsrec recording)\n");
    }

    void stop_on_error_names_the_line_once() {
        const QString path = kDir + "/bad/malformed-aggTrades.csv";
        const Run r = run_cli({"bars", "-i", path, "--stop-on-error"});
        QCOMPARE(r.exit_code, 1);
        QCOMPARE(r.err, "flowscope-cli: " + path + ":5: bad price '96x2.19' (stopped at the first bad line); without "
                        "--stop-on-error bad lines are skipped and counted\n");
        QVERIFY(r.out.isEmpty());
    }

    void convert_into_a_missing_folder_fails_before_reading() {
        const QString out = dir_.filePath("no/such/folder/out.fsrec");
        const Run r = run_cli({"convert", kDir + "/bad/malformed-aggTrades.csv", out});
        QCOMPARE(r.exit_code, 1);
        // Said first and alone: no bad line of the input is read or reported before it.
        QCOMPARE(r.err, "flowscope-cli: cannot create " + out + ": the folder " + dir_.filePath("no/such/folder") +
                            " does not exist (create it, or choose another output)\n");
        QVERIFY(!QFile::exists(out));
    }

    void convert_without_a_symbol_warns() {
        const QString out = dir_.filePath("unnamed.fsrec");
        const Run r = run_cli({"convert", kAggTrades, out});
        QCOMPARE(r.exit_code, 0);
        QVERIFY2(r.err.endsWith("flowscope-cli: " + kAggTrades + ": no symbol in the file or its name (Binance names its files "
                                "SYMBOL-aggTrades-DATE.zip), so the recording says UNKNOWN; convert again with --symbol "
                                "(e.g. --symbol BTCUSDT) to name it\n"), qPrintable(r.err));
        const Run named = run_cli({"convert", kAggTrades, dir_.filePath("named.fsrec"), "--symbol", "BTCUSDT"});
        QCOMPARE(named.exit_code, 0);
        QVERIFY2(!named.err.contains("UNKNOWN"), qPrintable(named.err));
    }

    void every_command_lists_its_exit_codes_data() {
        QTest::addColumn<QStringList>("args");
        for (const char* command : {"bars", "footprint", "trades", "live", "record", "info", "convert"})
            QTest::newRow(command) << QStringList{command, "--help"};
        QTest::newRow("flowscope-cli") << QStringList{"--help"};
    }
    void every_command_lists_its_exit_codes() {
        QFETCH(QStringList, args);
        const Run r = run_cli(args);
        QCOMPARE(r.exit_code, 0);
        QVERIFY2(r.out.simplified().contains(kExitCodes), qPrintable(r.out));
    }
};

QTEST_GUILESS_MAIN(TestCliMessages)
#include "test_cli_messages.moc"
