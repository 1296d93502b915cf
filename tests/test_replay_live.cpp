// The issue's identity test: the local test exchange streams the real hour to the live client
// while it is recorded; the recording replayed builds every bar of all 11 timeframes, footprints
// included, exactly as the live session built them. Then the CLI recorder and info/convert.
#include <QtTest>

#include "support/cli_run.hpp"
#include <fstream>
#include <sstream>

#include <filesystem>

#include "support/local_exchange.hpp"
#include "net/live_feed.hpp"
#include "record/daily_recorder.hpp"
#include "record/recording_trades.hpp"
#include "record/replayer.hpp"
#include "support/test_data.hpp"
#include "support/aggregation_compare.hpp"

using namespace flowscope;
using namespace flowscope::record;
using flowscope::testing::LocalExchange;
using flowscope::testing::LocalExchangeOptions;

namespace {
constexpr auto kWait = std::chrono::seconds(30);

std::string temp_dir() {
    auto dir = std::filesystem::temp_directory_path() / ("flowscope-replay-live-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir.string();
}

std::vector<std::string> real_frame_texts() {
    std::vector<std::string> texts;
    for (const auto& f : test::real_aggtrade_frames()) texts.push_back(f.text);
    return texts;
}

using Run = flowscope::test::CliRun;
using flowscope::test::run_cli;
const QString kBundled = QString(FLOWSCOPE_RESOURCES_DIR) + "/sessions/binance-futures-BTCUSDT-2020-02-22.fsrec";
}  // namespace

class TestReplayLive : public QObject {
    Q_OBJECT
    std::string dir_ = temp_dir();

private slots:
    void cleanupTestCase() { std::filesystem::remove_all(dir_); }

    void a_recorded_live_session_replays_to_identical_bars() {
        LocalExchangeOptions o;
        o.frames = real_frame_texts();
        o.frame_interval_us = 50;  // spread over a few blocks and flushes
        LocalExchange server(o);
        LiveFeedConfig config;
        config.exchange = Exchange::BinanceFutures;
        config.symbols = {"btcusdt"};
        config.endpoint_override = parse_endpoint_url(server.url("/ws"));
        LiveFeed feed(config);

        Aggregator live;
        test::add_standard_timeframes(live);
        std::vector<Trade> live_trades;
        const std::string folder = dir_ + "/live";
        RecordingWriterOptions small_blocks;
        small_blocks.max_block_frames = 512;
        small_blocks.flush_interval_us = 20'000;
        DailyRecorder recorder(folder, Exchange::BinanceFutures, "BTCUSDT", small_blocks);
        feed.start();
        FeedBatch batch;
        QVERIFY(LocalExchange::wait_until([&] {
            batch.clear();
            feed.drain(batch);
            for (const RawFrame& f : batch.frames) recorder.append(f.receive_time_us, f.text);
            for (const Trade& t : batch.trades) live.add(t);
            live_trades.insert(live_trades.end(), batch.trades.begin(), batch.trades.end());
            return live_trades.size() >= o.frames.size();
        }, kWait));
        feed.stop();
        QVERIFY(recorder.close());

        std::string error;
        auto session = test::or_error(RecordingSession::open(folder), error);
        QVERIFY2(session, error.c_str());
        QCOMPARE(session->frame_count(), std::uint64_t(o.frames.size() + 1));  // + the subscription ack
        Replayer replayer(std::move(session));
        Aggregator replayed;
        test::add_standard_timeframes(replayed);
        std::vector<Trade> out;
        std::size_t n = 0;
        while (!replayer.finished()) {
            out.clear();
            replayer.advance_to(std::numeric_limits<std::int64_t>::max(), out, 300);
            for (const Trade& t : out) {
                QVERIFY(n < live_trades.size());
                QCOMPARE(t.receive_time_us, live_trades[n].receive_time_us);
                QCOMPARE(t.id.text, live_trades[n].id.text);
                ++n;
                replayed.add(t);
            }
        }
        QCOMPARE(n, live_trades.size());
        QCOMPARE(replayer.stats().ignored, std::uint64_t{1});  // the ack, recorded like every frame
        const std::string diff = test::first_difference(live, replayed);
        QVERIFY2(diff.empty(), diff.c_str());
        QVERIFY(live.series()[0].bars().size() > 1000);  // 1s bars: a real comparison
    }

    void the_cli_recorder_records_every_frame() {
        LocalExchangeOptions o;
        o.frames = real_frame_texts();
        LocalExchange server(o);
        const QString out = QString::fromStdString(dir_ + "/cli.fsrec");
        const Run r = run_cli({"record", "--exchange", "binance-futures", "--symbol", "btcusdt", "--endpoint",
                               QString::fromStdString(server.url("/ws")), "--out", out, "--duration", "4"});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        std::vector<std::string> texts;
        const auto result = read_recording_trades(out.toStdString(), [&](std::span<const Trade> ts) {
            for (const Trade& t : ts) texts.push_back(std::string(t.id.text.view()));
        });
        QVERIFY2(result.ok(), result.error().c_str());
        QCOMPARE(result->symbol, std::string("BTCUSDT"));
        QCOMPARE(result->trades, std::uint64_t(o.frames.size()));
        QCOMPARE(texts.front(), std::string("26000000"));
        QVERIFY(result->issues.empty());
    }

