// flowscope-cli trades and live, run as a user would: on the captured hour, on bad input, and
// live against the local test exchange (never the internet).
#include <QtTest>

#include <csignal>
#include <fstream>
#include <set>

#include "support/local_exchange.hpp"

using flowscope::testing::LocalExchange;
using flowscope::testing::LocalExchangeOptions;

namespace {

struct Run {
    int exit_code = -1;
    QStringList out;  // stdout lines
    QString err;
};

Run run_cli(const QStringList& args, int timeout_ms = 60000) {
    QProcess p;
    p.start(FLOWSCOPE_CLI_PATH, args);
    Run r;
    if (!p.waitForFinished(timeout_ms)) {
        p.kill();
        p.waitForFinished();
    }
    r.exit_code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QString data(const QString& relative) { return QString(FLOWSCOPE_TEST_DATA_DIR) + "/" + relative; }

QStringList lines_of(const QString& path) {
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
}

std::vector<std::string> captured_frames(int count = INT_MAX) {
    std::vector<std::string> frames;
    for (const QString& line : lines_of(data("ws/binance-futures-btcusdt-aggTrade-2020-02-22T00.ndjson"))) {
        if (static_cast<int>(frames.size()) >= count) break;
        frames.push_back(line.toStdString());
    }
    return frames;
}

// The aggTrades CSV row as the trades command prints it.
QString expected_row(const QString& agg_csv_row) {
    const QStringList f = agg_csv_row.split(',');
    return QString("%1,%2,%3,%4,%5").arg(f[5], f[1], f[2], f[6] == "true" ? "sell" : "buy", f[0]);
}

}  // namespace

class TestNetCli : public QObject {
    Q_OBJECT
private slots:
    void trades_of_the_captured_hour_match_binance_csv() {
        const Run r = run_cli({"trades", "--input", data("ws/binance-futures-btcusdt-aggTrade-2020-02-22T00.ndjson"), "--exchange", "binance-futures"});
        QCOMPARE(r.exit_code, 0);
        const QStringList csv = lines_of(data("binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv"));
        QCOMPARE(r.out.size(), csv.size());
        QCOMPARE(r.out[0], QString("time_ms,price,quantity,side,trade_id"));
        for (int i = 1; i < csv.size(); ++i) QCOMPARE(r.out[i], expected_row(csv[i]));
        QVERIFY2(r.err.contains("4297 frames, 4297 trades") && r.err.contains("0 malformed"), qPrintable(r.err));
    }

    void trades_count_and_report_bad_frames_and_keep_going() {
        QTemporaryDir dir;
        const QString path = dir.filePath("mixed.ndjson");
        {
            std::ofstream out(path.toStdString());
            const auto frames = captured_frames(3);
            out << frames[0] << "\n"
                << "{\"e\":\"aggTrade\",\"E\":1582329602418,\"a\":26000001,\"s\":\"BTCUSDT\",\"p\":\"968" << "\n"  // truncated
                << frames[1] << "\r\n"
                << "\n"
                << "garbage\n"
                << R"({"code":2,"msg":"Invalid request"})" << "\n"
                << R"({"e":"markPriceUpdate","E":1})" << "\n"
                << frames[2] << "\n";
        }
        const Run r = run_cli({"trades", "--input", path, "--exchange", "binance-futures"});
        QCOMPARE(r.exit_code, 0);
        QCOMPARE(r.out.size(), 4);
        QCOMPARE(r.out[1], QString("1582329602111,9682,0.132,buy,26000000"));
        QCOMPARE(r.out[3], QString("1582329602150,9682,0.296,buy,26000002"));
        QVERIFY2(r.err.contains("mixed.ndjson:2: malformed frame"), qPrintable(r.err));
        QVERIFY2(r.err.contains("mixed.ndjson:5: malformed frame"), qPrintable(r.err));
        QVERIFY2(r.err.contains("mixed.ndjson:6: exchange error: code 2: Invalid request"), qPrintable(r.err));
        QVERIFY2(r.err.contains("7 frames, 3 trades, 0 acks/heartbeats, 1 ignored (channels not read), 2 malformed (skipped), 1 exchange errors"), qPrintable(r.err));
    }

