// Backfill frames on the real hour: a live recording in which stretches of trades were missed and
// repaired (a `backfill` marker, the repaired trades as the exchange's frames, a `backfill-end`
// marker) replays to the bars of the uninterrupted hour in all eleven timeframes, through every
// replay path (ReplayEngine play and seek, read_recording_trades); a repair given up lets the held
// trades go at its end marker; trades recorded twice count once; and an old recording with holes
// and no markers replays exactly as before.
#include <QtTest>

#include <filesystem>
#include <limits>

#include "aggregate/aggregator.hpp"
#include "net/exchange_adapter.hpp"
#include "net/trade_gap_detector.hpp"
#include "record/control_frame.hpp"
#include "record/frame_synthesis.hpp"
#include "record/recording_info.hpp"
#include "record/recording_trades.hpp"
#include "record/recording_writer.hpp"
#include "record/replay_engine.hpp"
#include "support/aggregation_compare.hpp"
#include "support/test_data.hpp"

using namespace flowscope;
using namespace flowscope::record;

namespace {

constexpr std::int64_t kEnd = std::numeric_limits<std::int64_t>::max() / 2;

struct Frame {
    std::int64_t receive_time_us = 0;
    std::string text;
};

// The real hour: its frames and each frame's trade (one per aggTrade frame).
struct Hour {
    std::vector<test::RealFrame> frames = test::real_aggtrade_frames();
    std::vector<Trade> trades;
    Hour() {
        const auto adapter = make_adapter(Exchange::BinanceFutures);
        for (const auto& f : frames) {
            const std::size_t before = trades.size();
            adapter->parse(f.text, f.receive_time_us, trades);
            if (trades.size() != before + 1) qFatal("a real aggTrade frame is one trade");
        }
    }
    std::uint64_t id(std::size_t i) const { return *trades[i].id.number; }
};

const Hour& hour() {
    static const Hour h;
    return h;
}

Frame live(std::size_t i) { return {hour().frames[i].receive_time_us, hour().frames[i].text}; }

Frame marker(ControlFrame::Kind kind, std::size_t first, std::size_t last, std::int64_t time_us) {
    return {time_us, control_frame_text({kind, hour().id(first), hour().id(last)})};
}

// Trades [first, last] as the frames Binance's websocket sends for them, received at time_us (fetched then).
void backfill(std::vector<Frame>& out, std::size_t first, std::size_t last, std::int64_t time_us,
              Exchange exchange = Exchange::BinanceFutures) {
    const FrameStyle style{exchange, true, 2, 3};
    for (std::size_t i = first; i <= last; ++i) {
        std::string text;
        if (!append_exchange_frame(text, hour().trades[i], style)) qFatal("cannot synthesize a frame");
        out.push_back({time_us, text});
    }
}

// A time between the receive times of frames i and i + 1 (the real hour's frames are ms apart).
std::int64_t between(std::size_t i, int k = 1) {
    const std::int64_t a = hour().frames[i].receive_time_us, b = hour().frames[i + 1].receive_time_us;
    if (b - a < 4) qFatal("frames too close");
    return a + (b - a) * k / 4;
}

std::string write(const std::string& name, const std::vector<Frame>& frames, Exchange exchange = Exchange::BinanceFutures) {
    static const std::string dir = test::temp_dir("replay-backfill");
    const std::string path = dir + "/" + name + ".fsrec";
    std::filesystem::remove(path);
    auto writer = RecordingWriter::create(path, exchange, "BTCUSDT", {});
    if (!writer) qFatal("%s", writer.error().c_str());
    for (const Frame& f : frames) (*writer)->append(RecordedFrame{f.receive_time_us, exchange, "BTCUSDT", f.text});
    if (!(*writer)->close()) qFatal("cannot close the recording");
    return path;
}

Aggregator aggregate(std::span<const Trade> trades) {
    Aggregator agg;
    test::add_standard_timeframes(agg);
    for (const Trade& t : trades) agg.add(t);
    return agg;
}

std::unique_ptr<ReplayEngine> engine(const std::string& path, int checkpoints = 48) {
    auto session = RecordingSession::open(path);
    if (!session) qFatal("%s", session.error().c_str());
    ReplayEngineOptions options;
    options.checkpoints = checkpoints;
    auto e = std::make_unique<ReplayEngine>(std::move(*session), options);
    test::add_standard_timeframes(e->aggregator());
    return e;
}

std::vector<Trade> read_all(const std::string& path, RecordingTrades* result = nullptr) {
    std::vector<Trade> trades;
    auto read = read_recording_trades(path, [&](std::span<const Trade> b) { trades.insert(trades.end(), b.begin(), b.end()); });
    if (!read) qFatal("%s", read.error().c_str());
    if (result) *result = *read;
    return trades;
}

// The hour's live frames with stretches [first, last] missed; after each, `marker_after` frames
// later the repair's marker, `fetch_after` frames later the repaired trades and the end marker.
struct Stretch {
    std::size_t first, last;
};
std::vector<Frame> repaired_hour(const std::vector<Stretch>& stretches, std::size_t marker_after = 3, std::size_t fetch_after = 6) {
    std::vector<Frame> frames;
    for (std::size_t i = 0; i < hour().frames.size(); ++i) {
        bool missed = false;
        for (const Stretch& s : stretches) missed = missed || (i >= s.first && i <= s.last);
        if (!missed) frames.push_back(live(i));
        for (const Stretch& s : stretches) {
            if (i == s.last + marker_after) frames.push_back(marker(ControlFrame::Kind::Backfill, s.first, s.last, between(i)));
            if (i == s.last + fetch_after) {
                backfill(frames, s.first, s.last, between(i));
                frames.push_back(marker(ControlFrame::Kind::BackfillEnd, s.first, s.last, between(i, 2)));
            }
        }
    }
    return frames;
}

const std::vector<Stretch> kStretches{{500, 519}, {2000, 2000}, {3000, 3299}};

}  // namespace

