// A live chart changes timeframe and bucket without the session's trades in memory, and every
// chart it changes to equals a fresh aggregation of the same trades: bars, CVD, footprint.
// record::LiveChart on the real hour (aggTrade frames; trade frames with insurance-fund and ADL
// prints, left out and put in): each way of changing (rolled up from the chart, from the 1 s base,
// replayed from the recording) and live trades arriving after it. Then the app's live source on
// the local exchange streaming the real hour (127.0.0.1, no internet), with the user's recording
// on, off, switched off and on again, and unable to write: wherever the user's recording is not,
// the session records into a cache folder of its own, gone when it closes.
#include <QDir>
#include <QStandardPaths>
#include <QtTest>

#include <filesystem>

#include "chart/chart_bars.hpp"
#include "chart/chart_store.hpp"
#include "net/exchange_adapter.hpp"
#include "record/daily_recorder.hpp"
#include "record/live_chart.hpp"
#include "source/live_recorder.hpp"
#include "source/source_controller.hpp"
#include "support/aggregation_compare.hpp"
#include "support/local_exchange.hpp"
#include "support/test_data.hpp"

using namespace flowscope;
using flowscope::record::LiveChart;
using flowscope::testing::LocalExchange;
using flowscope::testing::LocalExchangeOptions;

namespace {

constexpr int kWaitMs = 30'000;
const Price kTick{1'000'000};  // BTCUSDT futures: 0.01

// The real hour of trade frames with every tenth print made an insurance-fund or ADL print.
std::vector<test::RealFrame> frames_with_prints() {
    std::vector<test::RealFrame> frames = test::real_trade_frames();
    int marked = 0;
    for (std::size_t i = 4; i < frames.size(); i += 10) {
        std::string& text = frames[i].text;
        const auto at = text.find("\"X\":\"MARKET\"");
        if (at != std::string::npos) text.replace(at, 12, marked++ % 2 == 0 ? "\"X\":\"INSURANCE_FUND\"" : "\"X\":\"ADL\"");
    }
    return frames;
}

std::vector<Trade> parse(std::span<const test::RealFrame> frames) {
    auto adapter = make_adapter(Exchange::BinanceFutures);
    std::vector<Trade> trades;
    for (const auto& f : frames) adapter->parse(f.text, f.receive_time_us, trades);
    return trades;
}

// What a chart of (spec, bucket) fed every trade holds, with the live chart's base beside it.
Aggregator fresh(std::span<const Trade> trades, BarSpec spec, std::int64_t bucket, bool include_non_aggressive) {
    Aggregator a;
    a.set_include_non_aggressive(include_non_aggressive);
    a.add_series(spec, bucket);
    a.add_series(BarSpec::time(LiveChart::kBaseSeconds), kTick.units);
    for (const Trade& t : trades) a.add(t);
    return a;
}

// A live session's frames as the app records them, parsed and added batch by batch.
struct Session {
    std::vector<test::RealFrame> frames;
    std::size_t at = 0;
    record::DailyRecorder recorder;
    LiveChart chart;
    std::vector<Trade> trades;  // everything added, for the fresh aggregation
    std::unique_ptr<ExchangeAdapter> adapter = make_adapter(Exchange::BinanceFutures);

    Session(std::vector<test::RealFrame> f, const std::string& dir, bool include)
        : frames(std::move(f)), recorder(dir, Exchange::BinanceFutures, "BTCUSDT"), chart(BarSpec::time(60), kTick.units, kTick, include) {}

