// flowscope-cli live --group against three local test exchanges at once: Binance USD-M, Bybit
// linear and OKX swap, each speaking its own dialect. The real hour is split between them: its
// trades go round-robin by distinct millisecond (every trade of one millisecond to one exchange),
// Binance sending its real captured frames, Bybit and OKX the same trades in their frame formats,
// OKX in contracts of 0.01 BTC. After the hour each exchange sends its documented example frame.
// Split this way no two exchanges share a millisecond, so the exchange-time order of the group is
// one order, and the printed bars are held to an independent merge (a stable sort of every
// member's trades by time, in base-asset sizes written here) aggregated once, in all eleven
// timeframes and in trade and volume bars. Also: OKX contract values on the documented frame, a
// member that drops out and comes back, and groups refused with exit 2.
#include <QtTest>

#include <QDateTime>
#include <QJsonArray>
#include <QTimeZone>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <array>
#include <csignal>
#include <map>
#include <set>

#include "aggregate/aggregator.hpp"
#include "aggregate/footprint_analysis.hpp"
#include "net/exchange_adapter.hpp"
#include "record/frame_synthesis.hpp"
#include "record/market_file_trades.hpp"
#include "support/cli_run.hpp"
#include "support/local_exchange.hpp"
#include "support/group_hour.hpp"
#include "support/test_data.hpp"

using namespace flowscope;
using flowscope::testing::LocalExchange;
using flowscope::testing::LocalExchangeOptions;

namespace {

constexpr std::int64_t kCentUnits = 1'000'000;  // the bars' levels: 0.01
constexpr int kMembers = test::kGroupMembers;
constexpr auto kExchanges = test::kGroupExchanges;
constexpr auto kSymbols = test::kGroupSymbols;
constexpr std::int64_t kContractsPerBtc = test::kOkxContractsPerBtc;

using Member = test::GroupMemberStream;

QJsonObject example(const char* name) {
    QFile f(QString::fromStdString(test::data_path(std::string("ws/exchange-examples/") + name)));
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read %s", name);
    return QJsonDocument::fromJson(f.readAll()).object();
}

std::string compact(const QJsonObject& o) { return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString(); }

Trade trade_at(Exchange exchange, const char* symbol, std::int64_t time_ms, const char* price, const char* size, Side side) {
    Trade t;
    t.exchange = exchange;
    t.symbol = Symbol(symbol);
    t.exchange_time_us = time_ms * 1000;
    t.price = *parse_price(price);
    t.quantity = *parse_quantity(size);
    t.aggressor = side;
    return t;
}

// The documented example frames, moved one, two and three seconds past the hour's last trade and
// priced near it (Binance's documented price 0.001 and Bybit's 27451 are placeholders that would
// stretch a trade bar's levels over a million cents); their fields and shapes are the documented
// ones. OKX's is made 5 contracts of the swap: 0.05 BTC.
void add_examples(std::array<Member, kMembers>& m, std::int64_t last_ms) {
    QJsonObject binance = example("binance-futures-aggTrade.json");
    binance["E"] = qint64(last_ms + 1000);
    binance["T"] = qint64(last_ms + 1000);
    binance["p"] = "9690.00";
    m[0].frames.push_back(compact(binance));
    m[0].trades.push_back(trade_at(Exchange::BinanceFutures, "BTCUSDT", last_ms + 1000, "9690", "100", Side::Sell));  // m: the buyer made

    QJsonObject bybit = example("bybit-v5-publicTrade.json");
    bybit["ts"] = qint64(last_ms + 2000);
    QJsonArray bybit_data = bybit["data"].toArray();
    QJsonObject bybit_trade = bybit_data[0].toObject();
    bybit_trade["T"] = qint64(last_ms + 2000);
    bybit_trade["p"] = "9691.00";
    bybit_data[0] = bybit_trade;
    bybit["data"] = bybit_data;
    m[1].frames.push_back(compact(bybit));
    m[1].trades.push_back(trade_at(Exchange::Bybit, "BTCUSDT", last_ms + 2000, "9691", "0.01", Side::Buy));

    QJsonObject okx = example("okx-v5-trades.json");
    QJsonObject arg = okx["arg"].toObject();
    arg["instId"] = "BTC-USDT-SWAP";
    okx["arg"] = arg;
    QJsonArray okx_data = okx["data"].toArray();
    QJsonObject okx_trade = okx_data[0].toObject();
    okx_trade["instId"] = "BTC-USDT-SWAP";
    okx_trade["ts"] = QString::number(last_ms + 3000);
    okx_trade["px"] = "9692.5";
    okx_trade["sz"] = "5";
    okx_data[0] = okx_trade;
    okx["data"] = okx_data;
    m[2].frames.push_back(compact(okx));
    m[2].trades.push_back(trade_at(Exchange::Okx, "BTC-USDT-SWAP", last_ms + 3000, "9692.5", "0.05", Side::Buy));
}

// The real hour split between the three members, then their examples.
const std::array<Member, kMembers>& group_hour() {
    static const std::array<Member, kMembers> members = [] {
        std::array<Member, kMembers> m = test::real_hour_as_group();
        add_examples(m, m[0].trades.empty() ? 0 : std::max({m[0].trades.back().exchange_time_us, m[1].trades.back().exchange_time_us,
                                                             m[2].trades.back().exchange_time_us}) / 1000);
        return m;
    }();
    return members;
}

std::size_t total_trades() {
    std::size_t n = 0;
    for (const Member& m : group_hour()) n += m.trades.size();
    return n;
}

// The independent merge: every member's trades, stable-sorted by time then member, aggregated.
Aggregator independent_bars(const BarSpec& spec) {
    struct Tagged {
        const Trade* trade;
        std::size_t member;
    };
    std::vector<Tagged> all;
    for (std::size_t f = 0; f < kMembers; ++f)
        for (const Trade& t : group_hour()[f].trades) all.push_back({&t, f});
    std::stable_sort(all.begin(), all.end(), [](const Tagged& a, const Tagged& b) {
        return a.trade->exchange_time_us != b.trade->exchange_time_us ? a.trade->exchange_time_us < b.trade->exchange_time_us
                                                                        : a.member < b.member;
    });
    Aggregator agg;
    agg.add_series(spec, kCentUnits);
    for (const Tagged& t : all) agg.add(*t.trade);
    return agg;
}

// OKX's documented instruments answer for BTC-USDT-SWAP, its ctVal given.
std::string okx_swap_metadata(const char* ct_val) {
    return std::string(R"({"code":"0","data":[{"instType":"SWAP","instId":"BTC-USDT-SWAP","ctVal":")") + ct_val +
           R"(","ctMult":"1","lotSz":"0.01","tickSz":"0.1"}],"msg":""})";
}