class TestReplayBackfill : public QObject {
    Q_OBJECT
private slots:
    void control_frames_read_back_as_written() {
        const ControlFrame f{ControlFrame::Kind::Backfill, 26000500, 26000519};
        QCOMPARE(control_frame_text(f), std::string(R"({"flowscope":"backfill","first":26000500,"last":26000519})"));
        const auto back = parse_control_frame(control_frame_text(f));
        QVERIFY(back && back->kind == f.kind && back->first == f.first && back->last == f.last);
        const auto end = parse_control_frame(R"({"flowscope":"backfill-end","first":7,"last":9})");
        QVERIFY(end && end->kind == ControlFrame::Kind::BackfillEnd && end->first == 7 && end->last == 9);
        // Ours but not understood (a newer writer): still ours, never an exchange frame.
        const auto newer = parse_control_frame(R"({"flowscope":"snapshot","at":1})");
        QVERIFY(newer && newer->kind == ControlFrame::Kind::Unknown);
        QVERIFY(!parse_control_frame(hour().frames[0].text));
    }

    // (a) Three stretches missed and repaired: every replay path gives the uninterrupted hour,
    // whether each marker came a few frames after its hole or right before the frame after it.
    void repaired_stretches_replay_to_the_uninterrupted_hour_data() {
        QTest::addColumn<int>("marker_after");
        QTest::newRow("marker after the hole") << 3;
        QTest::newRow("marker before the frame after the hole") << 0;
    }
    void repaired_stretches_replay_to_the_uninterrupted_hour() {
        QFETCH(int, marker_after);
        const std::string path = write("repaired-" + std::to_string(marker_after),
                                       repaired_hour(kStretches, static_cast<std::size_t>(marker_after)));
        const Aggregator want = aggregate(hour().trades);

        RecordingTrades read;
        const auto trades = read_all(path, &read);
        QCOMPARE(trades.size(), hour().trades.size());
        for (std::size_t i = 0; i < trades.size(); ++i) QCOMPARE(*trades[i].id.number, hour().id(i));
        QVERIFY2(test::first_difference(aggregate(trades), want).empty(), "read_recording_trades");
        QCOMPARE(read.control, std::uint64_t{6});
        QCOMPARE(read.malformed, std::uint64_t{0});
        QCOMPARE(read.duplicates, std::uint64_t{0});

        auto played = engine(path);
        played->play_to(kEnd);
        const std::string d = test::first_difference(played->aggregator(), want);
        QVERIFY2(d.empty(), d.c_str());

        const auto info = recording_info(path);
        QVERIFY(info);
        QCOMPARE(info->control, std::uint64_t{6});
        QCOMPARE(info->malformed, std::uint64_t{0});
        QCOMPARE(info->trades, std::uint64_t(hour().trades.size()));
        QCOMPARE(info->id_gaps, std::uint64_t{0});  // every hole repaired in place
    }