    void feed(std::size_t n, std::size_t batch = 37) {
        std::vector<Trade> got;
        for (const std::size_t end = std::min(frames.size(), at + n); at < end;) {
            got.clear();
            for (const std::size_t stop = std::min(end, at + batch); at < stop; ++at) {
                recorder.append(frames[at].receive_time_us, frames[at].text);
                adapter->parse(frames[at].text, frames[at].receive_time_us, got);
            }
            chart.add(got);
            trades.insert(trades.end(), got.begin(), got.end());
        }
    }
    LiveChart::OpenRecording recording() {
        return [this] {
            recorder.flush();
            return record::RecordingSession::open_files(recorder.files());
        };
    }
};

QString change_name(LiveChart::Change c) {
    switch (c) {
    case LiveChart::Change::Same: return QStringLiteral("same");
    case LiveChart::Change::RolledUp: return QStringLiteral("rolled up");
    case LiveChart::Change::FromBase: return QStringLiteral("from the base");
    case LiveChart::Change::Replayed: return QStringLiteral("replayed");
    }
    return {};
}

std::uint64_t chart_trades(const ui::ChartBars& chart) {
    std::uint64_t n = 0;
    for (const Bar& b : chart.bars) n += b.trades;
    return n;
}

QStringList files_under(const QString& folder) {
    QStringList out;
    std::error_code ec;  // a folder not made yet holds nothing
    for (auto it = std::filesystem::recursive_directory_iterator(folder.toStdString(), ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file()) out << QString::fromStdString(it->path().string());
    return out;
}

}  // namespace

class TestLiveRebuild : public QObject {
    Q_OBJECT
    std::string dir_ = test::temp_dir("live-rebuild");

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setApplicationName(QStringLiteral("flowscope-test-live-rebuild-%1").arg(QCoreApplication::applicationPid()));
    }
    void cleanupTestCase() {
        std::filesystem::remove_all(dir_);
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
        QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).removeRecursively();
    }

    void every_change_equals_a_fresh_aggregation_data();
    void every_change_equals_a_fresh_aggregation();
    void late_trades_rebuild_from_the_recording();
    void recording_that_lost_frames_is_refused();
    void app_live_chart_changes_equal_a_fresh_aggregation_data();
    void app_live_chart_changes_equal_a_fresh_aggregation();
    void recording_switched_off_and_on_still_rebuilds();
    void unwritable_recordings_folder_still_rebuilds();
};

void TestLiveRebuild::every_change_equals_a_fresh_aggregation_data() {
    QTest::addColumn<int>("kind");  // 0 aggTrade, 1 trade with prints
    QTest::addColumn<bool>("include");
    QTest::newRow("aggTrade") << 0 << false;
    QTest::newRow("trade, prints left out") << 1 << false;
    QTest::newRow("trade, prints in the bars") << 1 << true;
}

void TestLiveRebuild::every_change_equals_a_fresh_aggregation() {
    QFETCH(int, kind);
    QFETCH(bool, include);
    Session s(kind == 0 ? test::real_aggtrade_frames() : frames_with_prints(), dir_ + "/" + QTest::currentDataTag(), include);
    const std::size_t step = s.frames.size() / 10;
    s.feed(4 * step);
    QVERIFY(s.chart.aggregation().trades() > 1000);
    if (kind == 1) QVERIFY(s.chart.aggregation().non_aggressive_trades() > 10);

    struct Step {
        BarSpec spec;
        std::int64_t bucket_ticks;
        LiveChart::Change how;
    };
    const Step steps[] = {
        {BarSpec::time(1), 1, LiveChart::Change::FromBase},    // finer: the base
        {BarSpec::time(300), 1, LiveChart::Change::RolledUp},  // longer: the chart's own bars
        {BarSpec::time(300), 2, LiveChart::Change::RolledUp},  // bucket ×2
        {BarSpec::time(300), 1, LiveChart::Change::FromBase},  // and back
        {BarSpec::ticks(500), 1, LiveChart::Change::Replayed}, // not time bars: the recording
        {BarSpec::time(60), 1, LiveChart::Change::FromBase},
        {BarSpec::time(60), 1, LiveChart::Change::Same},
    };
    for (const Step& st : steps) {
        const QString what = QString::fromStdString(st.spec.name()) + QStringLiteral(" ×%1").arg(st.bucket_ticks);
        const auto changed = s.chart.change(st.spec, kTick.units * st.bucket_ticks, s.recording());
        QVERIFY2(changed.ok(), qPrintable(what + ": " + QString::fromStdString(changed.ok() ? "" : changed.error())));
        QCOMPARE(change_name(*changed), change_name(st.how));
        std::string diff = test::first_difference(s.chart.aggregation(), fresh(s.trades, st.spec, kTick.units * st.bucket_ticks, include));
        QVERIFY2(diff.empty(), qPrintable(what + ": " + QString::fromStdString(diff)));
        QCOMPARE(s.chart.aggregation().non_aggressive_trades(), fresh(s.trades, st.spec, 1, include).non_aggressive_trades());
        // Live trades go on arriving into the changed chart.
        s.feed(step);
        diff = test::first_difference(s.chart.aggregation(), fresh(s.trades, st.spec, kTick.units * st.bucket_ticks, include));
        QVERIFY2(diff.empty(), qPrintable(what + " then more trades: " + QString::fromStdString(diff)));
    }
    const std::vector<Trade> recent = s.chart.recent_trades();
    QCOMPARE(recent.size(), LiveChart::kRecentTrades);
    QVERIFY(test::same_trade(recent.back(), s.trades.back()));
    QVERIFY(test::same_trade(recent.front(), s.trades[s.trades.size() - LiveChart::kRecentTrades]));
}