    void the_bundled_session_opens_offline_and_matches_the_capture() {
        QVERIFY(std::filesystem::file_size(kBundled.toStdString()) <= 10'000'000);
        Aggregator from_capture, from_bundle;
        test::add_standard_timeframes(from_capture);
        test::add_standard_timeframes(from_bundle);
        auto adapter = make_adapter(Exchange::BinanceFutures);
        std::vector<Trade> trades;
        for (const auto& f : test::real_aggtrade_frames()) adapter->parse(f.text, f.receive_time_us, trades);
        for (const Trade& t : trades) from_capture.add(t);
        const auto result = read_recording_trades(kBundled.toStdString(), [&](std::span<const Trade> ts) {
            for (const Trade& t : ts) from_bundle.add(t);
        });
        QVERIFY2(result.ok(), result.error().c_str());
        QCOMPARE(result->exchange, Exchange::BinanceFutures);
        const std::string diff = test::first_difference(from_capture, from_bundle);
        QVERIFY2(diff.empty(), diff.c_str());
        QVERIFY(from_bundle.series()[8].bars().size() >= 1);  // ≥ 1 hour: the 1h series has its bar
    }

    void info_tells_span_frames_trades_gaps_size_and_damage() {
        Run r = run_cli({"info", kBundled});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("stream: binance-futures BTCUSDT"), qPrintable(r.out));
        QVERIFY(r.out.contains("span: 2020-02-22 00:00:02.418 UTC to 2020-02-22 01:00:00.110 UTC"));
        QVERIFY(r.out.contains("frames: 4297"));
        QVERIFY(r.out.contains("trades: 4297"));
        QVERIFY(r.out.contains("0 trade id gaps"));
        QVERIFY(r.out.contains("size: 33"));
        QVERIFY(r.out.contains("damaged: 0"));

        // A damaged copy: the report names the offset, and the exit code says damage.
        std::string bytes = test::read_text_file(kBundled.toStdString());
        std::string error;
        const auto blocks = test::or_error(RecordingReader::from_bytes(bytes, "x"), error)->blocks();
        bytes[blocks[0].offset + kBlockHeaderSize + 100] ^= 0x55;
        const std::string damaged = dir_ + "/damaged.fsrec";
        std::ofstream(damaged, std::ios::binary) << bytes;
        r = run_cli({"info", QString::fromStdString(damaged)});
        QCOMPARE(r.exit_code, 3);
        QVERIFY2(r.out.contains("damaged: 1"), qPrintable(r.out));
        QVERIFY2(r.out.contains(QString("offset %1: block payload checksum mismatch").arg(blocks[0].offset)), qPrintable(r.out));

        r = run_cli({"info", QString::fromStdString(dir_ + "/missing.fsrec")});
        QCOMPARE(r.exit_code, 1);
        QVERIFY(r.err.contains("missing.fsrec"));
    }

    void convert_makes_a_recording_of_a_public_file() {
        const QString csv = QString(FLOWSCOPE_TEST_DATA_DIR) + "/binance-futures-BTCUSDT-2020-02-22T00.trades.csv";
        const QString out = QString::fromStdString(dir_ + "/converted.fsrec");
        Run r = run_cli({"convert", csv, out, "--symbol", "BTCUSDT"});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QVERIFY(r.err.contains("5041 trades as 5041 frames"));
        r = run_cli({"info", out});
        QVERIFY(r.out.contains("trades: 5041"));
        QVERIFY(r.out.contains("0 trade id gaps"));
        r = run_cli({"convert", csv, out});
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains("already exists"), qPrintable(r.err));
        r = run_cli({"convert", QString::fromStdString(dir_ + "/none.csv"), QString::fromStdString(dir_ + "/none.fsrec")});
        QCOMPARE(r.exit_code, 1);
        QVERIFY(!std::filesystem::exists(dir_ + "/none.fsrec"));
    }

    void info_counts_id_gaps_only_where_ids_are_consecutive() {
        // The real hour with every 500th trade taken out, as Binance (consecutive ids: each hole
        // is missed trades) and as OKX (ids skip by design there: no hole is claimed).
        const auto lines = test::read_lines(test::data_path("binance-futures-BTCUSDT-2020-02-22T00.tardis.csv"));
        for (const std::string exchange : {"binance-futures", "okex-swap"}) {
            std::string csv = lines[0] + "\n";
            for (std::size_t i = 1; i < lines.size(); ++i) {
                if (i % 500 == 0) continue;
                csv += exchange + lines[i].substr(lines[i].find(',')) + "\n";
            }
            const std::string in = dir_ + "/holes-" + exchange + ".csv";
            const std::string out = dir_ + "/holes-" + exchange + ".fsrec";
            std::ofstream(in) << csv;
            Run r = run_cli({"convert", QString::fromStdString(in), QString::fromStdString(out)});
            QVERIFY2(r.exit_code == 0, qPrintable(r.err));
            r = run_cli({"info", QString::fromStdString(out)});
            QVERIFY2(r.exit_code == 0, qPrintable(r.err));
            const QString expected = exchange == "binance-futures" ? "10 trade id gaps (10 ids missing)" : "0 trade id gaps";
            QVERIFY2(r.out.contains(expected), qPrintable(QString::fromStdString(exchange) + ": " + r.out));
        }
    }
};

QTEST_GUILESS_MAIN(TestReplayLive)
#include "test_replay_live.moc"
