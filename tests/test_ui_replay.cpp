// The app's replay through ReplayEngine, on the real hour (the Binance trade file, converted on
// the fly) and the bundled recording: the bars it shows are those an Aggregator builds from the
// same file, whole and at any time it seeks to; speeds, step, step back and "until" move market
// time as promised; the background checkpoint pass hands over without changing a bar; and the
// worker thread, seen through SourceController and ChartStore as the window sees it, does the
// same without keeping the trades in memory.
#include <QtTest>

#include <cstdio>
#include <random>

#include "aggregate/aggregator.hpp"
#include "chart/chart_store.hpp"
#include "record/checkpoint_preparation.hpp"
#include "io/trade_file.hpp"
#include "record/frame_synthesis.hpp"
#include "record/recording_trades.hpp"
#include "record/recording_writer.hpp"
#include "replay/replay_loading.hpp"
#include "record/replay_playback.hpp"
#include "source/source_controller.hpp"
#include "support/process_memory.hpp"
#include "support/test_data.hpp"

using namespace flowscope;
using namespace flowscope::ui;
using flowscope::record::app_engine_options;
using flowscope::record::CheckpointPreparation;
using flowscope::record::PreparedEngine;
using flowscope::record::ReplayPlayback;

namespace {

const QString kRealHour = QStringLiteral(FLOWSCOPE_TEST_DATA_DIR "/binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv");
const QString kBundled = QStringLiteral(FLOWSCOPE_RESOURCES_DIR "/sessions/binance-futures-BTCUSDT-2020-02-22.fsrec");
constexpr std::int64_t kHourStartUs = 1582329600LL * 1'000'000;  // 2020-02-22 00:00 UTC
constexpr std::int64_t kMinuteUs = 60'000'000;
const std::int64_t kHalfDollar = parse_price("0.5")->units;  // the default bucket at BTC ≈ 9,700 (tick × 50)

// The trades of a file read directly, in file order, each with the time the replay plays it at:
// a trade file's trades at their exchange time, a recording's at their frame's receive time.
struct TimedTrade {
    std::int64_t play_time_us;
    Trade trade;
};

std::vector<TimedTrade> trades_of(const QString& path) {
    std::vector<TimedTrade> out;
    if (path.endsWith(QStringLiteral(".fsrec"))) {
        const auto read = record::read_recording_trades(path.toStdString(), [&](std::span<const Trade> b) {
            for (const Trade& t : b) out.push_back({t.receive_time_us, t});
        });
        if (!read) qFatal("%s", read.error().c_str());
    } else {
        read_trade_file(path.toStdString(), {}, [](const TradeFileResult&) {}, [&](std::span<const Trade> b) {
            for (const Trade& t : b) out.push_back({t.exchange_time_us, t});
        });
    }
    return out;
}

// What an Aggregator builds from the file's trades played before `before`.
Aggregator reference(const std::vector<TimedTrade>& trades, BarSpec spec, std::int64_t bucket_units,
                     std::int64_t before = std::numeric_limits<std::int64_t>::max()) {
    Aggregator a;
    a.add_series(spec, bucket_units);
    for (const TimedTrade& t : trades)
        if (t.play_time_us < before) a.add(t.trade);
    return a;
}

// Empty when equal bar for bar and cell for cell; else where they first differ.
QString difference(std::span<const Bar> x, std::span<const Bar> y) {
    if (x.size() != y.size()) return QStringLiteral("%1 bars against %2").arg(x.size()).arg(y.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        const Bar& p = x[i];
        const Bar& q = y[i];
        const bool same = p.open_time_us == q.open_time_us && p.first_trade_time_us == q.first_trade_time_us &&
                          p.last_trade_time_us == q.last_trade_time_us && p.open == q.open && p.high == q.high &&
                          p.low == q.low && p.close == q.close && p.volume == q.volume && p.buy_volume == q.buy_volume &&
                          p.sell_volume == q.sell_volume && p.cvd == q.cvd && p.max_delta == q.max_delta &&
                          p.min_delta == q.min_delta && p.notional == q.notional && p.trades == q.trades;
        if (!same) return QStringLiteral("bar %1 differs").arg(i);
        const Footprint& f = p.footprint;
        const Footprint& g = q.footprint;
        if (f.empty() != g.empty() || f.lowest_bucket() != g.lowest_bucket() || f.highest_bucket() != g.highest_bucket())
            return QStringLiteral("bar %1: footprint range differs").arg(i);
        for (std::int64_t k = f.lowest_bucket(); !f.empty() && k <= f.highest_bucket(); ++k) {
            const FootprintCell& c = f.at(k);
            const FootprintCell& d = g.at(k);
            if (c.bid != d.bid || c.ask != d.ask || c.trades != d.trades)
                return QStringLiteral("bar %1: footprint cell %2 differs").arg(i).arg(k);
        }
    }
    return {};
}

QString difference(const ReplayPlayback& replay, const Aggregator& expected) {
    if (replay.aggregator().trades() != expected.trades())
        return QStringLiteral("%1 trades played, %2 expected").arg(replay.aggregator().trades()).arg(expected.trades());
    return difference(replay.series().bars(), expected.series().front().bars());
}

struct Opened {
    LoadedReplay source;
    std::unique_ptr<ReplayPlayback> replay;
};

Opened open_playback(const QString& path, BarSpec spec, std::int64_t bucket_units = kHalfDollar) {
    Opened o;
    o.source = open_replay_source(path);
    if (!o.source.ok) return o;
    o.replay = std::make_unique<ReplayPlayback>(
        std::make_unique<record::ReplayEngine>(std::move(o.source.session), app_engine_options()), spec, bucket_units);
    return o;
}

std::size_t play_to_end(ReplayPlayback& replay, std::size_t batch = 1000) {
    replay.set_speed(ReplayPlayback::kMaxSpeed);
    std::vector<Trade> out;
    std::size_t calls = 0;
    while (!replay.at_end() && calls < 1'000'000) {
        replay.advance(0, out, batch);
        ++calls;
    }
    return out.size();
}

}  // namespace