void TestLiveRebuild::late_trades_rebuild_from_the_recording() {
    // One trade arrives two seconds after its time: the 1 s base took it into an earlier bar, so
    // no time chart can be rolled up from it any more; the recording replays it the same way.
    std::vector<test::RealFrame> frames = test::real_aggtrade_frames();
    const test::RealFrame late = frames[1000];
    frames.erase(frames.begin() + 1000);
    std::size_t to = 1000;
    auto time_ms = [](const std::string& text) { return std::stoll(text.substr(text.find("\"T\":") + 4)); };
    while (to < frames.size() && time_ms(frames[to].text) < time_ms(late.text) + 2000) ++to;
    frames.insert(frames.begin() + static_cast<std::ptrdiff_t>(to), test::RealFrame{frames[to - 1].receive_time_us, late.text});

    Session s(frames, dir_ + "/late", false);
    s.feed(frames.size());
    QVERIFY(s.chart.base()->late_trades() > 0);
    const auto changed = s.chart.change(BarSpec::time(1), kTick.units, s.recording());
    QVERIFY2(changed.ok(), changed.ok() ? "" : changed.error().c_str());
    QCOMPARE(change_name(*changed), change_name(LiveChart::Change::Replayed));
    const std::string diff = test::first_difference(s.chart.aggregation(), fresh(s.trades, BarSpec::time(1), kTick.units, false));
    QVERIFY2(diff.empty(), diff.c_str());
}

void TestLiveRebuild::recording_that_lost_frames_is_refused() {
    Session s(test::real_aggtrade_frames(), dir_ + "/lost", false);
    s.feed(2000);
    // A recording short of ten frames (a block lost to a failing disk) does not make the chart.
    record::DailyRecorder short_of_ten(dir_ + "/lost-short", Exchange::BinanceFutures, "BTCUSDT");
    for (std::size_t i = 10; i < 2000; ++i) short_of_ten.append(s.frames[i].receive_time_us, s.frames[i].text);
    const auto changed = s.chart.change(BarSpec::ticks(100), kTick.units, [&] {
        short_of_ten.flush();
        return record::RecordingSession::open_files(short_of_ten.files());
    });
    QVERIFY(!changed.ok());
    QVERIFY2(changed.error().find("1990 of the 2000 trades") != std::string::npos, changed.error().c_str());
    QVERIFY(s.chart.series().spec() == BarSpec::time(60));  // the chart stays as it was
    const std::string diff = test::first_difference(s.chart.aggregation(), fresh(s.trades, BarSpec::time(60), kTick.units, false));
    QVERIFY2(diff.empty(), diff.c_str());
}

void TestLiveRebuild::app_live_chart_changes_equal_a_fresh_aggregation_data() {
    QTest::addColumn<bool>("recording");
    QTest::newRow("recording on") << true;
    QTest::newRow("recording off") << false;
}