    // While a stretch is held, play and seek agree: a seek into it and past it (from checkpoints
    // taken inside held stretches) gives what playing from the start gave, and plays on to the hour.
    void seeks_into_and_after_a_held_stretch_give_the_played_bars() {
        const std::string path = write("repaired-seek", repaired_hour(kStretches, 3, 40));
        const Aggregator want = aggregate(hour().trades);
        // Inside the held stretch after the third hole (its trades wait for frames 3299 + 40), and after it.
        const std::int64_t inside = between(3299 + 20), after = between(3299 + 40, 3);
        for (const std::int64_t at : {inside, after}) {
            auto fresh = engine(path);
            fresh->play_to(at - 1);
            auto seeking = engine(path, 600);  // a checkpoint every 6 s: some inside held stretches
            seeking->prepare_checkpoints();
            seeking->seek(at);
            QString where = QString("seek to %1").arg(at);
            std::string d = test::first_difference(seeking->aggregator(), fresh->aggregator());
            QVERIFY2(d.empty(), qPrintable(where + ": " + QString::fromStdString(d)));
            if (at == inside) QCOMPARE(fresh->aggregator().trades(), std::uint64_t{3000});  // 3000 … 3319 held
            seeking->play_to(kEnd);
            d = test::first_difference(seeking->aggregator(), want);
            QVERIFY2(d.empty(), qPrintable(where + " then to the end: " + QString::fromStdString(d)));
        }
        // Back and forth across all three stretches, each seek from the nearest checkpoint.
        auto seeking = engine(path, 600);
        seeking->prepare_checkpoints();
        for (std::size_t i : {3299 + 20, 519 + 2, 2000 + 30, 3299 + 41, 519 + 5}) {
            const std::int64_t at = between(i);
            seeking->seek(at);
            auto fresh = engine(path);
            fresh->play_to(at - 1);
            const std::string d = test::first_difference(seeking->aggregator(), fresh->aggregator());
            QVERIFY2(d.empty(), qPrintable(QString("frame %1: ").arg(i) + QString::fromStdString(d)));
        }
    }

    // (b) A repair that fetched only part of its stretch: the held trades go on at the end marker,
    // the rest stays a hole, and trades of it that come after the end count once, where they come.
    void a_repair_given_up_lets_the_held_trades_go_at_its_end() {
        std::vector<Frame> frames;
        for (std::size_t i = 0; i < hour().frames.size(); ++i) {
            if (!(i >= 1000 && i <= 1049)) frames.push_back(live(i));
            if (i == 1053) frames.push_back(marker(ControlFrame::Kind::Backfill, 1000, 1049, between(i)));
            if (i == 1056) {
                backfill(frames, 1000, 1019, between(i));
                frames.push_back(marker(ControlFrame::Kind::BackfillEnd, 1000, 1049, between(i, 2)));
            }
            if (i == 1100) {  // late: after the end marker, one of them already counted
                backfill(frames, 1030, 1039, between(i));
                backfill(frames, 1005, 1005, between(i));
            }
        }
        const std::string path = write("given-up", frames);
        std::vector<Trade> want;  // what the live chart took, in its order
        for (std::size_t i = 0; i <= 1019; ++i) want.push_back(hour().trades[i]);
        for (std::size_t i = 1050; i <= 1100; ++i) want.push_back(hour().trades[i]);
        for (std::size_t i = 1030; i <= 1039; ++i) want.push_back(hour().trades[i]);
        for (std::size_t i = 1101; i < hour().trades.size(); ++i) want.push_back(hour().trades[i]);

        RecordingTrades read;
        const auto trades = read_all(path, &read);
        QCOMPARE(trades.size(), want.size());
        for (std::size_t i = 0; i < trades.size(); ++i) QCOMPARE(*trades[i].id.number, *want[i].id.number);
        QCOMPARE(read.duplicates, std::uint64_t{1});
        QCOMPARE(read.control, std::uint64_t{2});
        auto played = engine(path);
        played->play_to(kEnd);
        const std::string d = test::first_difference(played->aggregator(), aggregate(want));
        QVERIFY2(d.empty(), d.c_str());

        // Held until the end marker: just before it, nothing after the hole is out.
        auto session = RecordingSession::open(path);
        QVERIFY(session);
        Replayer replayer(std::move(*session));
        std::vector<Trade> out;
        replayer.advance_to(between(1056, 2) - 1, out);
        QCOMPARE(*out.back().id.number, hour().id(1019));
        QCOMPARE(out.size(), std::size_t{1020});
        out.clear();
        replayer.advance_to(between(1056, 2), out);
        QCOMPARE(*out.front().id.number, hour().id(1050));
        QCOMPARE(out.size(), std::size_t{7});  // 1050 … 1056
        // The ids never fetched stay a hole; the late ones filled theirs.
        const auto info = recording_info(path);
        QVERIFY(info);
        QCOMPARE(info->trades, std::uint64_t(want.size()));
    }