// A port where nothing listens.
unsigned short closed_port() {
    LocalExchange gone{LocalExchangeOptions{}};
    return gone.port();
}

// The three local exchanges, each serving its member's frames; OKX's also answers the instrument
// metadata request, and the CLI is sent there for it (--rest-endpoint), never to the internet.
struct Exchanges {
    std::array<std::unique_ptr<LocalExchange>, kMembers> servers;
    unsigned short okx_rest_port = 0;
    explicit Exchanges(const std::array<Member, kMembers>& members, int frame_interval_us = 0, const char* okx_ct_val = "0.01") {
        for (int f = 0; f < kMembers; ++f) {
            LocalExchangeOptions o;
            o.exchange = kExchanges[f];
            o.frames = members[f].frames;
            o.frame_interval_us = frame_interval_us;
            if (kExchanges[f] == Exchange::Okx && okx_ct_val) o.http_body = okx_swap_metadata(okx_ct_val);
            servers[f] = std::make_unique<LocalExchange>(o);
        }
        okx_rest_port = okx_ct_val ? servers[2]->port() : closed_port();
    }
    QStringList group_args() const {
        QStringList args{"live"};
        for (int f = 0; f < kMembers; ++f)
            args << "--group" << QString("%1:%2").arg(QString::fromUtf8(exchange_name(kExchanges[f]).data()), kSymbols[f]);
        for (int f = 0; f < kMembers; ++f)
            args << "--endpoint"
                 << QString("%1=%2").arg(QString::fromUtf8(exchange_name(kExchanges[f]).data()), QString::fromStdString(servers[f]->url()));
        return args << "--rest-endpoint" << QString("okx=http://127.0.0.1:%1").arg(okx_rest_port);
    }
};

QString units_text(int128 units) {
    std::string s;
    append_units(s, units);
    return QString::fromStdString(s);
}