void TestLiveRebuild::app_live_chart_changes_equal_a_fresh_aggregation() {
    QFETCH(bool, recording);
    const std::vector<test::RealFrame> frames = test::real_aggtrade_frames();
    const std::size_t first = 3000;
    LocalExchangeOptions o;
    o.exchange = Exchange::BinanceFutures;
    for (std::size_t i = 0; i < first; ++i) o.frames.push_back(frames[i].text);
    LocalExchange server(o);
    const QString sessions = QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/live-sessions");
    const QString user_folder = ui::recordings_folder() + QStringLiteral("/") + QTest::currentDataTag();

    std::vector<Trade> trades = parse(std::span(frames).first(first));
    ui::ChartBars bars;
    std::vector<Trade> fresh_trades;
    {
        ui::SourceController controller;
        auto update = [&] {
            fresh_trades.clear();
            controller.store()->update(bars, fresh_trades, 100);
        };
        controller.set_chart(BarSpec::time(60), 0);
        controller.open_live(QStringLiteral("binance-futures"), QStringLiteral("BTCUSDT"), QString::fromStdString(server.url("/ws")),
                             recording ? user_folder : QString());
        QTRY_VERIFY_WITH_TIMEOUT((update(), chart_trades(bars) == trades.size()), kWaitMs);
        const int multiplier = controller.info().bucket_multiplier;
        const Price tick = controller.info().tick;
        QVERIFY(multiplier > 0 && tick.units > 0);

        // While live, the session's frames are in files: the user's recording, or the cache folder.
        QTRY_VERIFY_WITH_TIMEOUT(!files_under(recording ? user_folder : sessions).isEmpty(), kWaitMs);
        if (recording) QVERIFY(files_under(sessions).isEmpty());

        struct Step {
            BarSpec spec;
            int multiplier;
        };
        const Step steps[] = {{BarSpec::time(1), multiplier},
                              {BarSpec::time(300), multiplier},
                              {BarSpec::time(300), 2 * multiplier},
                              {BarSpec::time(60), multiplier},
                              {BarSpec::ticks(250), multiplier},
                              {BarSpec::time(60), multiplier}};
        std::size_t sent = first;
        for (const Step& st : steps) {
            const QString what = QString::fromStdString(st.spec.name()) + QStringLiteral(" ×%1").arg(st.multiplier);
            const std::int64_t bucket = tick.units * st.multiplier;
            controller.set_chart(st.spec, st.multiplier);
            QTRY_VERIFY2_WITH_TIMEOUT((update(), bars.spec == st.spec && bars.bucket_units == bucket), qPrintable(what), kWaitMs);
            std::string diff = test::first_difference(bars.bars, fresh(trades, st.spec, bucket, false).series().front().bars(), what.toStdString());
            QVERIFY2(diff.empty(), diff.c_str());
            // Live trades go on arriving into the changed chart.
            for (const std::size_t end = sent + 150; sent < end; ++sent) server.send_text(frames[sent].text);
            trades = parse(std::span(frames).first(sent));
            QTRY_VERIFY_WITH_TIMEOUT((update(), chart_trades(bars) == trades.size()), kWaitMs);
            diff = test::first_difference(bars.bars, fresh(trades, st.spec, bucket, false).series().front().bars(), what.toStdString() + " then");
            QVERIFY2(diff.empty(), diff.c_str());
        }
    }
    // Closed: the session's cache folder is gone; the user's recording stays.
    QVERIFY2(files_under(sessions).isEmpty(), qPrintable(files_under(sessions).join(' ')));
    if (recording) QCOMPARE(files_under(user_folder).size(), 1);
}

