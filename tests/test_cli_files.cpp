// flowscope-cli bars / footprint on the real hour, checked against an independent computation
// written here from the definitions (its own CSV reading and decimal parsing, maps keyed by
// minute and price), plus the command's behaviour on zips and bad input.
#include <QtTest>

#include <zip.h>

#include <map>

__extension__ using int128 = __int128;

namespace {

const QString kDir = FLOWSCOPE_TEST_DATA_DIR;
const QString kAggTrades = kDir + "/binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv";
const QString kTrades = kDir + "/binance-futures-BTCUSDT-2020-02-22T00.trades.csv";
const QString kTardis = kDir + "/binance-futures-BTCUSDT-2020-02-22T00.tardis.csv";
constexpr qint64 kScale = 100'000'000;  // decimals as integers of 1e-8

struct Run {
    int exit_code = -1;
    QByteArray out;
    QString err;
};

Run run_cli(const QStringList& args) {
    QProcess p;
    p.start(FLOWSCOPE_CLI_PATH, args);
    Run r;
    if (!p.waitForFinished(120'000)) return r;
    r.exit_code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// "9682.19" → 968219000000. Independent of core's parser on purpose.
qint64 units(const QString& text) {
    const QStringList parts = text.split('.');
    const bool negative = text.startsWith('-');
    qint64 whole = parts[0].toLongLong();
    QString frac = parts.size() > 1 ? parts[1] : QString();
    frac = frac.leftJustified(8, '0');
    const qint64 value = (negative ? -whole : whole) * kScale + frac.toLongLong();
    return negative ? -value : value;
}

struct Trade {
    qint64 time_ms, price, qty;
    bool buy;
};

// Reads any of the three layouts by its known columns.
std::vector<Trade> read_trades(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot open %s", qPrintable(path));
    const QString header = QString::fromUtf8(f.readLine()).trimmed();
    const bool tardis = header.startsWith("exchange");
    const bool agg = header.startsWith("agg_trade_id");
    std::vector<Trade> trades;
    while (!f.atEnd()) {
        const QStringList c = QString::fromUtf8(f.readLine()).trimmed().split(',');
        if (tardis)
            trades.push_back({c[2].toLongLong() / 1000, units(c[6]), units(c[7]), c[5] == "buy"});
        else if (agg)
            trades.push_back({c[5].toLongLong(), units(c[1]), units(c[2]), c[6] == "false"});
        else
            trades.push_back({c[4].toLongLong(), units(c[1]), units(c[2]), c[5] == "false"});
    }
    return trades;
}

QString decimal(int128 u) {
    const bool negative = u < 0;
    if (negative) u = -u;
    QString s = QString::number(static_cast<qint64>(u / kScale));
    QString frac = QString::number(static_cast<qint64>(u % kScale)).rightJustified(8, '0');
    while (frac.endsWith('0')) frac.chop(1);
    if (!frac.isEmpty()) s += "." + frac;
    return (negative ? "-" : "") + s;
}

struct Level {
    qint64 bid = 0, ask = 0;
    int trades = 0;
    qint64 total() const { return bid + ask; }
};

struct MinuteBar {
    qint64 open = 0, high = 0, low = 0, close = 0, volume = 0, buy = 0, sell = 0, cvd = 0;
    int128 notional = 0;
    int trades = 0;
    std::map<qint64, Level> levels;  // bucket index → volumes
};

std::map<qint64, MinuteBar> minute_bars(const std::vector<Trade>& trades, qint64 bucket) {
    std::map<qint64, MinuteBar> bars;
    qint64 cvd = 0;
    for (const Trade& t : trades) {
        MinuteBar& b = bars[t.time_ms / 60'000 * 60'000];
        if (b.trades == 0) b.open = b.high = b.low = t.price;
        b.high = std::max(b.high, t.price);
        b.low = std::min(b.low, t.price);
        b.close = t.price;
        b.volume += t.qty;
        (t.buy ? b.buy : b.sell) += t.qty;
        cvd += t.buy ? t.qty : -t.qty;
        b.cvd = cvd;
        b.notional += static_cast<int128>(t.price) * t.qty;
        ++b.trades;
        Level& level = b.levels[t.price / bucket];
        (t.buy ? level.ask : level.bid) += t.qty;
        ++level.trades;
    }
    return bars;
}

qint64 volume_at(const MinuteBar& b, qint64 k) {
    const auto it = b.levels.find(k);
    return it == b.levels.end() ? 0 : it->second.total();
}

// POC: most volume; ties nearest the middle of the bar's range, then the lower level.
qint64 poc(const MinuteBar& b) {
    const qint64 lo = b.levels.begin()->first, hi = b.levels.rbegin()->first;
    qint64 best = lo;
    for (const auto& [k, level] : b.levels) {
        const qint64 v = level.total(), bv = volume_at(b, best);
        if (v > bv || (v == bv && std::abs(2 * k - lo - hi) < std::abs(2 * best - lo - hi))) best = k;
    }
    return best;
}

// Value area: from the POC, take the next level up or down with more volume (both on a tie)
// until 70% of the volume is inside.
std::pair<qint64, qint64> value_area(const MinuteBar& b) {
    const qint64 lo = b.levels.begin()->first, hi = b.levels.rbegin()->first;
    qint64 low = poc(b), high = low;
    qint64 inside = volume_at(b, low);
    while (inside * 10 < b.volume * 7 && (low > lo || high < hi)) {
        const qint64 up = high < hi ? volume_at(b, high + 1) : -1;
        const qint64 down = low > lo ? volume_at(b, low - 1) : -1;
        if (up >= down) inside += volume_at(b, ++high);
        if (down >= up) inside += volume_at(b, --low);
    }
    return {low, high};
}

QString imbalance(qint64 buy, qint64 sell) {
    const int128 den = buy + sell, num = buy - sell;
    const int128 mag = ((num < 0 ? -num : num) * 1'000'000 + den / 2) / den;
    return (num < 0 && mag != 0 ? "-" : "") + QString::number(static_cast<qint64>(mag / 1'000'000)) + "." +
           QString::number(static_cast<qint64>(mag % 1'000'000)).rightJustified(6, '0');
}

QStringList lines_of(const QByteArray& out) {
    QStringList lines = QString::fromUtf8(out).split('\n');
    if (!lines.isEmpty() && lines.back().isEmpty()) lines.pop_back();
    return lines;
}

void write_zip(const QString& zip_path, const QByteArray& content) {
    int err = 0;
    zip_t* z = zip_open(qPrintable(zip_path), ZIP_CREATE | ZIP_TRUNCATE, &err);
    QVERIFY(z != nullptr);
    zip_source_t* src = zip_source_buffer(z, content.constData(), static_cast<zip_uint64_t>(content.size()), 0);
    QVERIFY(zip_file_add(z, "BTCUSDT-trades-2020-02-22.csv", src, 0) >= 0);
    QCOMPARE(zip_close(z), 0);
}

}  // namespace

class TestCliFiles : public QObject {
    Q_OBJECT

private slots:
    void bars_agree_with_an_independent_computation_data() {
        QTest::addColumn<QString>("path");
        QTest::newRow("aggTrades") << kAggTrades;
        QTest::newRow("trades") << kTrades;
        QTest::newRow("tardis") << kTardis;
    }
    void bars_agree_with_an_independent_computation() {
        QFETCH(QString, path);
        const Run r = run_cli({"bars", "--input", path, "--timeframe", "1m"});
        QCOMPARE(r.exit_code, 0);
        // The only note on a clean file is the inferred tick (aggTrades has fewer rows to infer from).
        const QString prices = path == kAggTrades ? "4,297" : "5,041";
        QCOMPARE(r.err, QString("flowscope-cli: %1: tick 0.01 inferred from %2 prices; --tick sets it\n").arg(path).arg(prices));
        const QStringList lines = lines_of(r.out);
        QCOMPARE(lines[0], QString("open_time_ms,open,high,low,close,volume,buy_volume,sell_volume,delta,cvd,"
                                   "trades,poc,vah,val,vwap,imbalance"));
        const qint64 tick = units("0.01");
        const auto expected = minute_bars(read_trades(path), tick);
        QCOMPARE(lines.size() - 1, qsizetype(expected.size()));
        qint64 volume = 0, trades = 0;
        int row = 1;
        for (const auto& [minute, b] : expected) {
            const QStringList c = lines[row++].split(',');
            QCOMPARE(c.size(), 16);
            QCOMPARE(c[0].toLongLong(), minute);
            QCOMPARE(units(c[1]), b.open);
            QCOMPARE(units(c[2]), b.high);
            QCOMPARE(units(c[3]), b.low);
            QCOMPARE(units(c[4]), b.close);
            QCOMPARE(units(c[5]), b.volume);
            QCOMPARE(units(c[6]), b.buy);
            QCOMPARE(units(c[7]), b.sell);
            QCOMPARE(units(c[8]), b.buy - b.sell);
            QCOMPARE(units(c[9]), b.cvd);
            QCOMPARE(c[10].toInt(), b.trades);
            QCOMPARE(units(c[11]), poc(b) * tick);
            const auto [val, vah] = value_area(b);
            QCOMPARE(units(c[12]), vah * tick);
            QCOMPARE(units(c[13]), val * tick);
            QCOMPARE(units(c[14]), static_cast<qint64>((b.notional + b.volume / 2) / b.volume));
            QCOMPARE(c[15], imbalance(b.buy, b.sell));
            QCOMPARE(c[5], decimal(b.volume));  // printed exactly, trailing zeros trimmed
            volume += b.volume;
            trades += b.trades;
        }
        QCOMPARE(trades, path == kAggTrades ? 4297 : 5041);
        qint64 input_volume = 0;
        for (const Trade& t : read_trades(path)) input_volume += t.qty;
        QCOMPARE(volume, input_volume);
    }

    void three_layouts_print_the_same_bars_but_trade_counts() {
        auto without_trades = [](const QByteArray& out) {
            QStringList rows;
            for (const QString& line : lines_of(out)) {
                QStringList c = line.split(',');
                c.removeAt(10);
                rows << c.join(',');
            }
            return rows;
        };
        const Run agg = run_cli({"bars", "-i", kAggTrades});
        const Run trades = run_cli({"bars", "-i", kTrades});
        const Run tardis = run_cli({"bars", "-i", kTardis});
        QCOMPARE(without_trades(trades.out), without_trades(agg.out));
        QCOMPARE(tardis.out, trades.out);
    }

    void footprint_agrees_with_an_independent_computation_data() {
        QTest::addColumn<QString>("bucket");
        QTest::addColumn<QString>("ratio");
        QTest::addColumn<int>("stack");
        QTest::addColumn<bool>("zeros");
        QTest::addColumn<QString>("min_volume");
        QTest::newRow("defaults, bucket 1") << "1" << "3" << 3 << false << "0";
        QTest::newRow("bucket 0.5 ratio 2.5 stack 2") << "0.5" << "2.5" << 2 << false << "0";
        QTest::newRow("zeros count, min volume 0.5") << "1" << "3" << 3 << true << "0.5";
        QTest::newRow("tick bucket") << "0.01" << "3" << 3 << false << "0";
    }
    void footprint_agrees_with_an_independent_computation() {
        QFETCH(QString, bucket);
        QFETCH(QString, ratio);
        QFETCH(int, stack);
        QFETCH(bool, zeros);
        QFETCH(QString, min_volume);
        QStringList args{"footprint", "--input", kTrades, "--timeframe", "1m", "--bucket", bucket,
                         "--ratio", ratio, "--stack", QString::number(stack), "--min-volume", min_volume};
        if (zeros) args << "--zeros";
        const Run r = run_cli(args);
        QCOMPARE(r.exit_code, 0);
        const QStringList lines = lines_of(r.out);
        QCOMPARE(lines[0], QString("open_time_ms,price,bid_volume,ask_volume,trades,imbalance"));
        const qint64 b_units = units(bucket), ratio_units = units(ratio), min_units = units(min_volume);
        const auto bars = minute_bars(read_trades(kTrades), b_units);
        // mine > ratio × other, exactly; an empty other side counts only with --zeros.
        auto imbalanced = [&](qint64 mine, qint64 other) {
            if (mine == 0 || mine <= min_units) return false;
            if (other == 0) return zeros;
            return static_cast<int128>(mine) * kScale > static_cast<int128>(ratio_units) * other;
        };
        auto level_at = [](const MinuteBar& bar, qint64 k) {
            const auto it = bar.levels.find(k);
            return it == bar.levels.end() ? Level{} : it->second;
        };
        QStringList expected_stacks;
        int row = 1;
        for (const auto& [minute, bar] : bars) {
            qint64 cells_volume = 0;
            std::map<QString, std::pair<qint64, int>> runs;  // side → (start, length)
            const qint64 hi = bar.levels.rbegin()->first;
            for (qint64 k = bar.levels.begin()->first; k <= hi + 1; ++k) {
                const Level level = level_at(bar, k);
                const bool buy = k <= hi && imbalanced(level.ask, level_at(bar, k - 1).bid);
                const bool sell = k <= hi && imbalanced(level.bid, level_at(bar, k + 1).ask);
                for (const auto& [side, hit] : {std::pair{QString("buy"), buy}, std::pair{QString("sell"), sell}}) {
                    auto& [start, length] = runs[side];
                    if (hit) {
                        if (length++ == 0) start = k;
                    } else {
                        if (length >= stack)
                            expected_stacks << QString("stacked,%1,%2,%3,%4").arg(minute).arg(side, decimal(int128(start) * b_units),
                                                                                            decimal(int128(k - 1) * b_units));
                        length = 0;
                    }
                }
                if (level.trades == 0) continue;
                const QStringList c = lines[row++].split(',');
                QCOMPARE(c[0].toLongLong(), minute);
                QCOMPARE(units(c[1]), k * b_units);
                QCOMPARE(units(c[2]), level.bid);
                QCOMPARE(units(c[3]), level.ask);
                QCOMPARE(c[4].toInt(), level.trades);
                QCOMPARE(c[5], QString(buy && sell ? "both" : buy ? "buy" : sell ? "sell" : ""));
                cells_volume += level.total();
            }
            QCOMPARE(cells_volume, bar.volume);  // the cells add up to the bar's volume
        }
        // Stacked rows come after all cells, per bar buy runs then sell runs.
        std::sort(expected_stacks.begin(), expected_stacks.end(), [](const QString& a, const QString& b) {
            const QStringList x = a.split(','), y = b.split(',');
            return std::tuple(x[1].toLongLong(), x[2] == "sell", units(x[3])) <
                   std::tuple(y[1].toLongLong(), y[2] == "sell", units(y[3]));
        });
        QCOMPARE(lines.mid(row), expected_stacks);
        // At a 0.01 bucket the hour's levels are too sparse for diagonals; coarser buckets stack.
        if (bucket != "0.01") QVERIFY(!expected_stacks.isEmpty());
    }

    void zip_prints_the_same_as_the_csv() {
        QTemporaryDir dir;
        QFile f(kTrades);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString zip = dir.path() + "/BTCUSDT-trades-2020-02-22.zip";
        write_zip(zip, f.readAll());
        const Run from_zip = run_cli({"bars", "-i", zip, "-t", "5m"});
        QCOMPARE(from_zip.exit_code, 0);
        QCOMPARE(from_zip.out, run_cli({"bars", "-i", kTrades, "-t", "5m"}).out);
        const Run fp = run_cli({"footprint", "-i", zip, "--bucket", "2.5"});
        QCOMPARE(fp.exit_code, 0);
        QCOMPARE(fp.out, run_cli({"footprint", "-i", kTrades, "--bucket", "2.5"}).out);
    }

    void a_recording_prints_the_same_as_the_trade_file_it_holds() {
        // The bundled session holds this hour's aggTrade frames: through the live parser they must
        // give exactly the bars and footprint cells of the public aggTrades file.
        const QString session = QString(FLOWSCOPE_RESOURCES_DIR) + "/sessions/binance-futures-BTCUSDT-2020-02-22.fsrec";
        QVERIFY(QFile::exists(session));
        const Run bars = run_cli({"bars", "-i", session, "-t", "1m"});
        QCOMPARE(bars.exit_code, 0);
        QCOMPARE(bars.out, run_cli({"bars", "-i", kAggTrades, "-t", "1m"}).out);
        const Run fp = run_cli({"footprint", "-i", session, "-t", "5m", "--bucket", "0.5"});
        QCOMPARE(fp.exit_code, 0);
        QCOMPARE(fp.out, run_cli({"footprint", "-i", kAggTrades, "-t", "5m", "--bucket", "0.5"}).out);
        QVERIFY(fp.out.count('\n') > 100);
    }

    void bad_lines_are_reported_counted_and_skipped() {
        const QString path = kDir + "/bad/malformed-aggTrades.csv";
        const Run r = run_cli({"bars", "-i", path});
        QCOMPARE(r.exit_code, 0);
        QVERIFY2(r.err.contains("flowscope-cli: " + path + ":5: bad price '96x2.19'\n"), qPrintable(r.err));
        QVERIFY2(r.err.contains(path + ":8: expected 7 columns, found 6"), qPrintable(r.err));
        QVERIFY2(r.err.contains("flowscope-cli: 5 bad lines skipped (first: " + path + ":5: bad price '96x2.19')"),
                 qPrintable(r.err));
        const QStringList lines = lines_of(r.out);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[1].split(',')[10], QString("9"));  // the 9 good trades are all in the bar
    }

    void stop_on_error_fails_at_the_first_bad_line() {
        const QString path = kDir + "/bad/malformed-aggTrades.csv";
        const Run r = run_cli({"bars", "-i", path, "--stop-on-error"});
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains(path + ":5: bad price '96x2.19' (stopped at the first bad line)"), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void hopeless_input_fails_with_a_message_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exit_code");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QStringList{"bars", "-i", kDir + "/bad/empty.csv"} << 1 << "empty.csv: empty file, no trades";
        QTest::newRow("header only") << QStringList{"footprint", "-i", kDir + "/bad/header-only.csv"} << 1 << "header-only.csv: header only, no trades";
        QTest::newRow("missing") << QStringList{"bars", "-i", kDir + "/nope.csv"} << 1 << "nope.csv: cannot open";
        QTest::newRow("bad timeframe") << QStringList{"bars", "-i", kTrades, "-t", "7x"} << 2 << "bad --timeframe '7x'";
        QTest::newRow("bad tick") << QStringList{"bars", "-i", kTrades, "--tick", "-1"} << 2 << "bad --tick '-1'";
        QTest::newRow("bad bucket") << QStringList{"footprint", "-i", kTrades, "--bucket", "0"} << 2 << "bad --bucket '0'";
        QTest::newRow("bad ratio") << QStringList{"footprint", "-i", kTrades, "--ratio", "x"} << 2 << "bad --ratio";
    }
    void far_apart_prints_finish_or_name_a_workable_bucket_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exit_code");
        QTest::addColumn<QString>("message");
        const QString far = kDir + "/bad/far-apart-prints-aggTrades.csv";
        QTest::newRow("inferred tick") << QStringList{"bars", "-i", far} << 2
                                       << "flowscope-cli: the inferred tick 0.00000001 makes 10,000,000,000 levels in the bar of "
                                          "2020-02-22 00:00:00 UTC (low 9682.00000001, high 9782); a bar may span at most "
                                          "1,000,000: use --tick 0.0002 or coarser\n";
        QTest::newRow("inferred tick, footprint") << QStringList{"footprint", "-i", far} << 2 << "1,000,000: use --bucket 0.0002 or coarser\n";
        QTest::newRow("given tick") << QStringList{"bars", "-i", kTrades, "--tick", "0.00000001"} << 2
                                    << "flowscope-cli: --tick 0.00000001 makes 1,684,000,001 levels in the bar of 2020-02-22 "
                                       "00:01:00 UTC (low 9666.66, high 9683.5); a bar may span at most 1,000,000: use --tick "
                                       "0.00002 or coarser\n";
        QTest::newRow("given bucket") << QStringList{"footprint", "-i", kTrades, "--bucket", "0.00000001"} << 2
                                      << "flowscope-cli: --bucket 0.00000001 makes 1,684,000,001 levels in the bar of "
                                         "2020-02-22 00:01:00 UTC (low 9666.66, high 9683.5); a bar may span at most "
                                         "1,000,000: use --bucket 0.00002 or coarser\n";
        QTest::newRow("named bucket works") << QStringList{"footprint", "-i", kTrades, "--bucket", "0.00002"} << 0 << "";
        QTest::newRow("workable tick") << QStringList{"bars", "-i", far, "--tick", "0.0002"} << 0 << "";
    }
    void far_apart_prints_finish_or_name_a_workable_bucket() {
        QFETCH(QStringList, args);
        QFETCH(int, exit_code);
        QFETCH(QString, message);
        QElapsedTimer timer;
        timer.start();
        const Run r = run_cli(args);
        QVERIFY2(timer.elapsed() < 10'000, qPrintable(QString::number(timer.elapsed())));  // a bucket walk: hours
        QCOMPARE(r.exit_code, exit_code);
        QVERIFY2(message.isEmpty() ? r.err.isEmpty() : r.err.endsWith(message), qPrintable(r.err));
        QCOMPARE(r.out.isEmpty(), exit_code != 0);
    }

    void a_stray_print_does_not_set_the_tick() {
        // The real hour with its first price moved off the cent grid: the tick stays 0.01, the stray
        // trade is counted in the level below it, so every footprint cell is as in the real file.
        QFile real(kAggTrades);
        QVERIFY(real.open(QIODevice::ReadOnly));
        QByteArray text = real.readAll();
        const QByteArray first = "26000000,9682,0.132,";
        QVERIFY(text.contains("\n" + first));
        text.replace("\n" + first, "\n26000000,9682.00000001,0.132,");
        QTemporaryDir dir;
        const QString stray = dir.filePath("stray-aggTrades.csv");
        QFile out(stray);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(text);
        out.close();
        const Run r = run_cli({"footprint", "-i", stray, "-t", "1m"});
        QCOMPARE(r.exit_code, 0);
        QCOMPARE(r.err, QString("flowscope-cli: %1: tick 0.01 inferred from 4,297 prices (1 off that grid, each counted in the "
                                "level below it); --tick sets it\n").arg(stray));
        const Run clean = run_cli({"footprint", "-i", kAggTrades, "-t", "1m"});
        QCOMPARE(clean.exit_code, 0);
        QVERIFY(clean.out.count('\n') > 1000);
        QCOMPARE(r.out, clean.out);
    }

    void hopeless_input_fails_with_a_message() {
        QFETCH(QStringList, args);
        QFETCH(int, exit_code);
        QFETCH(QString, message);
        const Run r = run_cli(args);
        QCOMPARE(r.exit_code, exit_code);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void unsorted_input_is_counted_on_stderr() {
        const Run r = run_cli({"bars", "-i", kDir + "/bad/unsorted-trades.csv", "-t", "1s"});
        QCOMPARE(r.exit_code, 0);
        QVERIFY2(r.err.contains("3 trades out of time order"), qPrintable(r.err));
        QCOMPARE(lines_of(r.out).size(), 1 + 2);  // trades at :02.1 … :03.6 → the 2 s and 3 s bars
        QCOMPARE(lines_of(r.out)[1].split(',')[10], QString("5"));
    }

    void tick_and_symbol_overrides_are_used() {
        const Run r = run_cli({"bars", "-i", kTrades, "--tick", "5", "--symbol", "BTCUSDT"});
        QCOMPARE(r.exit_code, 0);
        const QStringList first = lines_of(r.out)[1].split(',');
        QCOMPARE(units(first[11]) % units("5"), qint64{0});  // POC on the 5-dollar grid
    }
};

QTEST_GUILESS_MAIN(TestCliFiles)
#include "test_cli_files.moc"