    // The real hour of USD-M `trade` frames with every tenth print turned into an insurance-fund
    // or ADL print: trades, and bars of its recording, leave them out by default and say how many;
    // --include-non-aggressive puts them back (trades marks each one).
    void prints_that_are_not_aggression_are_left_out_and_counted() {
        QTemporaryDir dir;
        const QString frames_path = dir.filePath("marked.ndjson");
        const QString times_path = dir.filePath("marked.recv.csv");
        int marked = 0, total = 0;
        {
            std::ofstream frames(frames_path.toStdString());
            std::ofstream times(times_path.toStdString());
            times << "line,receive_time_us\n";
            for (QString line : lines_of(data("ws/binance-futures-btcusdt-trade-2020-02-22T00.ndjson"))) {
                if (total % 10 == 4) {
                    line.replace("\"X\":\"MARKET\"", marked % 2 == 0 ? "\"X\":\"INSURANCE_FUND\"" : "\"X\":\"ADL\"");
                    ++marked;
                }
                ++total;
                frames << line.toStdString() << "\n";
                times << total << "," << 1582329602418000LL + total << "\n";
            }
        }
        QCOMPARE(total, 5041);
        QCOMPARE(marked, 504);

        const Run left_out = run_cli({"trades", "--input", frames_path, "--exchange", "binance-futures"});
        QCOMPARE(left_out.exit_code, 0);
        QCOMPARE(left_out.out.size(), 1 + total - marked);
        QVERIFY2(left_out.err.contains("504 prints that are not aggression (insurance fund, ADL, block trades) left out of "
                                       "delta, CVD and the footprint; --include-non-aggressive counts them"),
                 qPrintable(left_out.err));
        const Run listed = run_cli({"trades", "--input", frames_path, "--exchange", "binance-futures", "--include-non-aggressive"});
        QCOMPARE(listed.exit_code, 0);
        QCOMPARE(listed.out.size(), 1 + total);
        QCOMPARE(listed.out[0], QString("time_ms,price,quantity,side,trade_id,print"));
        QCOMPARE(listed.out[5].section(',', 5), QString("insurance-fund"));
        QCOMPARE(listed.out[15].section(',', 5), QString("adl"));
        QCOMPARE(listed.out[1].section(',', 5), QString("aggression"));
        QVERIFY2(listed.err.contains("504 prints that are not aggression (insurance fund, ADL, block trades) included"), qPrintable(listed.err));

        // bars of the same frames recorded: the trades column adds up to what was counted.
        const QString recording = dir.filePath("marked.fsrec");
        const Run converted = run_cli({"convert", frames_path, recording, "--receive-times", times_path, "--exchange", "binance-futures",
                                     "--symbol", "BTCUSDT"});
        QVERIFY2(converted.exit_code == 0, qPrintable(converted.err));
        auto traded = [](const Run& r) {
            long long trades = 0;
            for (int i = 1; i < r.out.size(); ++i) trades += r.out[i].section(',', 10, 10).toLongLong();
            return trades;
        };
        const Run bars = run_cli({"bars", "--input", recording, "--timeframe", "5m"});
        QCOMPARE(bars.exit_code, 0);
        QCOMPARE(traded(bars), static_cast<long long>(total - marked));
        QVERIFY2(bars.err.contains("504 prints that are not aggression"), qPrintable(bars.err));
        const Run all_bars = run_cli({"bars", "--input", recording, "--timeframe", "5m", "--include-non-aggressive"});
        QCOMPARE(all_bars.exit_code, 0);
        QCOMPARE(traded(all_bars), static_cast<long long>(total));
        QVERIFY(bars.out.last().section(',', 9, 9) != all_bars.out.last().section(',', 9, 9));  // the CVD moved

        for (const char* command : {"bars", "footprint", "trades"}) {
            const Run help = run_cli({command, "--help"});
            QVERIFY2(help.out.join('\n').contains("--include-non-aggressive"), command);
        }
    }

    void trades_of_each_exchange_example_data() {
        QTest::addColumn<QString>("exchange");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("first_row");
        QTest::newRow("kraken") << "kraken" << "kraken-v2-trade.json" << "1696613755440,105944.2,0.00027625,buy,10218208";
        QTest::newRow("coinbase") << "coinbase" << "coinbase-advanced-market_trades.json" << "1775572202789,68900.5,0.0015,sell,995098700";
        QTest::newRow("okx") << "okx" << "okx-v5-trades.json" << "1630048897897,42219.9,0.12060306,buy,130639474";
        QTest::newRow("bybit") << "bybit" << "bybit-v5-publicTrade.json" << "1709891679000,27451,0.01,buy,9dc75fca-4bdd-4773-9f78-6f5d7ab2a110";
    }
    void trades_of_each_exchange_example() {
        QFETCH(QString, exchange);
        QFETCH(QString, file);
        QFETCH(QString, first_row);
        // The examples are pretty-printed: fold each into one NDJSON line.
        QTemporaryDir dir;
        const QString path = dir.filePath("one.ndjson");
        QFile in(data("ws/exchange-examples/" + file));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(in.readAll().replace('\n', ' ') + "\n");
        out.close();
        const Run r = run_cli({"trades", "--input", path, "--exchange", exchange});
        QCOMPARE(r.exit_code, 0);
        QCOMPARE(r.out.value(1), first_row);
    }