class TestUiReplay : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<SourceInfo>(); }

    void playback_builds_the_bars_of_the_file_data() {
        QTest::addColumn<QString>("path");
        QTest::newRow("trade file") << kRealHour;
        QTest::newRow("bundled recording") << kBundled;
    }
    void playback_builds_the_bars_of_the_file();
    void seek_gives_the_bars_of_the_trades_before_data() { playback_builds_the_bars_of_the_file_data(); }
    void seek_gives_the_bars_of_the_trades_before();
    void speeds_play_market_time_against_the_wall_clock();
    void max_speed_batches_end_on_a_whole_moment();
    void step_one_bar_and_back();
    void step_tick_bars_fills_one_bar();
    void until_stops_exactly_there();
    void prepared_engine_takes_over_without_changing_a_bar();
    void bad_sources_are_refused_with_their_name();
    void store_replace_is_one_new_chart();

    void worker_replays_and_seeks_as_the_window_sees_it();
    void worker_memory_does_not_grow_with_the_trades();
};

void TestUiReplay::playback_builds_the_bars_of_the_file() {
    QFETCH(QString, path);
    for (const char* tf : {"1m", "5s", "100t"}) {
        const BarSpec spec = *BarSpec::parse(tf);
        Opened o = open_playback(path, spec);
        QVERIFY2(o.replay, qPrintable(o.source.error));
        QCOMPARE(o.source.symbol, QStringLiteral("BTCUSDT"));
        QCOMPARE(o.source.tick, *parse_price("0.01"));
        const std::size_t played = play_to_end(*o.replay);
        QVERIFY(o.replay->finished());
        const Aggregator expected = reference(trades_of(path), spec, kHalfDollar);
        QCOMPARE(played, static_cast<std::size_t>(expected.trades()));
        const QString diff = difference(*o.replay, expected);
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("%1: %2").arg(tf, diff)));
    }
}