// Empty when the printed CSV holds the bars field for field (imbalance aside: buy and sell say it).
QString first_difference(const QString& csv, std::span<const Bar> bars) {
    const QStringList lines = csv.split('\n', Qt::SkipEmptyParts);
    if (lines.isEmpty() || lines[0] != "open_time_ms,open,high,low,close,volume,buy_volume,sell_volume,delta,cvd,trades,poc,vah,val,vwap,imbalance")
        return "no bars header";
    if (static_cast<std::size_t>(lines.size() - 1) != bars.size())
        return QString("%1 bars printed, %2 expected").arg(lines.size() - 1).arg(bars.size());
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const Bar& b = bars[i];
        const ValueArea va = value_area(b.footprint).value_or(ValueArea{});
        const QStringList want{QString::number(floor_div(b.open_time_us, 1000)), units_text(b.open.units), units_text(b.high.units),
                               units_text(b.low.units), units_text(b.close.units), units_text(b.volume.units),
                               units_text(b.buy_volume.units), units_text(b.sell_volume.units),
                               units_text(b.buy_volume.units - b.sell_volume.units), units_text(b.cvd.units),
                               QString::number(b.trades), units_text(int128(va.poc) * kCentUnits),
                               units_text(int128(va.high) * kCentUnits), units_text(int128(va.low) * kCentUnits),
                               units_text(b.vwap().units)};
        const QStringList got = lines[static_cast<qsizetype>(i) + 1].split(',');
        if (got.size() != want.size() + 1 || got.mid(0, want.size()) != want)
            return QString("bar %1: printed %2, expected %3").arg(i).arg(lines[static_cast<qsizetype>(i) + 1], want.join(','));
    }
    return {};
}

}  // namespace

