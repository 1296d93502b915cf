// Replay on the real hour: bars and footprints identical to live parsing of the same frames, the
// paced clock at every speed, seek, step one bar, a folder of daily files, and public files.
#include <QtTest>

#include <filesystem>
#include <random>

#include "io/trade_file.hpp"
#include "net/exchange_adapter.hpp"
#include "record/daily_recorder.hpp"
#include "record/frame_synthesis.hpp"
#include "record/replay_engine.hpp"
#include "record/replay_playback.hpp"
#include "record/trade_file_conversion.hpp"
#include "support/test_data.hpp"
#include "support/aggregation_compare.hpp"

using namespace flowscope;
using namespace flowscope::record;
using flowscope::test::RealFrame;

namespace {
// What the live session does with each frame: parse it, feed the trades to the aggregator.
void aggregate_live(const std::vector<RealFrame>& frames, Aggregator& agg, std::vector<Trade>* trades = nullptr) {
    auto adapter = make_adapter(Exchange::BinanceFutures);
    std::vector<Trade> out;
    for (const RealFrame& f : frames) {
        out.clear();
        adapter->parse(f.text, f.receive_time_us, out);
        for (const Trade& t : out) agg.add(t);
        if (trades) trades->insert(trades->end(), out.begin(), out.end());
    }
}

std::string record_frames(const std::string& path, const std::vector<RealFrame>& frames, RecordingWriterOptions o = {}) {
    std::filesystem::remove(path);
    std::string error;
    auto w = test::or_error(RecordingWriter::create(path, Exchange::BinanceFutures, "BTCUSDT", o), error);
    if (!w) return error;
    for (const RealFrame& f : frames)
        if (!w->append({f.receive_time_us, Exchange::BinanceFutures, "BTCUSDT", f.text})) return w->error();
    return w->close() ? std::string() : w->error();
}

std::unique_ptr<Replayer> open_replayer(const std::string& path) {
    std::string error;
    auto session = test::or_error(RecordingSession::open(path), error);
    if (!session) qWarning("%s", error.c_str());
    return session ? std::make_unique<Replayer>(std::move(session)) : nullptr;
}

constexpr std::int64_t kEnd = std::numeric_limits<std::int64_t>::max();

void replay_all(Replayer& replayer, Aggregator& agg, std::vector<Trade>* trades = nullptr) {
    std::vector<Trade> out;
    while (!replayer.finished()) {
        out.clear();
        replayer.advance_to(kEnd, out, 1000);
        for (const Trade& t : out) agg.add(t);
        if (trades) trades->insert(trades->end(), out.begin(), out.end());
    }
}

}  // namespace

class TestReplay : public QObject {
    Q_OBJECT
    std::string dir_ = test::temp_dir("replay-test");

private slots:
    void cleanupTestCase() { std::filesystem::remove_all(dir_); }

    void replay_builds_the_same_bars_and_footprints_as_live() {
        for (const auto& frames : {test::real_aggtrade_frames(), test::real_trade_frames()}) {
            Aggregator live;
            test::add_standard_timeframes(live);
            std::vector<Trade> live_trades;
            aggregate_live(frames, live, &live_trades);
            QVERIFY(live.trades() > 4000);

            const std::string path = dir_ + "/identity.fsrec";
            QCOMPARE(record_frames(path, frames), std::string());
            auto replayer = open_replayer(path);
            QVERIFY(replayer);
            Aggregator replayed;
            test::add_standard_timeframes(replayed);
            std::vector<Trade> replayed_trades;
            replay_all(*replayer, replayed, &replayed_trades);

            QCOMPARE(replayed_trades.size(), live_trades.size());
            for (std::size_t i = 0; i < live_trades.size(); ++i) QVERIFY(test::same_trade(replayed_trades[i], live_trades[i]));
            const std::string diff = test::first_difference(live, replayed);
            QVERIFY2(diff.empty(), diff.c_str());
            QCOMPARE(replayer->stats().malformed, std::uint64_t{0});
            QCOMPARE(replayer->stats().frames, std::uint64_t(frames.size()));
        }
    }