void TestUiReplay::seek_gives_the_bars_of_the_trades_before() {
    QFETCH(QString, path);
    const std::vector<TimedTrade> trades = trades_of(path);
    Opened o = open_playback(path, BarSpec::time(60));
    QVERIFY2(o.replay, qPrintable(o.source.error));
    ReplayPlayback& replay = *o.replay;
    std::mt19937_64 rng(42);
    std::uniform_int_distribution<std::int64_t> when(replay.start_us(), replay.end_us() + 1);
    // Back and forth at random, then the edges: the start, a minute boundary, the very end.
    std::vector<std::int64_t> targets;
    for (int i = 0; i < 12; ++i) targets.push_back(when(rng));
    targets.insert(targets.end(), {replay.start_us(), kHourStartUs + 30 * kMinuteUs, replay.end_us() + 1, kHourStartUs + 7 * kMinuteUs});
    for (std::int64_t t : targets) {
        std::vector<Trade> recent;
        replay.seek(t, recent);
        QCOMPARE(replay.market_us(), t);
        const QString diff = difference(replay, reference(trades, BarSpec::time(60), kHalfDollar, t));
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("at %1: %2").arg(t).arg(diff)));
        // Time & sales: the trades of the last two minutes before t, oldest first.
        std::vector<Trade> expected_recent;
        for (const TimedTrade& x : trades)
            if (x.play_time_us < t && x.play_time_us >= t - ReplayPlayback::kRecentWindowUs) expected_recent.push_back(x.trade);
        QCOMPARE(recent.size(), expected_recent.size());
        if (!recent.empty()) QCOMPARE(recent.back().id.number, expected_recent.back().id.number);
    }
    // Playing on after a seek continues from there.
    std::vector<Trade> recent;
    replay.seek(kHourStartUs + 20 * kMinuteUs, recent);
    play_to_end(replay);
    const QString diff = difference(replay, reference(trades, BarSpec::time(60), kHalfDollar));
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
}

void TestUiReplay::speeds_play_market_time_against_the_wall_clock() {
    const std::vector<TimedTrade> trades = trades_of(kRealHour);
    const auto played_between = [&](std::int64_t from, std::int64_t to) {
        std::size_t n = 0;
        for (const TimedTrade& t : trades) n += t.play_time_us >= from && t.play_time_us < to;
        return n;
    };
    for (double speed : {1.0, 2.0, 5.0, 10.0, 60.0, 600.0}) {
        Opened o = open_playback(kRealHour, BarSpec::time(60));
        ReplayPlayback& replay = *o.replay;
        replay.set_speed(speed);
        std::vector<Trade> out;
        const std::int64_t start = replay.start_us();
        // 100 ticks of 10 ms: one wall second.
        for (int i = 0; i < 100; ++i) replay.advance(10'000, out, 20'000);
        const auto market_span = static_cast<std::int64_t>(speed * 1'000'000);
        QCOMPARE(replay.market_us(), start + market_span);
        QCOMPARE(out.size(), played_between(start, start + market_span));
    }
}

void TestUiReplay::max_speed_batches_end_on_a_whole_moment() {
    // The trade file has many trades in one millisecond: a batch never splits them, so the
    // position stays a time and no trade is played twice or lost.
    Opened o = open_playback(kRealHour, BarSpec::time(60));
    ReplayPlayback& replay = *o.replay;
    replay.set_speed(ReplayPlayback::kMaxSpeed);
    std::vector<Trade> out;
    std::size_t total = 0;
    int batches = 0;
    while (!replay.at_end()) {
        out.clear();
        const std::size_t n = replay.advance(0, out, 7);
        QCOMPARE(n, out.size());
        if (n == 0) break;
        QVERIFY(n >= 7 || replay.finished());
        const std::int64_t moment = out.back().exchange_time_us;
        for (const Trade& t : out) QVERIFY(t.exchange_time_us <= moment);
        QVERIFY(replay.market_us() == moment + 1 || replay.finished());
        total += n;
        ++batches;
    }
    QCOMPARE(total, trades_of(kRealHour).size());
    QVERIFY(batches > 100);
}

