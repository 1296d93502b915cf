// The pipelined replay (decode and parse on a second thread, aggregate on the caller's) gives
// exactly what the single-threaded replay gives: the same trades in the same order, the same bars
// and footprints in all 11 timeframes on the real capture, and the replayer in the same state
// after every call, whatever the limits; pause, seek and failures stop it cleanly.
#include <QtTest>

#include <filesystem>
#include <stdexcept>

#include "record/batch_pipeline.hpp"
#include "record/recording_trades.hpp"
#include "record/replay_engine.hpp"
#include "record/recording_writer.hpp"
#include "support/test_data.hpp"
#include "support/aggregation_compare.hpp"

using namespace flowscope;
using namespace flowscope::record;

namespace {
bool same_stats(const ReplayStats& a, const ReplayStats& b) {
    return a.frames == b.frames && a.trades == b.trades && a.ignored == b.ignored && a.malformed == b.malformed &&
           a.exchange_errors == b.exchange_errors;
}

// Three real hours laid over each other (shifted 37 ms and 10,000 ids apart, as bench_record's
// day), with the real `trade` frames and a few frames the parser rejects mixed in, so that a
// replay has many batches of each kind of frame.
std::vector<test::RealFrame> layered_frames() {
    std::vector<test::RealFrame> frames;
    const auto real = test::real_aggtrade_frames();
    for (int copy = 0; copy < 3; ++copy)
        for (const auto& f : real) {
            std::string text = f.text;
            const auto at = text.find("\"a\":") + 4;
            const auto end = text.find(',', at);
            text.replace(at, end - at, std::to_string(std::stoll(text.substr(at, end - at)) + copy * 10'000));
            frames.push_back({f.receive_time_us + copy * 37'000, text});
        }
    for (const auto& f : test::real_trade_frames()) frames.push_back(f);
    for (std::size_t i = 0; i < 50; ++i) frames.push_back({real[i * 80].receive_time_us, R"({"e":"aggTrade","p":"x"})"});
    std::stable_sort(frames.begin(), frames.end(), [](const auto& a, const auto& b) { return a.receive_time_us < b.receive_time_us; });
    return frames;
}

std::unique_ptr<RecordingSession> open_session(const std::string& path) {
    std::string error;
    auto session = test::or_error(RecordingSession::open(path), error);
    if (!session) qWarning("%s", error.c_str());
    return session;
}
}  // namespace

class TestReplayPipeline : public QObject {
    Q_OBJECT
    std::string dir_ = test::temp_dir("pipeline-test");
    std::string path_ = dir_ + "/layered.fsrec";
    std::vector<test::RealFrame> frames_ = layered_frames();
    std::vector<Trade> reference_;  // every trade, single-threaded
    ReplayStats reference_stats_;

private slots:
    void initTestCase() {
        std::string error;
        RecordingWriterOptions o;
        o.max_block_frames = 3000;  // many blocks, so batches cross block boundaries
        o.flush_interval_us = 0;
        auto w = test::or_error(RecordingWriter::create(path_, Exchange::BinanceFutures, "BTCUSDT", o), error);
        QVERIFY2(w, error.c_str());
        for (const auto& f : frames_) QVERIFY(w->append({f.receive_time_us, Exchange::BinanceFutures, "BTCUSDT", f.text}));
        QVERIFY(w->close());
        Replayer replayer(open_session(path_));
        replayer.advance_to(std::numeric_limits<std::int64_t>::max(), reference_);
        reference_stats_ = replayer.stats();
        QVERIFY(reference_.size() > 15'000);
        QCOMPARE(reference_stats_.malformed, std::uint64_t{50});
    }
    void cleanupTestCase() { std::filesystem::remove_all(dir_); }

    void play_to_gives_the_same_trades_and_state_as_advance_to_data() {
        QTest::addColumn<std::int64_t>("time_offset_us");  // from the start, or -1: the end
        QTest::addColumn<std::size_t>("max_trades");
        QTest::newRow("all") << std::int64_t{-1} << std::numeric_limits<std::size_t>::max();
        QTest::newRow("20 minutes") << std::int64_t{1'200'000'000} << std::numeric_limits<std::size_t>::max();
        QTest::newRow("10,000 trades") << std::int64_t{-1} << std::size_t{10'000};
        QTest::newRow("8,192 trades: one batch exactly") << std::int64_t{-1} << std::size_t{8'192};
        QTest::newRow("30 s: short, no thread") << std::int64_t{30'000'000} << std::numeric_limits<std::size_t>::max();
        QTest::newRow("100 trades: no thread") << std::int64_t{-1} << std::size_t{100};
    }
    void play_to_gives_the_same_trades_and_state_as_advance_to() {
        QFETCH(std::int64_t, time_offset_us);
        QFETCH(std::size_t, max_trades);
        Replayer plain(open_session(path_));
        Replayer piped(open_session(path_));
        const std::int64_t until = time_offset_us < 0 ? std::numeric_limits<std::int64_t>::max()
                                                      : plain.clock_us() + time_offset_us;
        // Twice in a row: the second call continues where the first stopped, mid-frame or not.
        for (int call = 0; call < 2; ++call) {
            const std::int64_t limit = call == 0 || time_offset_us < 0 ? until : until + 60'000'000;
            std::vector<Trade> expected, got;
            const std::size_t n = plain.advance_to(limit, expected, max_trades);
            std::size_t batches = 0;
            const std::size_t m = piped.play_to(limit, [&](std::span<const Trade> b) {
                QVERIFY(!b.empty());
                ++batches;
                got.insert(got.end(), b.begin(), b.end());
            }, max_trades);
            QCOMPARE(m, n);
            QCOMPARE(got.size(), expected.size());
            for (std::size_t i = 0; i < got.size(); ++i) QVERIFY2(test::same_trade(got[i], expected[i]), std::to_string(i).c_str());
            QCOMPARE(piped.clock_us(), plain.clock_us());
            QCOMPARE(piped.finished(), plain.finished());
            QVERIFY(same_stats(piped.stats(), plain.stats()));
        }
    }

    void pipelined_engine_builds_the_same_bars_as_the_single_threaded_replay() {
        Aggregator expected;
        test::add_standard_timeframes(expected);
        for (const Trade& t : reference_) expected.add(t);
        for (std::size_t per_call : {std::size_t{9'000}, std::size_t{50'000}, std::numeric_limits<std::size_t>::max()}) {
            ReplayEngine engine(open_session(path_));
            test::add_standard_timeframes(engine.aggregator());
            std::vector<Trade> tape;  // time & sales
            while (!engine.replayer().finished()) engine.play_to(std::numeric_limits<std::int64_t>::max(), &tape, per_call);
            const std::string diff = test::first_difference(expected, engine.aggregator());
            QVERIFY2(diff.empty(), diff.c_str());
            QCOMPARE(tape.size(), reference_.size());
            for (std::size_t i = 0; i < tape.size(); ++i) QVERIFY(test::same_trade(tape[i], reference_[i]));
            QVERIFY(same_stats(engine.replayer().stats(), reference_stats_));
        }
    }

    void recording_trades_come_in_batches_of_the_asked_size() {
        for (std::size_t batch_trades : {std::size_t{1}, std::size_t{1000}, std::size_t{65'536}}) {
            std::vector<Trade> got;
            std::size_t batches = 0;
            const auto read = read_recording_trades(path_, [&](std::span<const Trade> b) {
                ++batches;
                QVERIFY(!b.empty() && b.size() <= batch_trades);
                got.insert(got.end(), b.begin(), b.end());
            }, batch_trades);
            QVERIFY(read.ok());
            const RecordingTrades& r = *read;
            QCOMPARE(got.size(), reference_.size());
            for (std::size_t i = 0; i < got.size(); ++i) QVERIFY(test::same_trade(got[i], reference_[i]));
            QCOMPARE(batches, (reference_.size() + batch_trades - 1) / batch_trades);  // full batches but the last
            QCOMPARE(r.trades, reference_stats_.trades);
            QCOMPARE(r.malformed, reference_stats_.malformed);
            QCOMPARE(r.frames, reference_stats_.frames);
        }
    }

    void seek_between_pipelined_calls_stays_exact() {
        ReplayEngine engine(open_session(path_));
        test::add_standard_timeframes(engine.aggregator());
        constexpr std::int64_t kEnd = std::numeric_limits<std::int64_t>::max();
        QCOMPARE(engine.play_to(kEnd, nullptr, 12'345), std::size_t{12'345});
        const std::int64_t t = frames_[frames_.size() / 3].receive_time_us;
        engine.seek(t);
        Aggregator expected;
        test::add_standard_timeframes(expected);
        for (const Trade& tr : reference_)
            if (tr.receive_time_us < t) expected.add(tr);
        std::string diff = test::first_difference(expected, engine.aggregator());
        QVERIFY2(diff.empty(), diff.c_str());
        while (!engine.replayer().finished()) engine.play_to(kEnd, nullptr, 20'000);
        Aggregator all;
        test::add_standard_timeframes(all);
        for (const Trade& tr : reference_) all.add(tr);
        diff = test::first_difference(all, engine.aggregator());
        QVERIFY2(diff.empty(), diff.c_str());
    }

    void a_failing_sink_stops_the_pipeline_and_reports() {
        Replayer replayer(open_session(path_));
        std::size_t seen = 0;
        bool thrown = false;
        try {
            replayer.play_to(std::numeric_limits<std::int64_t>::max(), [&](std::span<const Trade> b) {
                seen += b.size();
                if (seen > 5'000) throw std::runtime_error("sink gave up");
            });
        } catch (const std::runtime_error& e) {
            thrown = std::string(e.what()) == "sink gave up";
        }
        QVERIFY(thrown);
        QVERIFY(seen > 5'000 && seen < reference_.size());
    }

    void batch_pipeline_keeps_order_and_rethrows_the_producers_failure() {
        int next = 0;
        std::vector<std::int64_t> seen;
        const auto produce = [&](std::vector<Trade>& batch) {
            for (int i = 0; i < 7; ++i) batch.emplace_back().exchange_time_us = next++;
            return next < 7 * 500;
        };
        const auto consume = [&](std::span<const Trade> b) {
            for (const Trade& t : b) seen.push_back(t.exchange_time_us);
        };
        for (bool second_thread : {true, false}) {
            seen.clear();
            next = 0;
            run_batch_pipeline(produce, consume, BatchPipelineOptions{7, 2, second_thread});
            QCOMPARE(seen.size(), std::size_t{7 * 500});
            for (std::size_t i = 0; i < seen.size(); ++i) QCOMPARE(seen[i], std::int64_t(i));
        }

        seen.clear();
        next = 0;
        bool thrown = false;
        try {
            run_batch_pipeline(
                [&](std::vector<Trade>& batch) {
                    if (next >= 70) throw std::runtime_error("cannot decode");
                    return produce(batch);
                },
                consume, BatchPipelineOptions{7, 3});
        } catch (const std::runtime_error&) {
            thrown = true;
        }
        QVERIFY(thrown);
        QCOMPARE(seen.size(), std::size_t{70});  // the batches made before the failure were consumed
    }
};

QTEST_GUILESS_MAIN(TestReplayPipeline)
#include "test_replay_pipeline.moc"