class TestCliGroupLive : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        const auto& m = group_hour();
        // The split is real: each member holds about a third of the hour, and no millisecond is shared.
        QCOMPARE(total_trades(), std::size_t(4297 + 3));
        for (const Member& member : m) QVERIFY(member.trades.size() > 1000 && member.frames.size() == member.trades.size());
        std::set<std::int64_t> seen;
        for (const Member& member : m) {
            std::set<std::int64_t> own;
            for (const Trade& t : member.trades) own.insert(t.exchange_time_us);
            for (std::int64_t t : own) QVERIFY(seen.insert(t).second);
        }
    }

    // The wait is long (60 s) so that nothing goes out before every member has shown its time: the
    // order is then the one exchange-time order, and the bars must equal the independent merge.
    void group_bars_equal_an_independent_merge_data() {
        QTest::addColumn<QString>("timeframe");
        for (std::string_view tf : kStandardTimeframes) QTest::newRow(std::string(tf).c_str()) << QString::fromUtf8(tf.data(), qsizetype(tf.size()));
        QTest::newRow("100t") << QString("100t");
        QTest::newRow("25v") << QString("25v");
    }
    void group_bars_equal_an_independent_merge() {
        QFETCH(QString, timeframe);
        const Exchanges exchanges(group_hour());
        const test::CliRun r = test::run_cli(exchanges.group_args() << "--timeframe" << timeframe << "--bucket" << "0.01" << "--wait-ms"
                                                                    << "60000" << "--trades" << QString::number(total_trades())
                                                                    << "--duration" << "120");
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        const Aggregator expected = independent_bars(*BarSpec::parse(timeframe.toStdString()));
        QCOMPARE(first_difference(r.out, expected.series().front().bars()), QString());
        QVERIFY2(r.err.contains("group BTC/USDT \xC2\xB7 binance-futures BTCUSDT + bybit BTCUSDT + okx BTC-USDT-SWAP: " + timeframe +
                                " bars, levels of 0.01, waiting up to 60000 ms for the slowest feed; okx BTC-USDT-SWAP: 1 contract = "
                                "0.01 BTC (ctVal from okx's instrument metadata)"),
                 qPrintable(r.err));
        for (int f = 0; f < kMembers; ++f) {
            const QString line = QString("member %1 %2: %3 trades, 0 late")
                                     .arg(QString::fromUtf8(exchange_name(kExchanges[f]).data()), kSymbols[f])
                                     .arg(QLocale(QLocale::English).toString(qulonglong(group_hour()[f].trades.size())));
            QVERIFY2(r.err.contains(line), qPrintable(line + "\n" + r.err));
        }
        QVERIFY2(r.err.contains(QString("trades merged").prepend(QLocale(QLocale::English).toString(qulonglong(total_trades())) + " ")),
                 qPrintable(r.err));
        QVERIFY2(!r.err.contains("dropped out") && !r.err.contains("malformed frame"), qPrintable(r.err));
        // Each member's delay: the replayed trades of 2020 arrive years after their exchange time.
        QCOMPARE(r.err.count(QRegularExpression("; its trades arrive [0-9]+ s after their exchange time \\(median of its last 1,024\\)\n")), kMembers);
    }

    // --record: each member's frames in a recording of its own, every trade its exchange sent
    // (OKX in contracts), and the three files open again as the group (bars --input …).
    void each_member_is_recorded_on_its_own() {
        const Exchanges exchanges(group_hour());
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const test::CliRun r = test::run_cli(exchanges.group_args() << "--bucket" << "0.01" << "--wait-ms" << "60000" << "--trades"
                                                                    << QString::number(total_trades()) << "--duration" << "120"
                                                                    << "--record" << dir.path());
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QStringList inputs;
        for (int f = 0; f < kMembers; ++f) {
            const QString name = QString::fromUtf8(exchange_name(kExchanges[f]).data());
            const QStringList files = QDir(dir.path()).entryList({name + "-*.fsrec"}, QDir::Files);
            QVERIFY2(files.size() == 1, qPrintable(name + ": " + files.join(", ") + "\n" + r.err));
            const QString path = dir.filePath(files.front());
            QVERIFY2(r.err.contains(QString("recorded %1 %2: ").arg(name, kSymbols[f])) && r.err.contains(" into " + path), qPrintable(r.err));
            const auto read = record::read_market_file_trades(path.toStdString(), {});
            QVERIFY(read.recorded && *read.recorded);
            const std::vector<Trade>& sent = group_hour()[f].trades;
            QCOMPARE(read.trades.size(), sent.size());
            const std::int64_t units = kExchanges[f] == Exchange::Okx ? kContractsPerBtc : 1;
            for (std::size_t i = 0; i < sent.size(); ++i) {
                QCOMPARE(read.trades[i].exchange_time_us, sent[i].exchange_time_us);
                QCOMPARE(read.trades[i].price, sent[i].price);
                QCOMPARE(read.trades[i].quantity.units, sent[i].quantity.units * units);
                QCOMPARE(read.trades[i].aggressor, sent[i].aggressor);
            }
            inputs << "--input" << path;
        }
        const test::CliRun again = test::run_cli(QStringList{"bars"} << inputs);
        QVERIFY2(again.exit_code == 0, qPrintable(again.err));
        QVERIFY2(again.err.contains(QLocale(QLocale::English).toString(qulonglong(total_trades())) + " trades merged"), qPrintable(again.err));
        // Without --group there is nothing to record this way.
        const test::CliRun alone = test::run_cli({"live", "--exchange", "binance-futures", "--symbol", "BTCUSDT", "--record", dir.path()});
        QCOMPARE(alone.exit_code, 2);
        QVERIFY2(alone.err.contains("--record is for --group"), qPrintable(alone.err));
    }

    // OKX sizes are contracts: the documented frame's 5 contracts of BTC-USDT-SWAP are 0.05 BTC at
    // the ctVal 0.01 OKX's instrument metadata gives, 0.5 BTC where it said 0.1; unreachable, the
    // built-in 0.01 (said so); --contract-value wins over both.
    void okx_contracts_count_in_the_base_asset_data() {
        QTest::addColumn<QString>("metadata_ct_val");  // empty: the metadata cannot be reached
        QTest::addColumn<QString>("given");            // --contract-value
        QTest::addColumn<QString>("volume");
        QTest::addColumn<QString>("said");
        QTest::newRow("metadata 0.01") << "0.01" << "" << "0.05" << "1 contract = 0.01 BTC (ctVal from okx's instrument metadata)";
        QTest::newRow("metadata 0.1") << "0.1" << "" << "0.5" << "1 contract = 0.1 BTC (ctVal from okx's instrument metadata)";
        QTest::newRow("no metadata") << "" << "" << "0.05" << "1 contract = 0.01 BTC (built-in ctVal";
        QTest::newRow("given") << "0.01" << "0.1" << "0.5" << "1 contract = 0.1 BTC (ctVal from --contract-value)";
    }
    void okx_contracts_count_in_the_base_asset() {
        QFETCH(QString, metadata_ct_val);
        QFETCH(QString, given);
        QFETCH(QString, volume);
        QFETCH(QString, said);
        const auto& hour = group_hour();
        const Trade& okx_example = hour[2].trades.back();
        QCOMPARE(okx_example.quantity, *parse_quantity("0.05"));
        std::array<Member, kMembers> members;
        members[0].frames.push_back(hour[0].frames.front());
        members[1].frames.push_back(hour[1].frames.front());
        members[2].frames.push_back(hour[2].frames.back());
        const std::string ct_val = metadata_ct_val.toStdString();
        const Exchanges exchanges(members, 0, metadata_ct_val.isEmpty() ? nullptr : ct_val.c_str());
        QStringList args = exchanges.group_args() << "--timeframe" << "1s" << "--bucket" << "0.5" << "--trades" << "3" << "--duration" << "60";
        if (!given.isEmpty()) args << "--contract-value" << "BTC-USDT-SWAP=" + given;
        const test::CliRun r = test::run_cli(args);
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        const QStringList rows = r.out.split('\n', Qt::SkipEmptyParts);
        QVERIFY(rows.size() >= 3);  // the header, the second of Binance's and Bybit's first trades, OKX's
        const QStringList last = rows.back().split(',');
        QCOMPARE(last[0], QString::number(okx_example.exchange_time_us / 1000 / 1000 * 1000));
        QCOMPARE(last[1], QString("9692.5"));
        QCOMPARE(last[5], volume);  // volume
        QCOMPARE(last[6], volume);  // bought
        QVERIFY2(r.err.contains("; okx BTC-USDT-SWAP: " + said), qPrintable(r.err));
        QCOMPARE(r.err.contains("okx BTC-USDT-SWAP: its contract value was not read from the exchange's instrument metadata: "),
                 metadata_ct_val.isEmpty());
    }

    // A member that sends nothing holds the group no longer than the wait (300 ms by default): the
    // other two members' trades all go out, in bars of the same volume and count, and the silent
    // member is named as the one the wait ran out for.
    void a_silent_member_holds_the_group_only_for_the_wait() {
        std::array<Member, kMembers> members = group_hour();
        members[2].frames.clear();
        const Exchanges exchanges(members, 1000);  // a trade a millisecond: the wait runs out while they stream
        const std::size_t sent = members[0].trades.size() + members[1].trades.size();
        const test::CliRun r = test::run_cli(exchanges.group_args() << "--bucket" << "0.01" << "--trades" << QString::number(sent)
                                                                    << "--duration" << "60");
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        // A bar printed again (late trades changed it) replaces its earlier row.
        std::map<QString, QStringList> bars;
        const QStringList rows = r.out.split('\n', Qt::SkipEmptyParts);
        for (qsizetype i = 1; i < rows.size(); ++i) bars[rows[i].section(',', 0, 0)] = rows[i].split(',');
        int128 volume = 0, expected_volume = 0;
        std::uint64_t trades = 0;
        for (const auto& [open, f] : bars) {
            volume += *parse_decimal_units(f[5].toStdString());
            trades += f[10].toULongLong();
        }
        for (int f = 0; f < 2; ++f)
            for (const Trade& t : members[f].trades) expected_volume += t.quantity.units;
        QCOMPARE(trades, std::uint64_t(sent));
        QCOMPARE(units_text(volume), units_text(expected_volume));
        const QRegularExpression silent("member okx BTC-USDT-SWAP: 0 trades, 0 late, the wait ran out ([0-9,]+) times while it was "
                                        "behind; connected, .*; no trades: its share is missing from every bar");
        const QRegularExpressionMatch m = silent.match(r.err);
        QVERIFY2(m.hasMatch() && m.captured(1) != "0", qPrintable(r.err));
        const QRegularExpressionMatch group = QRegularExpression("waiting up to 300 ms: ([0-9,]+) released when the wait ran out").match(r.err);
        QVERIFY2(group.hasMatch() && group.captured(1) != "0", qPrintable(r.err));
    }

    // --alert reads the merged trades: the large trades of the group are the hour's own (it is split,
    // not copied), then the documented Binance example's 100 BTC. Trade ids are left aside: the
    // Binance member's are renumbered.
    void alerts_read_the_merged_trades() {
        const Exchanges exchanges(group_hour());
        const test::CliRun r = test::run_cli(exchanges.group_args() << "--alert" << "large=10" << "--wait-ms" << "60000" << "--trades"
                                                                    << QString::number(total_trades()) << "--duration" << "120");
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        const test::CliRun hour = test::run_cli({"alerts", "--input", QString::fromStdString(test::data_path(
                                                     "binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv")), "--alert", "large=10"});
        QCOMPARE(hour.exit_code, 0);
        const auto without_ids = [](const QString& out) {
            QStringList lines = out.split('\n', Qt::SkipEmptyParts);
            for (QString& line : lines) line = line.section("; trade", 0, 0);
            return lines;
        };
        const QStringList group_lines = without_ids(r.out);
        QStringList expected = without_ids(hour.out);
        QCOMPARE(expected.size(), 19);
        expected << QDateTime::fromMSecsSinceEpoch(group_hour()[0].trades.back().exchange_time_us / 1000, QTimeZone::utc())
                            .toString("yyyy-MM-ddTHH:mm:ss.zzzZ") + " large sell 100 at 9690";
        QCOMPARE(group_lines, expected);
        QVERIFY2(r.err.contains("20 alerts (large 20)"), qPrintable(r.err));
    }

    // --trades stops one market's live run too, after that many trades.
    void one_market_stops_after_its_trades() {
        LocalExchangeOptions o;
        o.frames = group_hour()[0].frames;
        o.frame_interval_us = 1000;  // 1.4 s of frames: the run stops well before their end
        LocalExchange server(o);
        const test::CliRun r = test::run_cli({"live", "--exchange", "binance-futures", "--symbol", "BTCUSDT", "--endpoint",
                                              QString::fromStdString(server.url()), "--trades", "500", "--duration", "60"});
        QCOMPARE(r.exit_code, 0);
        const QStringList rows = r.out.split('\n', Qt::SkipEmptyParts);
        QVERIFY2(rows.size() - 1 >= 500 && rows.size() - 1 < 1000, qPrintable(QString::number(rows.size())));
        QVERIFY2(r.err.contains("stopped: "), qPrintable(r.err));
    }

    // A member that drops out is said so, and so is its return; the group goes on without it.
    void a_member_that_drops_out_is_said_so() {
        const Exchanges exchanges(group_hour(), 1000);
        QProcess p;
        p.start(FLOWSCOPE_CLI_PATH, exchanges.group_args() << "--bucket" << "0.01" << "--duration" << "60");
        QVERIFY(p.waitForStarted());
        LocalExchange& okx = *exchanges.servers[2];
        QVERIFY(LocalExchange::wait_until([&] { return okx.frames_sent() > 100; }, std::chrono::seconds(30)));
        okx.drop_connections();
        QVERIFY(LocalExchange::wait_until([&] { return okx.subscriptions() >= 2 && okx.frames_sent() > 300; }, std::chrono::seconds(30)));
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains("okx BTC-USDT-SWAP dropped out: ") && err.contains("the group's bars miss its trades until it is back"),
                 qPrintable(err));
        QVERIFY2(err.contains("okx BTC-USDT-SWAP is back"), qPrintable(err));
        QVERIFY2(err.contains(QRegularExpression("member okx BTC-USDT-SWAP: [0-9,]+ trades.*connected, [1-9][0-9]* reconnects")), qPrintable(err));
        QVERIFY2(!err.contains("binance-futures BTCUSDT dropped out") && !err.contains("bybit BTCUSDT dropped out"), qPrintable(err));
        QVERIFY(QString::fromUtf8(p.readAllStandardOutput()).count('\n') > 5);
    }

    void bad_groups_are_refused_with_exit_2_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("quotes mixed") << QStringList{"--group", "binance-futures:BTCUSDT", "--group", "coinbase:BTC-USD"}
                                      << "flowscope-cli: these --group markets are not one market: quote currencies differ: "
                                         "binance-futures BTCUSDT is priced in USDT, coinbase BTC-USD in USD; their prices differ "
                                         "by the USDT/USD rate, so a group mixes them only when asked to (--accept-quote-mix merges them)\n";
        QTest::newRow("quotes mixed, no exchange asked")
            << QStringList{"--group", "okx:BTC-USDT-SWAP", "--group", "coinbase:BTC-USD", "--rest-endpoint", QString("okx=http://127.0.0.1:%1").arg(closed_port())}
            << "flowscope-cli: these --group markets are not one market: quote currencies differ: okx BTC-USDT-SWAP is priced in "
               "USDT, coinbase BTC-USD in USD; their prices differ by the USDT/USD rate, so a group mixes them only when asked to "
               "(--accept-quote-mix merges them)\n";
        QTest::newRow("a market twice") << QStringList{"--group", "bybit:BTCUSDT", "--group", "bybit:btcusdt"}
                                        << "flowscope-cli: these --group markets are not one market: bybit BTCUSDT is in the group "
                                           "twice: its trades would be counted twice\n";
        QTest::newRow("unknown symbol") << QStringList{"--group", "binance-futures:BTCUSDT", "--group", "okx:NOTASYMBOL"}
                                        << "flowscope-cli: these --group markets are not one market: okx NOTASYMBOL: cannot tell its "
                                           "base asset and quote currency from the symbol\n";
        QTest::newRow("unknown exchange") << QStringList{"--group", "binance-futures:BTCUSDT", "--group", "ftx:BTC-PERP"}
                                          << "flowscope-cli: bad --group 'ftx:BTC-PERP': unknown exchange 'ftx': use binance, "
                                             "binance-futures, bybit, okx, coinbase or kraken\n";
        QTest::newRow("two base assets") << QStringList{"--group", "binance-futures:BTCUSDT", "--group", "bybit:ETHUSDT"}
                                         << "flowscope-cli: these --group markets are not one market: a group is one market: "
                                            "binance-futures BTCUSDT trades BTC, bybit ETHUSDT trades ETH\n";
        QTest::newRow("contract of unknown value") << QStringList{"--group", "okx:PEPE-USDT-SWAP", "--rest-endpoint",
                                                                  QString("okx=http://127.0.0.1:%1").arg(closed_port())}
                                                   << "or give it: --contract-value SYMBOL=VALUE\n";
        QTest::newRow("endpoint of no member") << QStringList{"--group", "okx:BTC-USDT-SWAP", "--endpoint", "bybit=ws://127.0.0.1:1/ws"}
                                               << "flowscope-cli: --endpoint 'bybit=ws://127.0.0.1:1/ws': no --group member on bybit\n";
        QTest::newRow("one market's options") << QStringList{"--group", "okx:BTC-USDT-SWAP", "--summary"}
                                              << "flowscope-cli: --summary cannot go with --group\n";
    }
    void bad_groups_are_refused_with_exit_2() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const test::CliRun r = test::run_cli(QStringList{"live"} << args, 20'000);
        QCOMPARE(r.exit_code, 2);
        QVERIFY2(r.err.endsWith(message), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
        // One line: the refusal. Only a contract of unknown value asks the exchange first (and says it got no answer).
        if (QString(QTest::currentDataTag()) != "contract of unknown value") QCOMPARE(r.err.count('\n'), 1);
    }

    // Accepted, the mix is named in the group's title; a member that cannot be reached is said so.
    void an_accepted_quote_mix_is_named() {
        const QString closed = QString("ws://127.0.0.1:%1/ws").arg(closed_port());
        const test::CliRun r = test::run_cli({"live", "--group", "binance-futures:BTCUSDT", "--group", "coinbase:BTC-USD",
                                              "--accept-quote-mix", "--endpoint", "binance-futures=" + closed, "--endpoint",
                                              "coinbase=" + closed, "--duration", "1.5"});
        QCOMPARE(r.exit_code, 0);
        QVERIFY2(r.err.contains("group BTC/USDT+USD (mixed quotes) \xC2\xB7 binance-futures BTCUSDT + coinbase BTC-USD"), qPrintable(r.err));
        QVERIFY2(r.err.contains("cannot reach coinbase BTC-USD: ") && r.err.contains("cannot reach binance-futures BTCUSDT: "), qPrintable(r.err));
        QVERIFY2(r.err.contains("member coinbase BTC-USD: 0 trades") && r.err.contains("never connected") &&
                     r.err.contains("no trades: its share is missing from every bar"),
                 qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliGroupLive)
#include "test_cli_group_live.moc"