void TestUiReplay::step_one_bar_and_back() {
    const std::vector<TimedTrade> trades = trades_of(kRealHour);
    Opened o = open_playback(kRealHour, BarSpec::time(60));
    ReplayPlayback& replay = *o.replay;
    std::vector<Trade> out;
    QVERIFY(replay.step_bar(out) > 0);
    QCOMPARE(replay.series().bars().size(), std::size_t{1});
    QCOMPARE(replay.market_us(), kHourStartUs + kMinuteUs);  // at the bar's end, as before
    QVERIFY(replay.step_bar(out) > 0);
    QCOMPARE(replay.series().bars().size(), std::size_t{2});
    QCOMPARE(replay.market_us(), kHourStartUs + 2 * kMinuteUs);
    QCOMPARE(difference(replay, reference(trades, BarSpec::time(60), kHalfDollar, replay.market_us())), QString());
    QCOMPARE(out.size(), static_cast<std::size_t>(replay.aggregator().trades()));

    // Step back: to the start of the newest bar, which goes.
    QCOMPARE(replay.previous_bar_start(), kHourStartUs + kMinuteUs);
    std::vector<Trade> recent;
    replay.seek(replay.previous_bar_start(), recent);
    QCOMPARE(replay.series().bars().size(), std::size_t{1});
    // Mid-bar, the open bar is the one that goes.
    replay.seek(kHourStartUs + 30 * kMinuteUs + 20'000'000, recent);
    QCOMPARE(replay.series().bars().size(), std::size_t{31});
    QCOMPARE(replay.previous_bar_start(), kHourStartUs + 30 * kMinuteUs);
    // Stepping from mid-bar ends that bar.
    replay.step_bar(out);
    QCOMPARE(replay.market_us(), kHourStartUs + 31 * kMinuteUs);
    QCOMPARE(replay.series().bars().size(), std::size_t{31});
    QCOMPARE(difference(replay, reference(trades, BarSpec::time(60), kHalfDollar, replay.market_us())), QString());
    // At the start there is nothing to step back to.
    replay.seek(replay.start_us(), recent);
    QCOMPARE(replay.previous_bar_start(), replay.start_us());
    // Stepping to the end stops there.
    int steps = 0;
    while (replay.step_bar(out) > 0) ++steps;
    QCOMPARE(steps, 60);
    QVERIFY(replay.finished());
}

void TestUiReplay::step_tick_bars_fills_one_bar() {
    const BarSpec spec = *BarSpec::parse("100t");
    Opened o = open_playback(kBundled, spec);
    ReplayPlayback& replay = *o.replay;
    std::vector<Trade> out;
    for (int i = 1; i <= 5; ++i) {
        replay.step_bar(out);
        const auto bars = replay.series().bars();
        QVERIFY(bars.size() >= static_cast<std::size_t>(i));
        QCOMPARE(bars[static_cast<std::size_t>(i) - 1].trades, std::uint64_t{100});
    }
    QCOMPARE(difference(replay, reference(trades_of(kBundled), spec, kHalfDollar, replay.market_us())), QString());
}

void TestUiReplay::until_stops_exactly_there() {
    Opened o = open_playback(kBundled, BarSpec::time(300));
    ReplayPlayback& replay = *o.replay;
    const std::int64_t until = kHourStartUs + 20 * kMinuteUs;
    replay.set_until(until);
    play_to_end(replay);
    QVERIFY(replay.at_until());
    QVERIFY(!replay.finished());
    QCOMPARE(replay.market_us(), until);
    QCOMPARE(difference(replay, reference(trades_of(kBundled), BarSpec::time(300), kHalfDollar, until)), QString());
}