    // A recording that ends inside a repair (closed mid-repair: its held trades go out at the end)
    // or is still being written (a live session's, replayed to rebuild its chart: they stay held).
    void a_recording_that_ends_inside_a_repair() {
        std::vector<Frame> frames;
        for (std::size_t i = 0; i < 4000; ++i) {
            if (!(i >= 3900 && i <= 3909)) frames.push_back(live(i));
            if (i == 3912) frames.push_back(marker(ControlFrame::Kind::Backfill, 3900, 3909, between(i)));
        }
        const std::string path = write("cut-in-repair", frames);
        const auto trades = read_all(path);
        QCOMPARE(trades.size(), std::size_t{4000 - 10});
        QCOMPARE(*trades.back().id.number, hour().id(3999));
        auto session = RecordingSession::open(path);
        QVERIFY(session);
        Replayer replayer(std::move(*session));
        replayer.set_release_held_at_end(false);
        std::vector<Trade> out;
        replayer.advance_to(kEnd, out);
        QCOMPARE(out.size(), std::size_t{3900});
        QVERIFY(replayer.finished());
    }

    // (c) A reconnect that sends 500 trades again: each counts once, on Binance (consecutive ids)
    // and on an exchange whose ids are only told apart (Bybit).
    void trades_recorded_twice_count_once() {
        for (const Exchange exchange : {Exchange::BinanceFutures, Exchange::Bybit}) {
            std::vector<Frame> frames;
            for (std::size_t i = 0; i < hour().frames.size(); ++i) {
                if (exchange == Exchange::BinanceFutures) frames.push_back(live(i));
                else backfill(frames, i, i, hour().frames[i].receive_time_us, exchange);
                if (i == 2000) {
                    for (std::size_t j = 1501; j <= 2000; ++j) {
                        if (exchange == Exchange::BinanceFutures) frames.push_back({between(2000), hour().frames[j].text});
                        else backfill(frames, j, j, between(2000), exchange);
                    }
                }
            }
            const std::string path = write(std::string("resent-") + std::string(exchange_name(exchange)), frames, exchange);
            RecordingTrades read;
            const auto trades = read_all(path, &read);
            QCOMPARE(trades.size(), hour().trades.size());
            QCOMPARE(read.duplicates, std::uint64_t{500});
            auto played = engine(path);
            played->play_to(kEnd);
            QCOMPARE(played->aggregator().trades(), std::uint64_t(hour().trades.size()));
            QCOMPARE(played->aggregator().volume(), aggregate(hour().trades).volume());
            QCOMPARE(played->aggregator().cvd(), aggregate(hour().trades).cvd());
            if (exchange == Exchange::BinanceFutures) {
                const std::string d = test::first_difference(played->aggregator(), aggregate(hour().trades));
                QVERIFY2(d.empty(), d.c_str());
            }
        }
    }

    // (d) An old recording: real holes (and a trade out of order), no markers. Replay hands out
    // every recorded trade at its own time, in recorded order, as it always did.
    void an_old_recording_with_holes_replays_as_before() {
        std::vector<Frame> frames;
        std::vector<Trade> recorded;
        for (std::size_t i = 0; i < hour().frames.size(); ++i) {
            if ((i >= 500 && i <= 519) || i == 2000 || (i >= 3000 && i <= 3299)) continue;
            if (i == 1200) continue;  // comes after 1201
            frames.push_back(live(i));
            recorded.push_back(hour().trades[i]);
            if (i == 1201) {
                frames.push_back({hour().frames[1201].receive_time_us, hour().frames[1200].text});
                Trade t = hour().trades[1200];
                t.receive_time_us = hour().frames[1201].receive_time_us;
                recorded.push_back(t);
            }
        }
        const std::string path = write("old", frames);
        RecordingTrades read;
        const auto trades = read_all(path, &read);
        QCOMPARE(trades.size(), recorded.size());
        for (std::size_t i = 0; i < trades.size(); ++i) QVERIFY(test::same_trade(trades[i], recorded[i]));
        QCOMPARE(read.duplicates, std::uint64_t{0});
        QCOMPARE(read.control, std::uint64_t{0});
        // At every moment, the trades received by then: right after each hole too.
        for (std::size_t i : {520, 521, 2001, 3300, 3301, 4296}) {
            const std::int64_t at = hour().frames[i].receive_time_us;
            auto played = engine(path);
            played->play_to(at);
            std::vector<Trade> due;
            for (const Trade& t : recorded)
                if (t.receive_time_us <= at) due.push_back(t);
            const std::string d = test::first_difference(played->aggregator(), aggregate(due));
            QVERIFY2(d.empty(), qPrintable(QString("frame %1: ").arg(i) + QString::fromStdString(d)));
        }
        const auto info = recording_info(path);
        QVERIFY(info);
        TradeGapDetector gaps;
        std::uint64_t id_gaps = 0;
        for (const Trade& t : recorded) id_gaps += gaps.observe(t).has_value();
        QCOMPARE(info->id_gaps, id_gaps);
    }
};

QTEST_GUILESS_MAIN(TestReplayBackfill)
#include "test_replay_backfill.moc"
