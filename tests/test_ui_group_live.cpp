// A live group in the app: three local test exchanges at once (Binance USD-M, Bybit linear, OKX
// swap, each in its own dialect) serving the real hour split between them round-robin by distinct
// millisecond (so no two members share one: the group's exchange-time order is one order), OKX in
// contracts of 0.01 BTC. The group is opened the way the window opens it (SourceController::
// open_replay of the request's path, its members' endpoints in it); once every frame is served the
// chart's bars equal an independent merge (a stable sort of every member's trades, sizes in BTC
// written here) aggregated once, and each member's part of the bars equals its own aggregation. A
// member whose exchange drops the connection is said in the connection status, and bars are marked
// short of its share while it is out. Each member the group records gets a recording of its own,
// holding exactly what its exchange sent, and those recordings open again as a group of files.
#include <QtTest>

#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QDirIterator>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <algorithm>
#include <array>
#include <limits>
#include <map>

#include "aggregate/aggregator.hpp"
#include "chart/chart_store.hpp"
#include "net/exchange_adapter.hpp"
#include "record/frame_synthesis.hpp"
#include "record/market_file_trades.hpp"
#include "record/replay_playback.hpp"
#include "source/live_group_picker.hpp"
#include "source/source_controller.hpp"
#include "source/source_picker.hpp"
#include "source/source_request.hpp"
#include "support/aggregation_compare.hpp"
#include "support/local_exchange.hpp"
#include "support/group_hour.hpp"
#include "support/test_data.hpp"

using namespace flowscope;
using namespace flowscope::ui;
using flowscope::testing::LocalExchange;
using flowscope::testing::LocalExchangeOptions;

namespace {

constexpr int kMembers = test::kGroupMembers;
constexpr auto kExchanges = test::kGroupExchanges;
constexpr auto kSymbols = test::kGroupSymbols;
constexpr std::int64_t kContractsPerBtc = test::kOkxContractsPerBtc;

using Member = test::GroupMemberStream;

// The real hour split between the three members: Binance sends its real frames (aggregate ids
// renumbered to stay consecutive), Bybit and OKX the same trades in their formats.
const std::array<Member, kMembers>& group_hour() {
    static const std::array<Member, kMembers> members = [] {
        std::array<Member, kMembers> m = test::real_hour_as_group();
        return m;
    }();
    return members;
}

std::uint64_t total_trades() {
    std::uint64_t n = 0;
    for (const Member& m : group_hour()) n += m.trades.size();
    return n;
}

// The three local exchanges; stalled ones send nothing until released, so that every member's
// stream starts together.
struct Exchanges {
    std::array<std::unique_ptr<LocalExchange>, kMembers> servers;
    explicit Exchanges(int frame_interval_us, bool stalled) {
        for (int f = 0; f < kMembers; ++f) {
            LocalExchangeOptions o;
            o.exchange = kExchanges[f];
            o.frames = group_hour()[f].frames;
            o.frame_interval_us = frame_interval_us;
            servers[f] = std::make_unique<LocalExchange>(o);
            if (stalled) servers[f]->set_stalled(true);
        }
    }
    SourceRequest request() const {
        QStringList markets, endpoints;
        for (int f = 0; f < kMembers; ++f) {
            markets << QString("%1:%2").arg(QString::fromUtf8(exchange_name(kExchanges[f]).data()), kSymbols[f]);
            endpoints << QString::fromStdString(servers[f]->url());
        }
        return SourceRequest::live_group_of(markets, endpoints);
    }
    bool all_subscribed() const {
        return std::all_of(servers.begin(), servers.end(), [](const auto& s) { return s->subscriptions() >= 1; });
    }
};

ChartBars chart_of(ChartStore& store) {
    ChartBars chart;
    std::vector<Trade> scratch;
    store.update(chart, scratch, 0);
    return chart;
}

const QString kTitle = QString::fromUtf8("BTC/USDT \xC2\xB7 binance-futures BTCUSDT + bybit BTCUSDT + okx BTC-USDT-SWAP");

}  // namespace