void TestLiveRebuild::recording_switched_off_and_on_still_rebuilds() {
    // The session's frames end up in three files: the user's, the cache's while recording was
    // off, the user's second one; tick bars replay all three as one recording.
    const std::vector<test::RealFrame> frames = test::real_aggtrade_frames();
    LocalExchangeOptions o;
    o.exchange = Exchange::BinanceFutures;
    for (std::size_t i = 0; i < 1000; ++i) o.frames.push_back(frames[i].text);
    LocalExchange server(o);
    const QString sessions = QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/live-sessions");
    const QString user_folder = ui::recordings_folder() + QStringLiteral("/switched");
    ui::ChartBars bars;
    std::vector<Trade> fresh_trades;
    ui::SourceController controller;
    auto update = [&] {
        fresh_trades.clear();
        controller.store()->update(bars, fresh_trades, 100);
    };
    controller.set_chart(BarSpec::time(60), 0);
    controller.open_live(QStringLiteral("binance-futures"), QStringLiteral("BTCUSDT"), QString::fromStdString(server.url("/ws")), user_folder);
    std::size_t sent = 1000;
    auto arrived = [&] {
        update();
        return chart_trades(bars) == parse(std::span(frames).first(sent)).size();
    };
    QTRY_VERIFY_WITH_TIMEOUT(arrived(), kWaitMs);
    controller.set_recording({});
    QTRY_VERIFY_WITH_TIMEOUT(!controller.recording().on, kWaitMs);
    for (const std::size_t end = sent + 500; sent < end; ++sent) server.send_text(frames[sent].text);
    QTRY_VERIFY_WITH_TIMEOUT(arrived(), kWaitMs);
    QCOMPARE(files_under(sessions).size(), 1);
    controller.set_recording(user_folder);
    QTRY_VERIFY_WITH_TIMEOUT(controller.recording().on, kWaitMs);
    for (const std::size_t end = sent + 500; sent < end; ++sent) server.send_text(frames[sent].text);
    QTRY_VERIFY_WITH_TIMEOUT(arrived(), kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(files_under(user_folder).size(), 2, kWaitMs);

    const std::vector<Trade> trades = parse(std::span(frames).first(sent));
    const Price tick = controller.info().tick;
    const int multiplier = controller.info().bucket_multiplier;
    for (const BarSpec spec : {BarSpec::ticks(250), BarSpec::time(1)}) {
        controller.set_chart(spec, multiplier);
        QTRY_VERIFY_WITH_TIMEOUT((update(), bars.spec == spec), kWaitMs);
        const std::string diff = test::first_difference(
            bars.bars, fresh(trades, spec, tick.units * multiplier, false).series().front().bars(), spec.name());
        QVERIFY2(diff.empty(), diff.c_str());
    }
}

void TestLiveRebuild::unwritable_recordings_folder_still_rebuilds() {
    // Recording is on but cannot write (a plain file where the folder should be): the status bar
    // says so, and the session's frames go to its cache folder instead, so tick bars still replay.
    const std::vector<test::RealFrame> frames = test::real_aggtrade_frames();
    LocalExchangeOptions o;
    o.exchange = Exchange::BinanceFutures;
    for (std::size_t i = 0; i < 1500; ++i) o.frames.push_back(frames[i].text);
    LocalExchange server(o);
    const QString blocked = ui::recordings_folder() + QStringLiteral("/blocked");
    QDir().mkpath(ui::recordings_folder());
    QFile blocker(blocked);
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.write("not a folder");
    blocker.close();

    ui::ChartBars bars;
    std::vector<Trade> fresh_trades;
    ui::SourceController controller;
    auto update = [&] {
        fresh_trades.clear();
        controller.store()->update(bars, fresh_trades, 100);
    };
    controller.set_chart(BarSpec::time(60), 0);
    controller.open_live(QStringLiteral("binance-futures"), QStringLiteral("BTCUSDT"), QString::fromStdString(server.url("/ws")), blocked);
    const std::vector<Trade> trades = parse(std::span(frames).first(1500));
    QTRY_VERIFY_WITH_TIMEOUT((update(), chart_trades(bars) == trades.size()), kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!controller.recording().error.isEmpty(), kWaitMs);
    const BarSpec spec = BarSpec::ticks(100);
    const int multiplier = controller.info().bucket_multiplier;
    controller.set_chart(spec, multiplier);
    QTRY_VERIFY_WITH_TIMEOUT((update(), bars.spec == spec), kWaitMs);
    const std::string diff = test::first_difference(
        bars.bars, fresh(trades, spec, controller.info().tick.units * multiplier, false).series().front().bars(), spec.name());
    QVERIFY2(diff.empty(), diff.c_str());
    QVERIFY(QFile::remove(blocked));
}

QTEST_MAIN(TestLiveRebuild)
#include "test_live_rebuild.moc"
