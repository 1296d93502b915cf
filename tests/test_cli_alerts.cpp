// flowscope-cli alerts and live --alert, run as a user would: on the real hour as a trade file and
// as the bundled recording, and live against the local test exchange streaming the same hour's
// aggTrade frames (never the internet). Every line is the engine's alert (held to plain loops over
// the hour in test_alerts) with its time, and some are named here.
#include <QtTest>

#include <csignal>

#include "alert/alert_engine.hpp"
#include "io/trade_file.hpp"
#include "support/cli_run.hpp"
#include "support/local_exchange.hpp"
#include "support/test_data.hpp"

using namespace flowscope;
using flowscope::testing::LocalExchange;
using flowscope::testing::LocalExchangeOptions;

namespace {

const QString kHour = QString(FLOWSCOPE_TEST_DATA_DIR) + "/binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv";
const QString kSession = QString(FLOWSCOPE_RESOURCES_DIR) + "/sessions/binance-futures-BTCUSDT-2020-02-22.fsrec";

const QStringList kAlerts{"--alert", "large=10", "--alert", "level=9700,5", "--alert", "stacked", "--alert", "divergence=5",
                          "--bucket", "0.5"};

QStringList lines(const QString& out) { return out.split('\n', Qt::SkipEmptyParts); }

// "2020-02-22T00:03:37.580Z"
QString time_text(std::int64_t time_us) {
    return QDateTime::fromMSecsSinceEpoch(time_us / 1000, QTimeZone::utc()).toString("yyyy-MM-ddTHH:mm:ss.zzz") + "Z";
}

// The lines the CLI must print: the engine's alerts on the hour's aggregated trades.
QStringList engine_lines() {
    std::vector<Trade> trades;
    const TradeFileResult r = read_trade_file(kHour.toStdString(), {}, {},
                                              [&](std::span<const Trade> t) { trades.insert(trades.end(), t.begin(), t.end()); });
    if (!r.ok) qFatal("%s", r.error.c_str());
    std::vector<AlertRule> rules;
    for (const char* text : {"large=10", "level=9700,5", "stacked", "divergence=5"}) rules.push_back(*parse_alert_rule(text));
    auto engine = AlertEngine::create(rules, BarSpec::time(60), kDecimalScale / 2);
    std::vector<AlertEvent> fired;
    engine->add(trades, fired);
    QStringList out;
    for (const AlertEvent& e : fired) out << time_text(e.exchange_time_us) + " " + QString::fromStdString(e.text);
    return out;
}

std::vector<std::string> hour_frames() {
    std::vector<std::string> frames;
    for (const std::string& line : test::read_lines(test::ws_data("binance-futures-btcusdt-aggTrade-2020-02-22T00.ndjson")))
        frames.push_back(line);
    return frames;
}

}  // namespace

class TestCliAlerts : public QObject {
    Q_OBJECT
private slots:
    void alerts_of_the_real_hour_are_one_line_each() {
        const test::CliRun r = test::run_cli(QStringList{"alerts", "--input", kHour} + kAlerts);
        QCOMPARE(r.exit_code, 0);
        const QStringList got = lines(r.out);
        const QStringList want = engine_lines();
        QCOMPARE(got, want);
        QCOMPARE(got.size(), 19 + 7 + 13 + 25);
        // One of each kind, as a trader reads them.
        QVERIFY(got.contains(QString::fromUtf8("2020-02-22T00:03:37.580Z large sell 10 at 9674.28–9674.97 (sweep of 7 trades); "
                                               "trades 26000441–26000447")));
        QVERIFY(got.contains(QString::fromUtf8("2020-02-22T00:10:43.236Z large buy 27.641 at 9686.85; trade 26000874")));
        QVERIFY(got.contains(QString::fromUtf8("2020-02-22T00:01:58.680Z stacked buy imbalance 9672.5–9673.5 (3 levels) at 9673.86; "
                                               "trade 26000234")));
        QVERIFY(got.contains(QString::fromUtf8("2020-02-22T00:08:17.348Z bearish CVD divergence: 9680 above the 5-bar high 9679.09, "
                                               "CVD 34.964 not above its high 36.668; trade 26000748")));
        QVERIFY(got.contains(QString::fromUtf8("2020-02-22T00:19:11.029Z price crossed 9700 upward: buy 1.017 at 9700; trade 26001442")));
        QVERIFY2(r.err.contains("4297 trades, 64 alerts (divergence 25, large 19, level 7, stacked 13)"), qPrintable(r.err));
    }