void TestUiReplay::prepared_engine_takes_over_without_changing_a_bar() {
    const std::vector<TimedTrade> trades = trades_of(kBundled);
    Opened o = open_playback(kBundled, BarSpec::time(60));
    ReplayPlayback& replay = *o.replay;
    CheckpointPreparation preparation(o.source.session_path, BarSpec::time(60), kHalfDollar, app_engine_options());
    // Playback goes on while the pass runs.
    replay.set_speed(60);
    std::vector<Trade> out;
    for (int i = 0; i < 20; ++i) replay.advance(1'000'000, out, 20'000);
    QTRY_VERIFY_WITH_TIMEOUT(preparation.done(), 30000);
    QCOMPARE(preparation.progress(), 1.0);
    PreparedEngine prepared = preparation.take();
    QVERIFY2(prepared.engine, prepared.error.c_str());
    QCOMPARE(prepared.stats.trades, std::uint64_t{trades.size()});
    QVERIFY(prepared.engine->checkpoint_count() > 10);
    const std::int64_t at = replay.market_us();
    replay.adopt(std::move(prepared.engine));
    QCOMPARE(replay.market_us(), at);
    QCOMPARE(difference(replay, reference(trades, BarSpec::time(60), kHalfDollar, at)), QString());
    play_to_end(replay);
    QCOMPARE(difference(replay, reference(trades, BarSpec::time(60), kHalfDollar)), QString());
    std::vector<Trade> recent;
    for (std::int64_t t : {kHourStartUs + 45 * kMinuteUs, kHourStartUs + 3 * kMinuteUs + 1}) {
        replay.seek(t, recent);
        QCOMPARE(difference(replay, reference(trades, BarSpec::time(60), kHalfDollar, t)), QString());
    }
    // Cancelled half way: the destructor stops it soon and leaves nothing behind.
    auto cancelled = std::make_unique<CheckpointPreparation>(o.source.session_path, BarSpec::time(1), kHalfDollar,
                                                             app_engine_options());
    cancelled.reset();
}

void TestUiReplay::bad_sources_are_refused_with_their_name() {
    QTemporaryDir dir;
    const QString not_trades = dir.filePath(QStringLiteral("notes.csv"));
    QFile f(not_trades);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("hello,world\nthis,is not a trade file\n");
    f.close();
    LoadedReplay s = open_replay_source(not_trades);
    QVERIFY(!s.ok);
    QVERIFY2(s.error.contains(QStringLiteral("notes.csv")), qPrintable(s.error));
    s = open_replay_source(dir.filePath(QStringLiteral("missing.csv")));
    QVERIFY(!s.ok);
    QVERIFY2(s.error.contains(QStringLiteral("missing.csv")) && s.error.contains(QStringLiteral("no such file")), qPrintable(s.error));
    s = open_replay_source(dir.path());  // a folder without recordings
    QVERIFY(!s.ok);
    QVERIFY2(s.error.contains(dir.path()), qPrintable(s.error));
    // A trade file with bad lines plays the good ones and says what it skipped.
    s = open_replay_source(QStringLiteral(FLOWSCOPE_TEST_DATA_DIR "/bad/malformed-aggTrades.csv"));
    QVERIFY2(s.ok, qPrintable(s.error));
    QVERIFY(!s.warnings.isEmpty());
    QVERIFY2(s.warnings.front().contains(QStringLiteral("skipped")), qPrintable(s.warnings.front()));
    // The conversion lives as long as the replay holds it, not longer.
    const QString converted = QString::fromStdString(s.session_path);
    QVERIFY(QFile::exists(converted));
    s = LoadedReplay{};
    QVERIFY(!QFile::exists(converted));
}

void TestUiReplay::store_replace_is_one_new_chart() {
    ChartStore store;
    ChartBars bars;
    std::vector<Trade> fresh;
    store.update(bars, fresh, 10);
    const auto generation = bars.generation;
    Opened o = open_playback(kRealHour, BarSpec::time(300));
    std::vector<Trade> recent;
    o.replay->seek(kHourStartUs + 31 * kMinuteUs, recent);
    store.replace(o.replay->series(), o.source.tick, "BTCUSDT", o.replay->aggregator().trades(), recent);
    QVERIFY(store.update(bars, fresh, 50));
    QVERIFY(bars.generation != generation);
    QCOMPARE(bars.spec, BarSpec::time(300));
    QCOMPARE(bars.bucket_units, kHalfDollar);
    QCOMPARE(difference(bars.bars, o.replay->series().bars()), QString());
    QCOMPARE(fresh.size(), std::size_t{50});
    QCOMPARE(fresh.back().id.number, recent.back().id.number);
    QCOMPARE(store.counters().trades, o.replay->aggregator().trades());
    // Trades added after it land in the same chart.
    std::vector<Trade> more;
    o.replay->set_speed(60);
    o.replay->advance(10'000'000, more, 100'000);
    store.publish(o.replay->series(), more);
    fresh.clear();
    QVERIFY(store.update(bars, fresh, 50));
    QCOMPARE(difference(bars.bars, o.replay->series().bars()), QString());
}

void TestUiReplay::worker_replays_and_seeks_as_the_window_sees_it() {
    for (const QString& path : {kBundled, kRealHour}) {
        const std::vector<TimedTrade> trades = trades_of(path);
        SourceController controller;
        QSignalSpy opened(&controller, &SourceController::opened);
        QSignalSpy finished(&controller, &SourceController::replay_finished);
        QSignalSpy prepared(&controller, &SourceController::replay_prepared);
        QSignalSpy progress(&controller, &SourceController::preparation_progress);
        controller.set_chart(BarSpec::time(60), 0);
        controller.set_speed(ReplayPlayback::kMaxSpeed);
        controller.open_replay(path);
        QTRY_VERIFY_WITH_TIMEOUT(opened.count() > 0, 20000);
        const SourceInfo info = controller.info();
        QCOMPARE(info.kind, SourceKind::Replay);
        // Auto, as the window opens it: the bars at Auto's base, 0.25 at BTC ≈ 9,700 (chart/bucket_choice.hpp).
        QVERIFY(info.auto_bucket);
        QCOMPARE(info.bucket_multiplier, 25);
        const std::int64_t bucket = info.tick.units * info.bucket_multiplier;
        ChartBars bars;
        std::vector<Trade> fresh;
        const auto snapshot = [&] {
            fresh.clear();
            controller.store()->update(bars, fresh, 400);
        };

        // Plays to the end at max speed: the bars of the file.
        controller.play();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 30000);
        snapshot();
        QCOMPARE(difference(bars.bars, reference(trades, BarSpec::time(60), bucket).series().front().bars()), QString());

        // The background pass finishes and counts the session's trades.
        QTRY_VERIFY_WITH_TIMEOUT(prepared.count() > 0, 30000);
        QCOMPARE(controller.info().trades, std::uint64_t{trades.size()});
        QCOMPARE(progress.back().at(0).toInt(), 100);

        // Seek (the slider): the bars before that time, and time & sales up to it.
        for (std::int64_t t : {kHourStartUs + 30 * kMinuteUs, kHourStartUs + 12 * kMinuteUs + 345'678, kHourStartUs + 50 * kMinuteUs}) {
            controller.seek(t);
            QTRY_COMPARE(controller.market_time_us(), t);
            snapshot();
            QCOMPARE(difference(bars.bars, reference(trades, BarSpec::time(60), bucket, t).series().front().bars()), QString());
            QVERIFY(!fresh.empty());
            QVERIFY(fresh.back().exchange_time_us < t);
        }

        // Another timeframe at that market time: rebuilt there, in the worker.
        const std::int64_t at = controller.market_time_us();
        controller.set_chart(BarSpec::time(300), 0);
        QTRY_VERIFY_WITH_TIMEOUT((snapshot(), bars.spec == BarSpec::time(300)), 20000);
        QCOMPARE(controller.market_time_us(), at);
        // Auto's base grows with the bar's range: 0.50 for 5m bars.
        QTRY_COMPARE(controller.info().bucket_multiplier, 50);
        const std::int64_t bucket5 = kHalfDollar;
        QCOMPARE(bars.bucket_units, bucket5);
        QCOMPARE(difference(bars.bars, reference(trades, BarSpec::time(300), bucket5, at).series().front().bars()), QString());

        // Step one bar, step back, then play at 10× for a moment and pause.
        controller.step_bar();
        QTRY_COMPARE(controller.market_time_us(), kHourStartUs + 55 * kMinuteUs);
        controller.step_back();
        QTRY_COMPARE(controller.market_time_us(), kHourStartUs + 50 * kMinuteUs);
        snapshot();
        QCOMPARE(bars.bars.size(), std::size_t{10});
        controller.set_speed(10);
        controller.play();
        QTest::qWait(300);
        controller.pause();
        QTest::qWait(100);
        const std::int64_t paused = controller.market_time_us();
        QVERIFY(paused > kHourStartUs + 50 * kMinuteUs + 1'000'000 && paused < kHourStartUs + 50 * kMinuteUs + 30'000'000);
        snapshot();
        QCOMPARE(difference(bars.bars, reference(trades, BarSpec::time(300), bucket5, paused).series().front().bars()), QString());
    }
}

void TestUiReplay::worker_memory_does_not_grow_with_the_trades() {
    // A recording of ~2 M trades: the real hour's trades, twenty copies laid over each hour of a day
    // (copy c shifted by c × 37 ms, ids shifted), written as Binance frames.
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("day.fsrec")).toStdString();
    std::vector<Trade> hour;
    TradeFileOptions options;
    options.symbol = "BTCUSDT";
    read_trade_file(kRealHour.toStdString(), options, [](const TradeFileResult&) {},
                    [&](std::span<const Trade> b) { hour.insert(hour.end(), b.begin(), b.end()); });
    std::uint64_t written = 0;
    {
        std::string error;
        auto writer = test::or_error(record::RecordingWriter::create(path, Exchange::BinanceFutures, "BTCUSDT", {}), error);
        QVERIFY2(writer, error.c_str());
        record::FrameStyle style;
        style.aggregated = true;
        std::vector<Trade> batch;
        std::string text;
        for (int h = 0; h < 24; ++h) {
            batch.clear();
            for (int c = 0; c < 20; ++c)
                for (Trade t : hour) {
                    t.exchange_time_us += h * 3'600'000'000LL + c * 37'000;
                    if (t.exchange_time_us >= kHourStartUs + (h + 1) * 3'600'000'000LL) continue;
                    t.id = TradeId::from_number(t.id.number.value_or(0) + static_cast<std::uint64_t>(h * 1'000'000 + c * 10'000));
                    batch.push_back(t);
                }
            std::stable_sort(batch.begin(), batch.end(),
                             [](const Trade& a, const Trade& b) { return a.exchange_time_us < b.exchange_time_us; });
            for (const Trade& t : batch) {
                text.clear();
                record::append_binance_frame(text, t, style);
                QVERIFY(writer->append(record::RecordedFrame{t.exchange_time_us, Exchange::BinanceFutures, "BTCUSDT", text}));
            }
            written += batch.size();
        }
        QVERIFY2(writer->close(), writer->error().c_str());
    }
    QVERIFY(written > 2'000'000);

    SourceController controller;
    QSignalSpy opened(&controller, &SourceController::opened);
    QSignalSpy finished(&controller, &SourceController::replay_finished);
    QSignalSpy prepared(&controller, &SourceController::replay_prepared);
    controller.set_chart(BarSpec::time(60), 0);
    controller.set_speed(ReplayPlayback::kMaxSpeed);
    const double before = test::resident_mb();
    controller.open_replay(QString::fromStdString(path));
    QTRY_VERIFY_WITH_TIMEOUT(opened.count() > 0, 20000);
    controller.play();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 120000);
    QTRY_VERIFY_WITH_TIMEOUT(prepared.count() > 0, 120000);
    QCOMPARE(controller.info().trades, written);
    ChartBars bars;
    std::vector<Trade> fresh;
    controller.store()->update(bars, fresh, 400);
    QCOMPARE(bars.bars.size(), std::size_t{24 * 60});
    const double grown = test::resident_mb() - before;
    // Holding the trades as the old replay did would take written × sizeof(Trade) alone; what the
    // replay holds is its bars and checkpoints, whatever the trades: on this dense day (twenty
    // copies of the hour laid over each other) ~97 MB with Auto's 0.25 base bucket and the bars'
    // big prints (shared between checkpoints; copied, they took 149 MB).
    const double all_trades_mb = static_cast<double>(written * sizeof(Trade)) / (1024.0 * 1024.0);
    std::printf("memory: %.1f MB grown replaying %llu trades (%.1f MB as a vector of trades)\n", grown,
                static_cast<unsigned long long>(written), all_trades_mb);
#if defined(__SANITIZE_ADDRESS__)
    QSKIP("the process's memory is not a figure under AddressSanitizer (shadow memory, quarantine)");
#endif
    QVERIFY2(grown < all_trades_mb / 2.5, qPrintable(QStringLiteral("grew by %1 MB").arg(grown)));
}

QTEST_MAIN(TestUiReplay)
#include "test_ui_replay.moc"
