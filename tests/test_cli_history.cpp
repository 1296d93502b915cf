// flowscope-cli history and live --backfill, run as a user would against the local test exchange
// (websocket, REST and daily archives serving the real hour laid end to end): the folder `history`
// fills reads back as the exchange's trades and bars, a second run fetches nothing, a longer one
// only the new hours; bad arguments, a refusal and a bad checksum each give their message and
// exit code; and a live CSV with history and a killed connection holds every trade once, in order.
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>

#include "aggregate/aggregator.hpp"
#include "model/decimal.hpp"
#include "support/aggregation_compare.hpp"
#include "support/cli_run.hpp"
#include "support/local_exchange.hpp"
#include "support/local_rest.hpp"
#include "support/real_history.hpp"

using namespace flowscope;
using namespace flowscope::testing;
namespace fs = std::filesystem;
using flowscope::test::run_cli;

namespace {

constexpr std::int64_t kMinuteUs = 60'000'000;

QString q(const std::string& s) { return QString::fromStdString(s); }
QString ms_text(std::int64_t us) { return QString::number(us / 1000); }

// What the exchange has in [from, to), oldest first.
std::vector<Trade> expected_trades(const RealHistory& h, std::int64_t from, std::int64_t to) {
    std::vector<Trade> out;
    for (std::size_t i = 0; i < h.size(); ++i) {
        const AggTrade a = h.at(i);
        if (a.trade.exchange_time_us >= from && a.trade.exchange_time_us < to) out.push_back(a.trade);
    }
    return out;
}

// A trade as `trades` and `live` print it: time_ms,price,quantity,side,trade_id.
QString csv_row(const Trade& t) {
    return QStringLiteral("%1,%2,%3,%4,%5")
        .arg(t.exchange_time_us / 1000)
        .arg(q(format_units(t.price.units)), q(format_units(t.quantity.units)), QString(t.aggressor == Side::Buy ? "buy" : "sell"),
             q(std::string(t.id.text.view())));
}

QStringList data_rows(const QString& out) {
    QStringList lines = out.split('\n', Qt::SkipEmptyParts);
    if (!lines.isEmpty() && lines.front().startsWith("time_ms,")) lines.removeFirst();
    return lines;
}

// Empty when the CSV rows are the trades, row for row; else where they first differ.
QString compare_rows(const QStringList& rows, const std::vector<Trade>& want) {
    for (std::size_t i = 0; i < std::min<std::size_t>(rows.size(), want.size()); ++i)
        if (rows[int(i)] != csv_row(want[i])) return QStringLiteral("row %1 is '%2', expected '%3'").arg(i).arg(rows[int(i)], csv_row(want[i]));
    if (std::size_t(rows.size()) != want.size()) return QStringLiteral("%1 rows, expected %2").arg(rows.size()).arg(want.size());
    return {};
}

// The columns of `bars` that do not depend on the inferred tick, for the 1h bars of these trades:
// open_time_ms … trades, and vwap.
QStringList expected_bar_rows(const std::vector<Trade>& trades) {
    Aggregator agg;
    agg.add_series(*BarSpec::parse("1h"), test::kCentUnits);
    for (const Trade& t : trades) agg.add(t);
    QStringList rows;
    for (const Bar& b : agg.series().front().bars()) {
        QStringList f{ms_text(b.open_time_us), q(format_units(b.open.units)), q(format_units(b.high.units)),
                      q(format_units(b.low.units)), q(format_units(b.close.units)), q(format_units(b.volume.units)),
                      q(format_units(b.buy_volume.units)), q(format_units(b.sell_volume.units)),
                      q(format_units(b.delta().units)), q(format_units(b.cvd.units)), QString::number(b.trades),
                      q(format_units(b.vwap().units))};
        rows << f.join(',');
    }
    return rows;
}

QStringList bar_rows_printed(const QString& out) {
    QStringList lines = out.split('\n', Qt::SkipEmptyParts);
    QStringList rows;
    for (int i = 1; i < lines.size(); ++i) {
        const QStringList f = lines[i].split(',');
        if (f.size() != 16) return {"bad row: " + lines[i]};
        rows << (f.mid(0, 11) + QStringList{f[14]}).join(',');
    }
    return rows;
}

// Every file of the folder, name → bytes.
std::map<std::string, QByteArray> folder_bytes(const std::string& dir) {
    std::map<std::string, QByteArray> out;
    for (const auto& entry : fs::directory_iterator(dir)) {
        QFile f(q(entry.path().string()));
        if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read %s", entry.path().c_str());
        out[entry.path().filename().string()] = f.readAll();
    }
    return out;
}

QStringList names_of(const std::map<std::string, QByteArray>& files) {
    QStringList names;
    for (const auto& [name, bytes] : files) names << q(name);
    return names;
}

struct Server {
    LocalRest rest;
    LocalExchange exchange;
    explicit Server(const RealHistory& h, LocalExchangeOptions ws = {})
        : rest([&] {
              LocalRestOptions o;
              o.trade_at = [&h](std::size_t i) { return h.at(i); };
              o.trade_count = h.size();
              return o;
          }()),
          exchange([&] {
              ws.http_handler = [this](const std::string& target) { return rest.answer(target); };
              return ws;
          }()) {}
    QString base() const { return "http://127.0.0.1:" + QString::number(exchange.port()); }
};

QStringList history_args(const QString& from, const QString& to, const std::string& out) {
    return {"history", "--exchange", "binance-futures", "--symbol", "BTCUSDT", "--from", from, "--to", to, "--out", q(out)};
}

// live run as a process while the test watches the server: once `kill_after` frames are out,
// `skip` frames are lost and every connection is killed.
struct LiveRun {
    int exit_code = -1;
    QStringList rows;
    QString err;
    bool killed = false;
};

LiveRun run_live(const QStringList& args, LocalExchange& ws, std::size_t kill_after, std::size_t skip) {
    QProcess p;
    p.start(QStringLiteral(FLOWSCOPE_CLI_PATH), args);
    LiveRun r;
    if (!p.waitForStarted(10'000)) return r;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
    while (p.state() != QProcess::NotRunning && std::chrono::steady_clock::now() < deadline) {
        p.waitForFinished(10);  // also takes in what the process printed, so its pipe never fills
        if (!r.killed && ws.frames_sent() > kill_after) {
            ws.skip_frames(skip);
            ws.drop_connections();
            r.killed = true;
        }
    }
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished();
    } else {
        r.exit_code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }
    r.rows = data_rows(QString::fromUtf8(p.readAllStandardOutput()));
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

std::uint64_t id_of(const QString& row) { return row.section(',', 4, 4).toULongLong(); }

// The holes the live command said it gave up: "trades A–B (N) missed (no repair)".
std::vector<std::pair<std::uint64_t, std::uint64_t>> holes_said(const QString& err) {
    std::vector<std::pair<std::uint64_t, std::uint64_t>> out;
    static const QRegularExpression said(QString::fromUtf8("trades (\\d+)–(\\d+) \\(\\d+\\) missed \\(no repair\\)"));
    for (auto it = said.globalMatch(err); it.hasNext();) {
        const auto m = it.next();
        out.emplace_back(m.captured(1).toULongLong(), m.captured(2).toULongLong());
    }
    return out;
}

// The live market: an hour of history, then the stream starts at the next hour's first trade and
// sends kLiveFrames of them over a few seconds.
constexpr std::size_t kLiveFrames = 1500;

LocalExchangeOptions live_stream_of(const RealHistory& h, std::size_t live_start) {
    LocalExchangeOptions ws;
    ws.frame_at = [&h, live_start](std::size_t i) { return h.frame(live_start + i); };
    ws.frame_count = kLiveFrames;
    ws.frame_interval_us = 2000;
    return ws;
}

}  // namespace

class TestCliHistory : public QObject {
    Q_OBJECT
private slots:
    void history_fills_daily_recordings_that_read_back_as_the_exchanges_trades() {
        // 2020-02-20T00 … 2020-02-22T05 on the exchange; two whole past days come from archives,
        // the last day's hours (its archive not out yet) from REST pages.
        const RealHistory h(kRealHourStartUs - 2 * kDayUs, 53);
        Server server(h);
        server.rest.set_unpublished_from(kRealHourStartUs);
        QTemporaryDir tmp;
        const std::string out = tmp.path().toStdString();
        const QString from = "2020-02-20T00:00:00Z", to = "2020-02-22T03:00:00Z";
        const QStringList endpoints{"--rest-endpoint", server.base(), "--archive-endpoint", server.base()};
        const auto want = expected_trades(h, h.start_us(), kRealHourStartUs + 3 * kHourUs);

        const auto first = run_cli(history_args(from, to, out) + endpoints);
        QVERIFY2(first.exit_code == 0, qPrintable(first.err));
        const auto files = folder_bytes(out);
        QCOMPARE(names_of(files), (QStringList{"binance-futures-BTCUSDT-2020-02-20.fsrec", "binance-futures-BTCUSDT-2020-02-21.fsrec",
                                                "binance-futures-BTCUSDT-2020-02-22.fsrec"}));
        QCOMPARE(server.rest.archive_downloads(), 2);
        QCOMPARE(server.rest.answered_429() + server.rest.answered_418(), 0);
        // Progress from each source, the fall-through said, and the closing summary with its counts.
        QVERIFY2(first.err.contains("flowscope-cli: history: archive 2020-02-20"), qPrintable(first.err));
        QVERIFY2(first.err.contains("flowscope-cli: history: REST 2020-02-22"), qPrintable(first.err));
        QVERIFY2(first.err.contains("the archive of 2020-02-22 is not published yet: REST pages instead"), qPrintable(first.err));
        const QString fetched = QStringLiteral(" trades already there, %1 from 2 archive days, %2 from ").arg(2 * 24 * h.hour_size()).arg(3 * h.hour_size());
        QVERIFY2(first.err.contains(QStringLiteral("binance-futures BTCUSDT %1 … %2 in %3: ").arg(from, to, q(out))), qPrintable(first.err));
        QVERIFY2(first.err.contains(fetched), qPrintable(first.err));
        QVERIFY2(first.err.contains(": 0" + fetched), qPrintable(first.err));

        // The folder reads back as the exchange's trades, and as the bars of those trades.
        const auto trades = run_cli({"trades", "--input", q(out)});
        QCOMPARE(trades.exit_code, 0);
        QCOMPARE(compare_rows(data_rows(trades.out), want), QString());
        const auto bars = run_cli({"bars", "--input", q(out), "--timeframe", "1h"});
        QVERIFY2(bars.exit_code == 0, qPrintable(bars.err));
        const QStringList bar_rows = bar_rows_printed(bars.out);
        QCOMPARE(bar_rows.size(), 51);
        QCOMPARE(bar_rows, expected_bar_rows(want));

        // The same command again: everything is there already; nothing is downloaded or written.
        const auto again = run_cli(history_args(from, to, out) + endpoints);
        QVERIFY2(again.exit_code == 0, qPrintable(again.err));
        QCOMPARE(server.rest.archive_downloads(), 2);
        QVERIFY(folder_bytes(out) == files);
        QVERIFY2(again.err.contains(QStringLiteral(": %1 trades already there, 0 from 0 archive days, 0 from ").arg(want.size())),
                 qPrintable(again.err));
        QVERIFY2(!again.err.contains("history: archive") && !again.err.contains("history: REST"), qPrintable(again.err));

        // Two hours later: only those are fetched, into a file of their own beside the day's
        // (a recording is never rewritten); every file there was stays as it was.
        const auto later = run_cli(history_args(from, "2020-02-22T05:00:00Z", out) + endpoints);
        QVERIFY2(later.exit_code == 0, qPrintable(later.err));
        QVERIFY2(later.err.contains(QStringLiteral(": %1 trades already there, 0 from 0 archive days, %2 from ").arg(want.size()).arg(2 * h.hour_size())),
                 qPrintable(later.err));
        QCOMPARE(server.rest.archive_downloads(), 2);
        auto grown = folder_bytes(out);
        QVERIFY(grown.erase("binance-futures-BTCUSDT-2020-02-22.1.fsrec") == 1);
        QVERIFY(grown == files);
        const auto all = run_cli({"trades", "--input", q(out)});
        QCOMPARE(all.exit_code, 0);
        QCOMPARE(compare_rows(data_rows(all.out), expected_trades(h, h.start_us(), h.end_us())), QString());
        QCOMPARE(server.rest.answered_429() + server.rest.answered_418(), 0);
    }

    void rest_endpoint_alone_tries_no_archive_and_takes_epoch_ms() {
        // Three hours of a past day: with an archive endpoint the day's archive would be fetched.
        const RealHistory h(kRealHourStartUs - 4 * kHourUs, 4);
        Server server(h);
        QTemporaryDir tmp;
        const std::string out = tmp.path().toStdString();
        const std::int64_t from = kRealHourStartUs - 3 * kHourUs, to = kRealHourStartUs;
        const auto r = run_cli(history_args(ms_text(from), ms_text(to), out) + QStringList{"--rest-endpoint", server.base()});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QCOMPARE(server.rest.archive_downloads(), 0);
        for (const std::string& target : server.rest.targets()) QVERIFY2(target.rfind("/data/", 0) != 0, target.c_str());
        QVERIFY2(!r.err.contains("history: archive"), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("0 from 0 archive days, %1 from ").arg(3 * h.hour_size())), qPrintable(r.err));
        QCOMPARE(names_of(folder_bytes(out)), QStringList{"binance-futures-BTCUSDT-2020-02-21.fsrec"});
        const auto trades = run_cli({"trades", "--input", q(out)});
        QCOMPARE(trades.exit_code, 0);
        QCOMPARE(compare_rows(data_rows(trades.out), expected_trades(h, from, to)), QString());
    }

    void bad_arguments_exit_2_saying_what_is_wrong_data() {
        QTest::addColumn<QStringList>("changes");
        QTest::addColumn<QString>("message");
        const QString iso = "give ISO 8601 UTC (2020-02-22T01:00:00Z, 2020-02-22) or epoch milliseconds";
        QTest::newRow("from-word") << QStringList{"--from", "yesterday"} << "bad --from 'yesterday': " + iso;
        QTest::newRow("from-no-zone") << QStringList{"--from", "2020-02-22T01:00:00"} << "bad --from '2020-02-22T01:00:00': " + iso;
        QTest::newRow("to-no-such-day") << QStringList{"--to", "2020-02-30T00:00:00Z"} << "bad --to '2020-02-30T00:00:00Z': " + iso;
        QTest::newRow("to-before-from") << QStringList{"--to", "2020-02-21T00:00:00Z"} << "--to must be after --from";
        QTest::newRow("to-equals-from") << QStringList{"--to", "1582329600000"} << "--to must be after --from";
        const QString share = "--share must be in (0, 1]: the share of the exchange's rate limit to use";
        QTest::newRow("share-zero") << QStringList{"--share", "0"} << share;
        QTest::newRow("share-above-one") << QStringList{"--share", "1.5"} << share;
        QTest::newRow("share-word") << QStringList{"--share", "half"} << QString("--share");
        QTest::newRow("rest-ftp") << QStringList{"--rest-endpoint", "ftp://127.0.0.1:1"}
                                  << "bad endpoint 'ftp://127.0.0.1:1': expected http://host:port or https://host";
        QTest::newRow("archive-no-scheme") << QStringList{"--rest-endpoint", "http://127.0.0.1:1", "--archive-endpoint", "127.0.0.1:1"}
                                           << "bad endpoint '127.0.0.1:1': expected http://host:port or https://host";
        QTest::newRow("exchange") << QStringList{"--exchange", "nasdaq"} << "unknown --exchange 'nasdaq'";
    }
    void bad_arguments_exit_2_saying_what_is_wrong() {
        QFETCH(QStringList, changes);
        QFETCH(QString, message);
        QTemporaryDir tmp;
        const std::string out = tmp.path().toStdString();
        // Valid but unreachable endpoints: a bad argument is refused before anything is asked.
        QStringList args = history_args("2020-02-22T00:00:00Z", "2020-02-22T01:00:00Z", out) +
                           QStringList{"--rest-endpoint", "http://127.0.0.1:1", "--archive-endpoint", "http://127.0.0.1:1"};
        for (int i = 0; i + 1 < changes.size(); i += 2) {
            const int at = args.indexOf(changes[i]);
            if (at >= 0) args[at + 1] = changes[i + 1];
            else args << changes[i] << changes[i + 1];
        }
        const auto r = run_cli(args);
        QVERIFY2(r.exit_code == 2, qPrintable(QString::number(r.exit_code) + ": " + r.err));
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
        QVERIFY(fs::is_empty(out));
    }

    void a_refusal_exits_1_saying_the_exchange_refuses_this_location_data() {
        QTest::addColumn<int>("status");
        QTest::newRow("451") << 451;
        QTest::newRow("403") << 403;
    }
    void a_refusal_exits_1_saying_the_exchange_refuses_this_location() {
        QFETCH(int, status);
        const RealHistory h(kRealHourStartUs - kDayUs, 26);
        Server server(h);
        server.rest.set_forced_status(status);
        QTemporaryDir tmp;
        const std::string out = tmp.path().toStdString();
        const QStringList endpoints{"--rest-endpoint", server.base(), "--archive-endpoint", server.base()};
        const auto r = run_cli(history_args("2020-02-21T00:00:00Z", "2020-02-22T01:00:00Z", out) + endpoints);
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("refuses requests from this location (HTTP %1)").arg(status)), qPrintable(r.err));
        QVERIFY(fs::is_empty(out));
    }

    void a_bad_checksum_exits_1_and_keeps_nothing_of_that_day() {
        const RealHistory h(kRealHourStartUs - kDayUs, 26);
        Server server(h);
        server.rest.set_bad_checksum(true);
        QTemporaryDir tmp;
        const std::string out = tmp.path().toStdString();
        const QStringList endpoints{"--rest-endpoint", server.base(), "--archive-endpoint", server.base()};
        const auto r = run_cli(history_args("2020-02-21T00:00:00Z", "2020-02-22T01:00:00Z", out) + endpoints);
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains("does not match its checksum twice: refused (nothing kept)"), qPrintable(r.err));
        // Downloaded twice, kept never: no recording of the day, no part file.
        QCOMPARE(server.rest.archive_downloads(), 2);
        QCOMPARE(names_of(folder_bytes(out)), QStringList{});
    }

    void live_with_backfill_prints_every_trade_once_in_id_order_through_a_killed_connection() {
        const RealHistory h(kRealHourStartUs - kHourUs, 2);
        const std::size_t live_start = h.hour_size();
        Server server(h, live_stream_of(h, live_start));
        const LiveRun r = run_live({"live", "--exchange", "binance-futures", "--symbol", "BTCUSDT", "--endpoint", q(server.exchange.url()),
                                    "--rest-endpoint", server.base(), "--backfill", "30m", "--duration", "10"},
                                   server.exchange, kLiveFrames / 3, 40);
        QVERIFY(r.killed);
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QCOMPARE(server.exchange.frames_sent(), kLiveFrames);  // the stream ran to its end within --duration
        // From 30 minutes before the first live trade to the last one streamed, each once, in id order.
        const std::int64_t first_live_time = h.at(live_start).trade.exchange_time_us;
        std::vector<Trade> want;
        for (std::size_t i = 0; i < live_start + kLiveFrames; ++i)
            if (const AggTrade a = h.at(i); a.trade.exchange_time_us >= first_live_time - 30 * kMinuteUs) want.push_back(a.trade);
        QCOMPARE(compare_rows(r.rows, want), QString());
        QVERIFY2(r.err.contains("repaired trades "), qPrintable(r.err));
        QVERIFY2(r.err.contains(" 0 holes given up (0 trades)"), qPrintable(r.err));
    }

    void live_without_repair_says_the_hole_and_leaves_it_out() {
        const RealHistory h(kRealHourStartUs - kHourUs, 2);
        const std::size_t live_start = h.hour_size();
        Server server(h, live_stream_of(h, live_start));
        const LiveRun r = run_live({"live", "--exchange", "binance-futures", "--symbol", "BTCUSDT", "--endpoint", q(server.exchange.url()),
                                    "--rest-endpoint", server.base(), "--backfill", "30m", "--no-repair", "--duration", "10"},
                                   server.exchange, kLiveFrames / 3, 40);
        QVERIFY(r.killed);
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QCOMPARE(server.exchange.frames_sent(), kLiveFrames);  // the stream ran to its end within --duration
        const auto holes = holes_said(r.err);
        QVERIFY2(!holes.empty(), qPrintable(r.err));
        QVERIFY2(!r.err.contains("repaired trades "), qPrintable(r.err));
        // What was said missing is missing (at least the 40 never sent); everything else is there once, in order.
        std::uint64_t missing = 0;
        for (const auto& [first, last] : holes) missing += last - first + 1;
        QVERIFY2(missing >= 40, qPrintable(r.err));
        const auto in_hole = [&](std::uint64_t id) {
            return std::any_of(holes.begin(), holes.end(), [id](const auto& hole) { return id >= hole.first && id <= hole.second; });
        };
        const std::int64_t first_live_time = h.at(live_start).trade.exchange_time_us;
        std::vector<Trade> want;
        for (std::size_t i = 0; i < live_start + kLiveFrames; ++i)
            if (const AggTrade a = h.at(i); a.trade.exchange_time_us >= first_live_time - 30 * kMinuteUs && !in_hole(*a.trade.id.number))
                want.push_back(a.trade);
        QCOMPARE(compare_rows(r.rows, want), QString());
        QVERIFY(!r.rows.isEmpty() && id_of(r.rows.back()) == *h.at(live_start + kLiveFrames - 1).trade.id.number);
    }
};

QTEST_GUILESS_MAIN(TestCliHistory)
#include "test_cli_history.moc"