class TestUiGroupLive : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QCOMPARE(total_trades(), std::uint64_t(4297));
        for (const Member& member : group_hour()) QVERIFY(member.trades.size() > 1000 && member.frames.size() == member.trades.size());
    }

    // Live members in a group key: the key names the markets only, the path carries the endpoints
    // too (what the worker opens), and both read back; file groups are as they were.
    void a_live_group_key_round_trips() {
        const SourceRequest r = SourceRequest::live_group_of({"binance-futures:BTCUSDT", "bybit:BTCUSDT"},
                                                             {"ws://127.0.0.1:1/ws", ""});
        QVERIFY(r.live_group() && !r.live);
        QCOMPARE(r.key(), QString("group:live:binance-futures:BTCUSDT|live:bybit:BTCUSDT"));
        QCOMPARE(r.path, QString("group:live:binance-futures:BTCUSDT@ws://127.0.0.1:1/ws|live:bybit:BTCUSDT"));
        QCOMPARE(r.label(), QString::fromUtf8("Live group \xC3\x97" "2 \xC2\xB7 binance-futures BTCUSDT + bybit BTCUSDT"));
        const auto from_path = SourceRequest::from_key(r.path);
        QVERIFY(from_path);
        QCOMPARE(*from_path, r);
        const auto from_key = SourceRequest::from_key(r.key());
        QVERIFY(from_key && from_key->live_group());
        QCOMPARE(from_key->members, r.members);
        QVERIFY(from_key->member_endpoints.isEmpty());
        QCOMPARE(from_key->path, r.key());
        // Live and file members are not one group; a live member names exchange and symbol.
        QVERIFY(!SourceRequest::from_key("group:live:bybit:BTCUSDT|/data/a.fsrec"));
        QVERIFY(!SourceRequest::from_key("group:live:bybit|live:okx:BTC-USDT-SWAP"));
        const SourceRequest files = SourceRequest::group_of({"/data/a.fsrec", "/data/b.csv"});
        QVERIFY(files.group() && !files.live_group());
        QCOMPARE(*SourceRequest::from_key(files.key()), files);
    }

    void the_live_group_bars_equal_an_independent_merge_data() {
        QTest::addColumn<QString>("timeframe");
        QTest::newRow("1m") << QString("1m");
        QTest::newRow("15s") << QString("15s");
        QTest::newRow("100t") << QString("100t");
    }
    void the_live_group_bars_equal_an_independent_merge() {
        QFETCH(QString, timeframe);
        const BarSpec spec = *BarSpec::parse(timeframe.toStdString());
        Exchanges exchanges(50, true);
        SourceController controller;
        controller.set_chart(spec, 1);
        // A wait no member overruns on a loaded machine (sanitizers): every trade goes out in
        // exchange-time order; the end of the hour waits it out once.
        controller.set_group_wait_ms(3000);
        QSignalSpy opened(&controller, &SourceController::opened);
        QSignalSpy failed(&controller, &SourceController::failed);
        controller.open_replay(exchanges.request().path);
        QTRY_VERIFY_WITH_TIMEOUT(opened.count() >= 1 || failed.count() >= 1, 10000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.front().front().toString()));
        QCOMPARE(controller.info().kind, SourceKind::Live);
        QCOMPARE(controller.info().group, kTitle);
        QCOMPARE(controller.info().path, exchanges.request().key());
        QVERIFY(LocalExchange::wait_until([&] { return exchanges.all_subscribed(); }, std::chrono::seconds(10)));
        for (auto& s : exchanges.servers) s->set_stalled(false);
        const auto store = controller.store();
        QTRY_VERIFY_WITH_TIMEOUT(store->counters().trades == total_trades(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(controller.connection().state == ConnectionState::Connected, 5000);
        const QString said = controller.connection().message;
        qInfo("%s", qPrintable(said));
        for (const char* name : {"binance-futures BTCUSDT connected", "bybit BTCUSDT connected", "okx BTC-USDT-SWAP connected", "merge wait "})
            QVERIFY2(said.contains(name), qPrintable(said));

        // The independent merge, at the bucket the chart is at (the members' coarsest tick).
        struct Tagged {
            Trade trade;
            std::size_t member;
        };
        std::vector<Tagged> all;
        for (std::size_t f = 0; f < kMembers; ++f)
            for (const Trade& t : group_hour()[f].trades) all.push_back({t, f});
        std::stable_sort(all.begin(), all.end(), [](const Tagged& a, const Tagged& b) {
            return a.trade.exchange_time_us != b.trade.exchange_time_us ? a.trade.exchange_time_us < b.trade.exchange_time_us
                                                                        : a.member < b.member;
        });
        const std::int64_t bucket = store->bucket_units();
        QVERIFY(bucket > 0);
        Aggregator expected;
        expected.add_series(spec, bucket);
        std::vector<Aggregator> own(kMembers);
        for (Aggregator& a : own) a.add_series(spec, bucket);
        for (const Tagged& t : all) {
            expected.add(t.trade);
            own[t.member].add(t.trade);
        }
        const ChartBars chart = chart_of(*store);
        const auto bars = expected.series().front().bars();
        QCOMPARE(test::first_difference(chart.bars, bars, timeframe.toStdString()), std::string());
        for (const Bar& b : chart.bars) QCOMPARE(b.missing_trades, std::uint64_t(0));

        // Each member's part: its trades of every bar, adding up to the bar; time bars: its own bars.
        QCOMPARE(chart.members, (std::vector<std::string>{"binance-futures BTCUSDT", "bybit BTCUSDT", "okx BTC-USDT-SWAP"}));
        QCOMPARE(chart.member_bars.size(), chart.bars.size());
        for (std::size_t i = 0; i < chart.bars.size(); ++i) {
            QCOMPARE(chart.member_bars[i].size(), std::size_t(kMembers));
            Quantity volume{0};
            std::uint64_t trades = 0;
            for (const Bar& part : chart.member_bars[i]) {
                volume += part.volume;
                trades += part.trades;
            }
            QCOMPARE(volume, chart.bars[i].volume);
            QCOMPARE(trades, chart.bars[i].trades);
        }
        for (std::size_t m = 0; m < kMembers; ++m) {
            // Its CVD after the last bar is its own.
            QCOMPARE(chart.member_bars.back()[m].cvd, own[m].cvd());
            if (spec.kind != BarKind::Time) continue;
            std::vector<Bar> parts;
            for (const auto& row : chart.member_bars)
                if (row[m].trades > 0) parts.push_back(row[m]);
            QCOMPARE(test::first_difference(parts, own[m].series().front().bars(), "member " + std::to_string(m)), std::string());
        }
    }

    // The members named are recorded, each on its own (Bybit here is left to a pane of its own):
    // every trade its exchange sent, in its own units (OKX in contracts), and the files open
    // again as a group of recordings made separately.
    void each_member_is_recorded_on_its_own() {
        Exchanges exchanges(50, true);
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        SourceController controller;
        controller.set_chart(BarSpec::time(60), 1);
        controller.set_group_wait_ms(3000);
        QSignalSpy opened(&controller, &SourceController::opened);
        controller.open_replay(exchanges.request().path);
        const QStringList recorded{"live:binance-futures:BTCUSDT", "live:okx:BTC-USDT-SWAP"};
        controller.set_recording(folder.path(), recorded);
        QTRY_VERIFY_WITH_TIMEOUT(opened.count() >= 1, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(controller.recording().on, 5000);
        QVERIFY(LocalExchange::wait_until([&] { return exchanges.all_subscribed(); }, std::chrono::seconds(10)));
        for (auto& s : exchanges.servers) s->set_stalled(false);
        QTRY_VERIFY_WITH_TIMEOUT(controller.store()->counters().trades == total_trades(), 30000);
        // The status sums the two recordings and names both files.
        QTRY_VERIFY_WITH_TIMEOUT(controller.recording().frames >= group_hour()[0].frames.size() + group_hour()[2].frames.size(), 10000);
        QCOMPARE(controller.recording().path.split('\n').size(), 2);
        QVERIFY(controller.recording().error.isEmpty());

        // Off: every file closed whole.
        controller.set_recording({}, {});
        QTRY_VERIFY_WITH_TIMEOUT(!controller.recording().on, 5000);
        std::map<std::string, std::string> files;  // exchange → its recording
        for (QDirIterator it(folder.path(), {"*.fsrec"}, QDir::Files, QDirIterator::Subdirectories); it.hasNext();) {
            const std::string path = it.next().toStdString();
            const auto read = record::read_market_file_trades(path, {});
            QVERIFY2(read.recorded && *read.recorded, path.c_str());
            files[std::string(exchange_name(read.file.exchange))] = path;
        }
        QCOMPARE(files.size(), std::size_t(2));
        QVERIFY(files.count("binance-futures") && files.count("okx"));
        for (const std::size_t f : {std::size_t(0), std::size_t(2)}) {
            const auto read = record::read_market_file_trades(files[std::string(exchange_name(kExchanges[f]))], {});
            const std::vector<Trade>& sent = group_hour()[f].trades;
            QCOMPARE(read.trades.size(), sent.size());
            const std::int64_t units = kExchanges[f] == Exchange::Okx ? kContractsPerBtc : 1;
            for (std::size_t i = 0; i < sent.size(); ++i) {
                const Trade& got = read.trades[i];
                QCOMPARE(got.exchange_time_us, sent[i].exchange_time_us);
                QCOMPARE(got.price, sent[i].price);
                QCOMPARE(got.quantity.units, sent[i].quantity.units * units);
                QCOMPARE(got.aggressor, sent[i].aggressor);
            }
        }

        // The two recordings as a group of files, opened as the window opens one.
        SourceController again;
        again.set_chart(BarSpec::time(60), 1);
        again.set_speed(record::kMaxSpeed);
        QSignalSpy reopened(&again, &SourceController::opened);
        QSignalSpy finished(&again, &SourceController::replay_finished);
        QSignalSpy failed(&again, &SourceController::failed);
        again.open_replay(SourceRequest::group_of({QString::fromStdString(files["binance-futures"]),
                                                   QString::fromStdString(files["okx"])}).path);
        QTRY_VERIFY_WITH_TIMEOUT(reopened.count() >= 1 || failed.count() >= 1, 10000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.front().front().toString()));
        QCOMPARE(again.info().group, QString::fromUtf8("BTC/USDT \xC2\xB7 binance-futures BTCUSDT + okx BTC-USDT-SWAP"));
        again.play();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 1, 30000);
        QCOMPARE(again.store()->counters().trades, std::uint64_t(group_hour()[0].trades.size() + group_hour()[2].trades.size()));
    }

    // OKX's exchange goes quiet mid-hour, the connection open: the group stops waiting for it after
    // 300 ms, and the status says it is silent past the wait; it is not a drop-out.
    void a_member_silent_past_the_wait_is_said() {
        Exchanges exchanges(2000, false);
        SourceController controller;
        controller.set_chart(BarSpec::time(60), 1);
        controller.open_replay(exchanges.request().path);
        QTRY_VERIFY_WITH_TIMEOUT(controller.connection().state == ConnectionState::Connected, 10000);
        const auto store = controller.store();
        QTRY_VERIFY_WITH_TIMEOUT(store->counters().trades > 100, 10000);
        exchanges.servers[2]->set_stalled(true);
        QTRY_VERIFY_WITH_TIMEOUT(controller.connection().message.contains("okx BTC-USDT-SWAP connected, silent past the 300 ms wait"), 5000);
        QCOMPARE(controller.connection().state, ConnectionState::Connected);
        QVERIFY2(!controller.connection().message.contains("binance-futures BTCUSDT connected, silent"), qPrintable(controller.connection().message));
        // The others go on: the chart moves without it.
        const std::uint64_t trades = store->counters().trades;
        QTRY_VERIFY_WITH_TIMEOUT(store->counters().trades > trades + 50, 5000);
        exchanges.servers[2]->set_stalled(false);
        QTRY_VERIFY_WITH_TIMEOUT(!controller.connection().message.contains("okx BTC-USDT-SWAP connected, silent"), 5000);
    }

    // Groups are defined in the window: markets checked off the list (or a preset), checked as one
    // market before the dialog closes; a quote mix asked about, other refusals said.
    void the_picker_defines_a_live_group() {
        {
            LiveGroupPicker picker;
            QVERIFY(!picker.list()->item(0)->isHidden());
            picker.filter()->setText(QStringLiteral("kraken"));
            int shown = 0;
            for (int i = 0; i < picker.list()->count(); ++i) shown += picker.list()->item(i)->isHidden() ? 0 : 1;
            QCOMPARE(shown, static_cast<int>(SourcePicker::known_symbols(QStringLiteral("kraken")).size()));
            picker.filter()->clear();
            picker.check_markets(LiveGroupPicker::btc_perpetuals());
            QCOMPARE(picker.checked_markets(), LiveGroupPicker::btc_perpetuals());
            picker.watch();
            QVERIFY(picker.chosen());
            QCOMPARE(picker.chosen()->key(), SourceRequest::live_group_of(LiveGroupPicker::btc_perpetuals()).key());
            QCOMPARE(picker.result(), int(QDialog::Accepted));
        }
        {
            LiveGroupPicker picker;
            picker.check_markets({QStringLiteral("binance-futures:BTCUSDT")});
            picker.watch();
            QVERIFY(!picker.chosen());
            QVERIFY2(picker.status()->text().contains(QStringLiteral("two markets or more")), qPrintable(picker.status()->text()));
            picker.check_markets({QStringLiteral("binance-futures:BTCUSDT"), QStringLiteral("bybit:ETHUSDT")});
            picker.watch();
            QVERIFY(!picker.chosen());
            QVERIFY2(!picker.status()->text().isEmpty(), "two base assets are said");
        }
        {
            // USDT and USD: asked; refused, then accepted and named.
            QStringList asked;
            LiveGroupPicker picker;
            picker.ask_quote_mix = [&](const QString& title) { asked << title; return asked.size() > 1; };
            picker.check_markets({QStringLiteral("bybit:BTCUSDT"), QStringLiteral("coinbase:BTC-USD")});
            picker.watch();
            QVERIFY(!picker.chosen());
            QVERIFY2(picker.status()->text().contains(QStringLiteral("Not merged")), qPrintable(picker.status()->text()));
            picker.watch();
            QVERIFY(picker.chosen());
            QCOMPARE(asked.size(), 2);
            QVERIFY2(asked.front().contains(QStringLiteral("mixed quotes")), qPrintable(asked.front()));
            QCOMPARE(picker.chosen()->key(),
                     SourceRequest::live_group_of({QStringLiteral("bybit:BTCUSDT"), QStringLiteral("coinbase:BTC-USD")}, {}, true).key());
        }
    }

    // Bybit's exchange drops every connection mid-hour: the status says so, naming it, and the bars
    // the group fills meanwhile are marked short of its share; it comes back.
    void a_member_that_drops_out_is_said() {
        Exchanges exchanges(2000, false);
        SourceController controller;
        controller.set_chart(BarSpec::time(60), 1);
        controller.open_replay(exchanges.request().path);
        QTRY_VERIFY_WITH_TIMEOUT(controller.connection().state == ConnectionState::Connected, 10000);
        const auto store = controller.store();
        QTRY_VERIFY_WITH_TIMEOUT(store->counters().trades > 100, 10000);
        const int before = exchanges.servers[1]->connections();
        exchanges.servers[1]->drop_connections();
        QTRY_VERIFY_WITH_TIMEOUT(controller.connection().message.contains("bybit BTCUSDT dropped out ("), 5000);
        QCOMPARE(controller.connection().state, ConnectionState::Reconnecting);
        QVERIFY2(controller.connection().message.contains("the bars miss its share"), qPrintable(controller.connection().message));
        QVERIFY2(controller.connection().message.contains("binance-futures BTCUSDT connected"), qPrintable(controller.connection().message));
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const ChartBars chart = chart_of(*store);
                return std::any_of(chart.bars.begin(), chart.bars.end(), [](const Bar& b) { return b.missing_trades > 0; });
            }(),
            5000);
        // Back: a new connection, and the status says every member connected again.
        QTRY_VERIFY_WITH_TIMEOUT(exchanges.servers[1]->connections() > before, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(controller.connection().state == ConnectionState::Connected, 10000);
        QVERIFY(!controller.connection().message.contains("dropped out"));
    }
};

QTEST_MAIN(TestUiGroupLive)
#include "test_ui_group_live.moc"