    void paced_replay_delivers_what_is_due_at_every_speed() {
        // The one market clock (ReplayPlayback): the wall time that went by, times the speed, of
        // market time is played, exactly the frames received before it.
        const auto frames = test::real_aggtrade_frames();
        const std::string path = dir_ + "/paced.fsrec";
        QCOMPARE(record_frames(path, frames), std::string());
        for (double speed : kReplaySpeeds) {
            if (speed == kMaxSpeed) continue;
            std::string error;
            auto engine = std::make_unique<ReplayEngine>(test::or_error(RecordingSession::open(path), error));
            ReplayPlayback playback(std::move(engine), BarSpec::time(60), 1'000'000);
            playback.set_speed(speed);
            const std::int64_t start = playback.market_us();
            QCOMPARE(start, frames.front().receive_time_us);
            std::vector<Trade> out;
            std::size_t delivered = 0;
            for (std::int64_t wall = 250'000; wall <= 60'000'000; wall += 250'000) {
                out.clear();
                delivered += playback.advance(250'000, out, ReplayPlayback::kUnlimited);
                const std::int64_t due = start + static_cast<std::int64_t>(wall * speed);  // played: received before it
                const auto expected = std::lower_bound(frames.begin(), frames.end(), due,
                                                       [](const RealFrame& f, std::int64_t t) { return f.receive_time_us < t; }) -
                                      frames.begin();
                QCOMPARE(delivered, std::size_t(expected));  // one trade per frame here
                for (const Trade& t : out) QVERIFY(t.receive_time_us < due);
                QCOMPARE(playback.market_us(), std::min(due, frames.back().receive_time_us + 1));
                QCOMPARE(std::uint64_t(delivered), playback.aggregator().trades());
            }
            // No wall time, no market time: a paused replay is one that is not advanced.
            const std::int64_t paused_at = playback.market_us();
            QCOMPARE(playback.advance(0, out, ReplayPlayback::kUnlimited), std::size_t{0});
            QCOMPARE(playback.market_us(), paused_at);
        }
    }

    void seek_then_play_equals_playing_from_that_time() {
        const auto frames = test::real_aggtrade_frames();
        const std::string path = dir_ + "/seek.fsrec";
        RecordingWriterOptions small;
        small.max_block_frames = 256;
        QCOMPARE(record_frames(path, frames, small), std::string());
        auto replayer = open_replayer(path);
        for (std::size_t at : {std::size_t{0}, std::size_t{1}, std::size_t{999}, std::size_t{2048}, frames.size() - 1}) {
            const std::int64_t t = frames[at].receive_time_us;
            replayer->seek(t);
            QCOMPARE(replayer->clock_us(), t);
            std::vector<Trade> rest;
            while (!replayer->finished()) replayer->advance_to(kEnd, rest, 500);
            std::vector<RealFrame> tail(frames.begin() + static_cast<std::ptrdiff_t>(at), frames.end());
            Aggregator expected_agg;
            std::vector<Trade> expected;
            aggregate_live(tail, expected_agg, &expected);
            QCOMPARE(rest.size(), expected.size());
            for (std::size_t i = 0; i < rest.size(); ++i) QVERIFY(test::same_trade(rest[i], expected[i]));
        }
    }

    void engine_seek_rebuilds_the_aggregation_at_that_time() {
        const auto frames = test::real_aggtrade_frames();
        const std::string path = dir_ + "/engine.fsrec";
        RecordingWriterOptions small;
        small.max_block_frames = 200;
        QCOMPARE(record_frames(path, frames, small), std::string());
        std::string error;
        ReplayEngine engine(test::or_error(RecordingSession::open(path), error), ReplayEngineOptions{8, 1'000'000'000});
        test::add_standard_timeframes(engine.aggregator());
        const BarSeries& one_minute = engine.aggregator().series()[4];
        // Forward, backward, before the first checkpoint, after the prepared pass, at the very end.
        std::vector<std::int64_t> times{frames[2500].receive_time_us, frames[10].receive_time_us + 1,
                                        frames[4000].receive_time_us, frames[0].receive_time_us};
        std::mt19937_64 rng(3);
        for (int i = 0; i < 12; ++i)
            times.push_back(frames[std::uniform_int_distribution<std::size_t>(0, frames.size() - 1)(rng)].receive_time_us + i);
        for (int pass = 0; pass < 2; ++pass) {
            if (pass == 1) engine.prepare_checkpoints();
            for (std::int64_t t : times) {
                engine.seek(t);
                Aggregator expected;
                test::add_standard_timeframes(expected);
                std::vector<RealFrame> before;
                for (const RealFrame& f : frames)
                    if (f.receive_time_us < t) before.push_back(f);
                aggregate_live(before, expected);
                const std::string diff = test::first_difference(expected, engine.aggregator());
                QVERIFY2(diff.empty(), ("seek to " + std::to_string(t) + ": " + diff).c_str());
                QCOMPARE(&engine.aggregator().series()[4], &one_minute);
            }
        }
        QVERIFY(engine.checkpoint_count() >= 6);
        // Playing on after a seek continues exactly.
        engine.seek(frames[1000].receive_time_us);
        while (!engine.replayer().finished()) engine.play_to(kEnd, nullptr, 777);
        Aggregator expected;
        test::add_standard_timeframes(expected);
        aggregate_live(frames, expected);
        const std::string diff = test::first_difference(expected, engine.aggregator());
        QVERIFY2(diff.empty(), diff.c_str());
    }

    void engine_checkpoints_thin_out_to_fit_their_budget() {
        const auto frames = test::real_aggtrade_frames();
        const std::string path = dir_ + "/budget.fsrec";
        QCOMPARE(record_frames(path, frames), std::string());
        Aggregator full;
        test::add_standard_timeframes(full);
        aggregate_live(frames, full);
        const std::size_t budget = full.memory_bytes() * 2;
        std::string error;
        ReplayEngine engine(test::or_error(RecordingSession::open(path), error), ReplayEngineOptions{32, budget});
        test::add_standard_timeframes(engine.aggregator());
        engine.prepare_checkpoints();
        QVERIFY(engine.checkpoint_memory_bytes() <= budget);
        QVERIFY2(engine.checkpoint_count() >= 3 && engine.checkpoint_count() < 31,
                 std::to_string(engine.checkpoint_count()).c_str());
        for (std::size_t at : {std::size_t{4200}, std::size_t{100}, std::size_t{3000}}) {
            const std::int64_t t = frames[at].receive_time_us;
            engine.seek(t);
            Aggregator expected;
            test::add_standard_timeframes(expected);
            aggregate_live(std::vector<RealFrame>(frames.begin(), frames.begin() + static_cast<std::ptrdiff_t>(at)), expected);
            const std::string diff = test::first_difference(expected, engine.aggregator());
            QVERIFY2(diff.empty(), diff.c_str());
        }
    }

    void step_bar_completes_the_open_bar() {
        const std::string path = dir_ + "/step.fsrec";
        QCOMPARE(record_frames(path, test::real_aggtrade_frames()), std::string());
        for (const char* tf : {"1m", "15s", "100t", "5v"}) {
            auto replayer = open_replayer(path);
            Aggregator agg;
            BarSeries& series = agg.add_series(*BarSpec::parse(tf), test::kCentUnits);
            std::vector<Trade> out;
            for (int step = 1; step <= 5; ++step) {
                out.clear();
                QVERIFY(replayer->step_bar(series, out) > 0);
                for (const Trade& t : out) agg.add(t);
                // The bar is complete: the next trade would open a new one.
                QCOMPARE(series.bars().size(), std::size_t(step));
                Aggregator probe = agg;
                std::vector<Trade> next;
                auto ahead = open_replayer(path);
                ahead->advance_to(kEnd, next, static_cast<std::size_t>(agg.trades()) + 1);
                probe.add(next.back());
                QCOMPARE(probe.series()[0].bars().size(), std::size_t(step + 1));
            }
        }
    }

    void a_folder_of_daily_files_plays_as_one_session() {
        // The real hour shifted to straddle midnight, recorded by the daily recorder.
        auto frames = test::real_aggtrade_frames();
        const std::int64_t shift = 1582416000'000'000 - 1800'000'000 - frames.front().receive_time_us;
        for (RealFrame& f : frames) f.receive_time_us += shift;
        const std::string dir = dir_ + "/daily";
        {
            DailyRecorder rec(dir, Exchange::BinanceFutures, "BTCUSDT");
            for (const RealFrame& f : frames) QVERIFY(rec.append(f.receive_time_us, f.text));
        }
        QCOMPARE(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()), 2);
        auto replayer = open_replayer(dir);
        QVERIFY(replayer);
        QCOMPARE(replayer->session().files().size(), std::size_t{2});
        Aggregator live, replayed;
        test::add_standard_timeframes(live);
        test::add_standard_timeframes(replayed);
        aggregate_live(frames, live);
        replay_all(*replayer, replayed);
        const std::string diff = test::first_difference(live, replayed);
        QVERIFY2(diff.empty(), diff.c_str());
        // Seeking into the second file.
        replayer->seek(frames[3000].receive_time_us);
        std::vector<Trade> out;
        replayer->advance_to(kEnd, out, 1);
        QCOMPARE(out.front().receive_time_us, frames[3000].receive_time_us);
    }

    void a_folder_mixing_streams_is_refused() {
        const std::string dir = dir_ + "/mixed";
        std::filesystem::create_directories(dir);
        std::string error;
        for (const char* symbol : {"BTCUSDT", "ETHUSDT"}) {
            auto w = test::or_error(RecordingWriter::create(dir + "/" + symbol + ".fsrec", Exchange::BinanceFutures, symbol, {}), error);
            QVERIFY(w);
        }
        QVERIFY(!test::or_error(RecordingSession::open(dir), error));
        QVERIFY2(error.find("one stream") != std::string::npos, error.c_str());
    }

    void tardis_trades_become_the_exact_frames_binance_sent() {
        // The trade NDJSON was captured as Binance sends it; converting the same hour's Tardis CSV
        // must write those very frames (E is the receive time, as in the capture).
        const std::string out = dir_ + "/tardis.fsrec";
        std::filesystem::remove(out);
        const auto result = convert_trade_file(std::string(FLOWSCOPE_TEST_DATA_DIR) +
                                                   "/binance-futures-BTCUSDT-2020-02-22T00.tardis.csv", out);
        QVERIFY2(result.ok, result.error.c_str());
        const auto expected = test::real_trade_frames();
        QCOMPARE(result.frames, std::uint64_t(expected.size()));
        std::string error;
        auto session = test::or_error(RecordingSession::open(out), error);
        QVERIFY(session);
        RecordedFrame f;
        for (const RealFrame& e : expected) {
            QVERIFY(session->next(f));
            QCOMPARE(std::string(f.text), e.text);
        }
        QVERIFY(!session->next(f));
        // Refuses to overwrite.
        QVERIFY(!convert_trade_file(std::string(FLOWSCOPE_TEST_DATA_DIR) + "/binance-futures-BTCUSDT-2020-02-22T00.tardis.csv", out).ok);
    }

    void synthesized_frames_parse_back_to_the_same_trade() {
        Trade t;
        t.exchange_time_us = 1675759520847'000;
        t.receive_time_us = 1675759520848'123;
        t.price = *parse_price("1632.46");
        t.quantity = *parse_quantity("0.34305");
        t.id = TradeId::from_number(226532);
        t.symbol = Symbol("ETHUSDT");
        t.aggressor = Side::Buy;
        struct Case {
            Exchange exchange;
            bool aggregated;
            const char* text;
        };
        const Case cases[] = {
            {Exchange::BinanceSpot, true,
             R"({"e":"aggTrade","E":1675759520848,"s":"ETHUSDT","a":226532,"p":"1632.46000000","q":"0.34305000","T":1675759520847,"m":false,"M":true})"},
            {Exchange::BinanceSpot, false,
             R"({"e":"trade","E":1675759520848,"s":"ETHUSDT","t":226532,"p":"1632.46000000","q":"0.34305000","T":1675759520847,"m":false,"M":true})"},
            {Exchange::BinanceFutures, true,
             R"({"e":"aggTrade","E":1675759520848,"a":226532,"s":"ETHUSDT","p":"1632.46","q":"0.34305","T":1675759520847,"m":false})"},
            {Exchange::BinanceFutures, false,
             R"({"e":"trade","E":1675759520848,"T":1675759520847,"s":"ETHUSDT","t":226532,"p":"1632.46","q":"0.34305","X":"MARKET","m":false})"},
        };
        for (const Case& c : cases) {
            FrameStyle style;
            style.exchange = c.exchange;
            style.aggregated = c.aggregated;
            style.price_decimals = c.exchange == Exchange::BinanceSpot ? 8 : 2;
            style.quantity_decimals = c.exchange == Exchange::BinanceSpot ? 8 : 3;
            std::string text;
            append_binance_frame(text, t, style);
            QCOMPARE(text, std::string(c.text));
            std::vector<Trade> parsed;
            QCOMPARE(make_adapter(c.exchange)->parse(text, t.receive_time_us, parsed).kind, FrameKind::Trades);
            QCOMPARE(parsed.size(), std::size_t{1});
            QVERIFY(parsed[0].price == t.price && parsed[0].quantity == t.quantity &&
                    parsed[0].exchange_time_us == t.exchange_time_us && parsed[0].id.text == t.id.text &&
                    parsed[0].aggressor == t.aggressor);
        }
    }

    void public_csv_files_replay_like_the_file_reader_reads_them() {
        for (const char* name : {"binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv",
                                 "binance-futures-BTCUSDT-2020-02-22T00.trades.csv"}) {
            const std::string path = std::string(FLOWSCOPE_TEST_DATA_DIR) + "/" + name;
            Aggregator direct, replayed;
            test::add_standard_timeframes(direct);
            test::add_standard_timeframes(replayed);
            const auto file = read_trade_file(path, {}, [](const TradeFileResult&) {},
                                              [&](std::span<const Trade> ts) { for (const Trade& t : ts) direct.add(t); });
            QVERIFY2(file.ok, file.error.c_str());
            auto replayer = open_replayer(path);
            QVERIFY(replayer);
            QCOMPARE(replayer->session().exchange(), Exchange::BinanceFutures);
            replay_all(*replayer, replayed);
            QCOMPARE(replayer->stats().malformed, std::uint64_t{0});
            const std::string diff = test::first_difference(direct, replayed);
            QVERIFY2(diff.empty(), (std::string(name) + ": " + diff).c_str());
        }
        std::string error;
        QVERIFY(!test::or_error(RecordingSession::open(dir_ + "/nothing-here.csv"), error));
        QVERIFY2(error.find("nothing-here.csv") != std::string::npos, error.c_str());
    }
};

QTEST_GUILESS_MAIN(TestReplay)
#include "test_replay.moc"