    // The bundled recording holds the same hour as aggTrade frames: the same lines (its tick, and
    // so nothing else, is inferred from its first trades).
    void alerts_of_a_recording_are_the_same() {
        const test::CliRun file = test::run_cli(QStringList{"alerts", "--input", kHour} + kAlerts);
        const test::CliRun recording = test::run_cli(QStringList{"alerts", "--input", kSession} + kAlerts);
        QCOMPARE(recording.exit_code, 0);
        QCOMPARE(lines(recording.out), lines(file.out));
        // Without --bucket the stacked alerts read levels of the tick (0.01): none in this hour.
        const test::CliRun tick = test::run_cli({"alerts", "--input", kSession, "--alert", "stacked", "--alert", "large=20"});
        QCOMPARE(tick.exit_code, 0);
        QCOMPARE(lines(tick.out).size(), 9);
        QVERIFY2(tick.err.contains("9 alerts (large 9)"), qPrintable(tick.err));
    }

    void live_alerts_from_the_local_exchange_are_the_same_lines() {
        LocalExchangeOptions o;
        o.frames = hour_frames();
        LocalExchange server(o);
        QProcess p;
        p.start(FLOWSCOPE_CLI_PATH, QStringList{"live", "--exchange", "binance-futures", "--symbol", "BTCUSDT", "--endpoint",
                                                QString::fromStdString(server.url("/market/ws"))} + kAlerts);
        QVERIFY(p.waitForStarted());
        const QStringList want = engine_lines();
        QString out;
        // Every frame sent, and every alert line printed: then Ctrl-C.
        QVERIFY(LocalExchange::wait_until(
            [&] {
                p.waitForReadyRead(10);
                out += QString::fromUtf8(p.readAllStandardOutput());
                return server.frames_sent() == o.frames.size() && lines(out).size() >= want.size();
            },
            std::chrono::seconds(90)));
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(20'000));
        out += QString::fromUtf8(p.readAllStandardOutput());
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitCode(), 0);
        QCOMPARE(lines(out), want);
        QVERIFY2(err.contains("64 alerts (divergence 25, large 19, level 7, stacked 13)"), qPrintable(err));
        QVERIFY2(err.contains("4297 trades"), qPrintable(err));
    }

    void bad_alert_arguments_exit_2_and_say_why_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QStringList live{"live", "--exchange", "binance-futures", "--symbol", "BTCUSDT", "--endpoint", "ws://127.0.0.1:1/ws",
                               "--duration", "1"};
        const QStringList file{"alerts", "--input", kHour};
        QTest::newRow("level 0") << (file + QStringList{"--alert", "level=0"})
                                 << "bad alert 'level=0': a price level must be above 0 (got 0), like 9700";
        QTest::newRow("negative size") << (file + QStringList{"--alert", "large=-5"})
                                       << "bad alert 'large=-5': a large-trade size must be above 0 (got -5), like 10 or 2.5";
        QTest::newRow("unknown kind") << (file + QStringList{"--alert", "whale=5"})
                                      << "bad alert 'whale=5': the kinds are large=SIZE, level=PRICE[,REARM], stacked[=RATIO,STACK] and divergence[=N]";
        QTest::newRow("no alert") << file << "alerts needs at least one --alert, like --alert large=10 or --alert level=9700";
        QTest::newRow("bad timeframe") << (file + QStringList{"--alert", "divergence", "--timeframe", "7x"})
                                       << "bad --timeframe '7x': use 1s 5s 15s 30s 1m 5m 15m 30m 1h 4h 1D, Nt (trades) or Nv (volume)";
        QTest::newRow("bad bucket") << (file + QStringList{"--alert", "stacked", "--bucket", "0"})
                                    << "bad --bucket '0': expected a positive decimal like 0.5";
        QTest::newRow("live level 0") << (live + QStringList{"--alert", "level=0"})
                                      << "bad alert 'level=0': a price level must be above 0 (got 0), like 9700";
        QTest::newRow("live stacked without bucket")
            << (live + QStringList{"--alert", "stacked"})
            << "--alert stacked needs --bucket here (the footprint's price step, like 0.5): the tick is not known before the first trades";
        QTest::newRow("live summary") << (live + QStringList{"--alert", "large=10", "--summary"})
                                      << "--alert and --summary each print lines of their own: choose one";
        QTest::newRow("live bucket alone") << (live + QStringList{"--bucket", "0.5"})
                                           << "--timeframe and --bucket set the bars and levels of --alert: give an --alert too";
    }
    void bad_alert_arguments_exit_2_and_say_why() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const test::CliRun r = test::run_cli(args);
        QCOMPARE(r.exit_code, 2);
        QCOMPARE(r.out, QString());
        QVERIFY2(r.err.contains("flowscope-cli: " + message + "\n"), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliAlerts)
#include "test_cli_alerts.moc"