    void trades_refuses_bad_arguments() {
        QCOMPARE(run_cli({"trades", "--input", "/nonexistent.ndjson", "--exchange", "binance"}).exit_code, 1);
        const Run unknown = run_cli({"trades", "--input", data("ws/binance-futures-btcusdt-trade-2020-02-22T00.ndjson"), "--exchange", "mtgox"});
        QCOMPARE(unknown.exit_code, 2);
        QVERIFY(unknown.err.contains("unknown --exchange"));
        QCOMPARE(run_cli({"trades", "--input", data("ws/binance-futures-btcusdt-trade-2020-02-22T00.ndjson")}).exit_code, 2);
    }

    void live_prints_the_local_exchange_trades() {
        LocalExchangeOptions o;
        o.frames = captured_frames(200);
        LocalExchange server(o);
        const Run r = run_cli({"live", "--exchange", "binance-futures", "--symbol", "btcusdt", "--endpoint", QString::fromStdString(server.url("/market/ws")),
                               "--duration", "2"});
        QCOMPARE(r.exit_code, 0);
        QCOMPARE(r.out.size(), 201);
        QCOMPARE(r.out[0], QString("time_ms,price,quantity,side,trade_id"));
        QCOMPARE(r.out[1], QString("1582329602111,9682,0.132,buy,26000000"));
        QVERIFY2(r.err.contains("subscribed: subscribed to BTCUSDT"), qPrintable(r.err));
        QVERIFY2(r.err.contains("stopped: 201 frames, 200 trades"), qPrintable(r.err));
        QCOMPARE(server.messages_received().at(0), std::string(R"({"method":"SUBSCRIBE","params":["btcusdt@aggTrade"],"id":1})"));
    }

    void live_summary_has_one_line_per_second() {
        LocalExchangeOptions o;
        o.frames = captured_frames();
        LocalExchange server(o);
        const Run r = run_cli({"live", "--exchange", "binance-futures", "--symbol", "BTCUSDT", "--summary", "--endpoint",
                               QString::fromStdString(server.url("/market/ws")), "--duration", "3"});
        QCOMPARE(r.exit_code, 0);
        QCOMPARE(r.out[0], QString("second_ms,trades,buy_volume,sell_volume,delta,last_price"));
        std::set<qint64> seconds;
        const QStringList csv = lines_of(data("binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv"));
        for (int i = 1; i < csv.size(); ++i) seconds.insert(csv[i].split(',')[5].toLongLong() / 1000);
        QCOMPARE(r.out.size() - 1, static_cast<qsizetype>(seconds.size()));
        long long trades = 0;
        for (int i = 1; i < r.out.size(); ++i) trades += r.out[i].split(',')[1].toLongLong();
        QCOMPARE(trades, 4297LL);
        QVERIFY2(r.out.last().endsWith(",9693.44"), qPrintable(r.out.last()));
    }

    void live_without_a_network_says_so_and_keeps_retrying() {
        unsigned short port = 0;
        {
            LocalExchange gone{LocalExchangeOptions{}};
            port = gone.port();
        }
        const Run r = run_cli({"live", "--exchange", "binance-futures", "--symbol", "BTCUSDT", "--endpoint",
                               QString("ws://127.0.0.1:%1/market/ws").arg(port), "--duration", "2"});
        QCOMPARE(r.exit_code, 0);
        QVERIFY2(r.err.contains("cannot reach binance-futures"), qPrintable(r.err));
        QVERIFY2(r.err.count("retrying in") >= 2, qPrintable(r.err));
        QVERIFY(r.err.contains("attempt 2"));
    }

    void live_stops_cleanly_on_sigint() {
        LocalExchangeOptions o;
        o.frames = captured_frames();
        o.frame_interval_us = 1000;
        LocalExchange server(o);
        QProcess p;
        p.start(FLOWSCOPE_CLI_PATH, {"live", "--exchange", "binance-futures", "--symbol", "BTCUSDT", "--endpoint",
                                     QString::fromStdString(server.url("/market/ws"))});
        QVERIFY(p.waitForStarted());
        QVERIFY(LocalExchange::wait_until([&] { return server.frames_sent() > 100; }, std::chrono::seconds(20)));
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains("stopped:"));
        QVERIFY(QString::fromUtf8(p.readAllStandardOutput()).count('\n') > 50);
    }
};

QTEST_GUILESS_MAIN(TestNetCli)
#include "test_net_cli.moc"
