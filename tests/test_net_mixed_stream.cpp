// A real Binance spot combined stream (ethusdt@trade, @depth@100ms and @bookTicker interleaved, as
// received): every frame is well formed, so the frames of channels the adapter does not read are
// counted as ignored, never as malformed: by the adapter, by `flowscope-cli trades`, by `info` of
// a recording made from the capture, and by the replay path the app reads recordings through.
#include <QtTest>

#include "support/cli_run.hpp"

#include <zlib.h>

#include <fstream>

#include "net/adapters.hpp"
#include "record/recording_trades.hpp"
#include "support/test_data.hpp"

using namespace flowscope;

namespace {

constexpr std::uint64_t kFrames = 33'618;    // lines of the capture
constexpr std::uint64_t kTradeFrames = 6'106;  // ethusdt@trade, one trade each
constexpr std::uint64_t kDepthFrames = 3'434;
constexpr std::uint64_t kBookTickerFrames = 24'077;
constexpr std::uint64_t kOtherFrames = 1;    // a REST depth snapshot ({"lastUpdateId":…}) in the capture

struct CapturedFrame {
    std::int64_t receive_ns = 0;
    std::string text;
};

std::vector<CapturedFrame> read_capture() {
    const std::string path = test::ws_data("binance-spot-ethusdt-mixed-2024-08-08.log.gz");
    gzFile in = gzopen(path.c_str(), "rb");
    if (!in) qFatal("cannot open %s", path.c_str());
    std::vector<CapturedFrame> frames;
    std::string line;
    char chunk[1 << 16];
    while (gzgets(in, chunk, sizeof chunk)) {
        line += chunk;
        if (line.empty() || line.back() != '\n') continue;
        line.pop_back();
        const std::size_t space = line.find(' ');
        frames.push_back({std::stoll(line.substr(0, space)), line.substr(space + 1)});
        line.clear();
    }
    gzclose(in);
    return frames;
}

using Run = flowscope::test::CliRun;
using flowscope::test::run_cli;

}  // namespace

class TestNetMixedStream : public QObject {
    Q_OBJECT
    std::vector<CapturedFrame> frames_;
    QTemporaryDir dir_;
    QString ndjson_, recording_;

private slots:
    void initTestCase() {
        frames_ = read_capture();
        QCOMPARE(frames_.size(), std::size_t{kFrames});
        // The capture as a websocket tool saves it (one frame per line) plus its receive times.
        ndjson_ = dir_.filePath("mixed.ndjson");
        const QString times = dir_.filePath("mixed.recv.csv");
        std::ofstream text(ndjson_.toStdString()), recv(times.toStdString());
        recv << "line,receive_time_us\n";
        for (std::size_t i = 0; i < frames_.size(); ++i) {
            text << frames_[i].text << '\n';
            recv << i + 1 << ',' << frames_[i].receive_ns / 1000 << '\n';
        }
        text.close();
        recv.close();
        recording_ = dir_.filePath("binance-ETHUSDT-2024-08-08.fsrec");
        const Run r = run_cli({"convert", ndjson_, recording_, "--receive-times", times, "--exchange", "binance", "--symbol", "ETHUSDT"});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
    }

    void every_frame_is_read_or_ignored_never_malformed() {
        const auto adapter = make_adapter(Exchange::BinanceSpot);
        std::uint64_t trade_frames = 0, ignored = 0, trades = 0;
        std::map<std::string, std::uint64_t> ignored_by_stream;
        std::vector<Trade> out;
        for (const CapturedFrame& f : frames_) {
            out.clear();
            const FrameResult r = adapter->parse(f.text, f.receive_ns / 1000, out);
            const std::size_t at = f.text.find("\"stream\":\"");
            const std::string stream = at == std::string::npos ? "(none)" : f.text.substr(at + 10, f.text.find('"', at + 10) - at - 10);
            QVERIFY2(r.kind == FrameKind::Trades || r.kind == FrameKind::Unknown, qPrintable(QString::fromStdString(r.message + ": " + f.text.substr(0, 120))));
            if (r.kind == FrameKind::Trades) {
                QCOMPARE(stream, std::string("ethusdt@trade"));
                ++trade_frames;
                trades += out.size();
            } else {
                ++ignored;
                ++ignored_by_stream[stream];
            }
        }
        QCOMPARE(trade_frames, kTradeFrames);
        QCOMPARE(trades, kTradeFrames);
        QCOMPARE(ignored, kFrames - kTradeFrames);
        QCOMPARE(ignored_by_stream["ethusdt@depth@100ms"], kDepthFrames);
        QCOMPARE(ignored_by_stream["ethusdt@bookTicker"], kBookTickerFrames);
        QCOMPARE(ignored_by_stream["(none)"], kOtherFrames);
    }

    void a_trade_with_a_field_of_the_wrong_type_is_still_malformed() {
        const auto adapter = make_adapter(Exchange::BinanceSpot);
        const auto trade = std::ranges::find_if(frames_, [](const CapturedFrame& f) { return f.text.find("@trade\"") != std::string::npos; });
        QVERIFY(trade != frames_.end());
        std::string text = trade->text;
        const std::size_t t = text.find("\"t\":");
        QVERIFY(t != std::string::npos);
        text.insert(t + 4, "\"");
        text.insert(text.find(',', t + 5), "\"");  // "t":"123" — the trade id as a string
        std::vector<Trade> out;
        const FrameResult r = adapter->parse(text, 0, out);
        QCOMPARE(r.kind, FrameKind::Malformed);
        QVERIFY2(r.message.find("\"t\"") != std::string::npos, r.message.c_str());
        QVERIFY(out.empty());
    }

    void the_trades_command_reports_them_ignored() {
        const Run r = run_cli({"trades", "--input", ndjson_, "--exchange", "binance"});
        QCOMPARE(r.exit_code, 0);
        QCOMPARE(r.out.count('\n'), static_cast<qsizetype>(1 + kTradeFrames));
        QCOMPARE(r.err, QString("flowscope-cli: %1: 33618 frames, 6106 trades, 0 acks/heartbeats, 27512 ignored (channels not "
                                "read), 0 malformed (skipped), 0 exchange errors\n").arg(ndjson_));
    }

    void info_of_a_recording_reports_them_ignored() {
        const Run r = run_cli({"info", recording_});
        QCOMPARE(r.exit_code, 0);
        QVERIFY2(r.out.contains("frames: 33618 (27512 ignored: acks, heartbeats and channels not read; 0 malformed; 0 exchange errors)\n"),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains("trades: 6106\n"), qPrintable(r.out));
    }

    void the_replay_path_counts_them_ignored() {
        std::uint64_t trades = 0;
        const auto read =
            record::read_recording_trades(recording_.toStdString(), [&](std::span<const Trade> batch) { trades += batch.size(); });
        QVERIFY2(read.ok(), read.error().c_str());
        const record::RecordingTrades& r = *read;
        QCOMPARE(r.frames, kFrames);
        QCOMPARE(r.trades, kTradeFrames);
        QCOMPARE(trades, kTradeFrames);
        QCOMPARE(r.ignored, kFrames - kTradeFrames);
        QCOMPARE(r.malformed, std::uint64_t{0});
        QCOMPARE(r.exchange_errors, std::uint64_t{0});
    }
};

QTEST_GUILESS_MAIN(TestNetMixedStream)
#include "test_net_mixed_stream.moc"
