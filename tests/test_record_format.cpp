// The .fsrec format on the real frames: exact round trip, size per aggTrade, a file cut at every
// byte, flipped bytes, a newer version, seeking, daily rotation and time-based flushing.
#include <QtTest>
#include <fstream>
#include <sstream>

#include <filesystem>
#include <random>

#include "record/daily_recorder.hpp"
#include "record/recording_compaction.hpp"
#include "record/recording_reader.hpp"
#include "record/recording_writer.hpp"
#include "support/test_data.hpp"

using namespace flowscope;
using namespace flowscope::record;
using flowscope::test::RealFrame;

namespace {
struct Expected {
    std::int64_t time;
    Exchange exchange;
    std::string symbol;
    std::string text;
};

std::vector<Expected> as_expected(const std::vector<RealFrame>& frames, const std::string& symbol = "BTCUSDT") {
    std::vector<Expected> out;
    for (const RealFrame& f : frames) out.push_back({f.receive_time_us, Exchange::BinanceFutures, symbol, f.text});
    return out;
}

std::string write_recording(const std::string& path, const std::vector<Expected>& frames, RecordingWriterOptions o) {
    std::filesystem::remove(path);
    std::string error;
    auto w = test::or_error(RecordingWriter::create(path, Exchange::BinanceFutures, "BTCUSDT", o), error);
    if (!w) return error;
    for (const Expected& f : frames)
        if (!w->append(RecordedFrame{f.time, f.exchange, f.symbol, f.text})) return w->error();
    return w->close() ? std::string() : w->error();
}

std::vector<Expected> read_all(RecordingReader& r) {
    std::vector<Expected> out;
    FrameCursor c(r);
    RecordedFrame f;
    while (c.next(f)) out.push_back({f.receive_time_us, f.exchange, std::string(f.symbol), std::string(f.text)});
    return out;
}

bool same(const Expected& a, const Expected& b) {
    return a.time == b.time && a.exchange == b.exchange && a.symbol == b.symbol && a.text == b.text;
}

RecordingWriterOptions small_blocks(std::uint32_t frames) {
    RecordingWriterOptions o;
    o.max_block_frames = frames;
    o.flush_interval_us = 0;
    o.created_time_us = 1;
    return o;
}

std::string file_bytes(const std::string& path) { return test::read_text_file(path); }
}  // namespace

class TestRecordFormat : public QObject {
    Q_OBJECT
    std::string dir_ = test::temp_dir("record-test");

private slots:
    void cleanupTestCase() { std::filesystem::remove_all(dir_); }

    void every_real_frame_comes_back_exactly() {
        std::vector<Expected> frames = as_expected(test::real_aggtrade_frames());
        for (const Expected& f : as_expected(test::real_trade_frames(), "BTCUSDT-trades")) frames.push_back(f);
        // Every documented exchange example, pretty-printed over several lines as published.
        std::int64_t t = frames.back().time;
        for (const auto& entry : std::filesystem::directory_iterator(test::ws_data("exchange-examples")))
            frames.push_back({++t, Exchange::Okx, entry.path().filename().string(), test::read_text_file(entry.path())});
        // Numbers the template cannot rebuild must survive too (kept as literal text or verbatim).
        for (const char* odd : {"", "007", "00.5", "1.", "0.000", "-12.50", "1e-8", "12345678901234567890123",
                                "999999999999999999", "1000000000000000000", "\x01\x02 marker", "{\"p\":\"9682.00\"}\n",
                                "\xE2\x82\xBF 0.10"})
            frames.push_back({++t, Exchange::Kraken, "BTC/USD", odd});
        const std::string path = dir_ + "/roundtrip.fsrec";
        QCOMPARE(write_recording(path, frames, small_blocks(1000)), std::string());
        std::string error;
        auto r = test::or_error(RecordingReader::open(path), error);
        QVERIFY2(r, error.c_str());
        QVERIFY(r->indexed_from_footer());
        QVERIFY(r->issues().empty());
        QCOMPARE(r->frame_count(), std::uint64_t(frames.size()));
        const auto back = read_all(*r);
        for (const RecordingIssue& issue : r->issues()) qWarning("%s", issue.describe().c_str());
        QCOMPARE(back.size(), frames.size());
        for (std::size_t i = 0; i < frames.size(); ++i)
            QVERIFY2(same(back[i], frames[i]), ("frame " + std::to_string(i) + " differs: " + frames[i].text).c_str());
    }

    void aggtrade_costs_at_most_12_bytes_on_disk() {
        const auto frames = as_expected(test::real_aggtrade_frames());
        const std::string path = dir_ + "/size.fsrec";
        RecordingWriterOptions o;
        o.flush_interval_us = 0;  // a busy stream fills blocks by size before the 1 s flush
        QCOMPARE(write_recording(path, frames, o), std::string());
        const double per_frame = double(std::filesystem::file_size(path)) / double(frames.size());
        qInfo("real aggTrade frames: %.2f bytes per frame on disk (text %.1f bytes)", per_frame,
              double(frames.front().text.size()));
        QVERIFY(per_frame <= 12.0);
    }

    void a_file_cut_at_every_byte_reads_its_complete_blocks() {
        auto all = as_expected(test::real_aggtrade_frames());
        const std::vector<Expected> frames(all.begin(), all.begin() + 120);
        const std::string path = dir_ + "/cut.fsrec";
        QCOMPARE(write_recording(path, frames, small_blocks(25)), std::string());
        const std::string bytes = file_bytes(path);
        std::string error;
        auto whole = test::or_error(RecordingReader::from_bytes(bytes, "whole"), error);
        QVERIFY(whole);
        const auto blocks = whole->blocks();
        QCOMPARE(blocks.size(), std::size_t{5});
        for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
            auto r = test::or_error(RecordingReader::from_bytes(bytes.substr(0, cut), "cut"), error);
            if (cut < blocks.front().offset) {
                QVERIFY2(!r, ("a cut header must be refused, at " + std::to_string(cut)).c_str());
                QVERIFY(!error.empty());
                continue;
            }
            QVERIFY(r);
            const auto back = read_all(*r);
            QVERIFY2(back.size() <= frames.size(), std::to_string(cut).c_str());
            for (std::size_t i = 0; i < back.size(); ++i) QVERIFY(same(back[i], frames[i]));
            QVERIFY2(!r->issues().empty(), ("the cut at " + std::to_string(cut) + " is not reported").c_str());
            // Every block that fits entirely before the cut is read back.
            std::size_t expected = 0;
            for (std::size_t b = 0; b < blocks.size(); ++b) {
                const std::uint64_t end = b + 1 < blocks.size() ? blocks[b + 1].offset : footer_offset(bytes);
                if (end <= cut) expected += blocks[b].frame_count;
            }
            QCOMPARE(back.size(), expected);
        }
        // The whole file is clean.
        QVERIFY(whole->issues().empty());
        QCOMPARE(read_all(*whole).size(), frames.size());
    }

    void a_flipped_byte_is_reported_and_skipped() {
        auto all = as_expected(test::real_aggtrade_frames());
        const std::vector<Expected> frames(all.begin(), all.begin() + 400);
        const std::string path = dir_ + "/flip.fsrec";
        QCOMPARE(write_recording(path, frames, small_blocks(100)), std::string());
        const std::string bytes = file_bytes(path);
        std::string error;
        const auto blocks = test::or_error(RecordingReader::from_bytes(bytes, "x"), error)->blocks();
        QCOMPARE(blocks.size(), std::size_t{4});
        // In a payload (footer present), in a header (footer present), in a payload without footer,
        // in a header without footer (the reader must resync on the next block magic).
        for (int variant = 0; variant < 4; ++variant) {
            std::string damaged = variant < 2 ? bytes : bytes.substr(0, footer_offset(bytes));
            const std::uint64_t at = blocks[1].offset + (variant % 2 == 0 ? kBlockHeaderSize + 20 : 14);
            damaged[at] = static_cast<char>(damaged[at] ^ 0x10);
            auto r = test::or_error(RecordingReader::from_bytes(damaged, "flipped.fsrec"), error);
            QVERIFY(r);
            const auto back = read_all(*r);
            QCOMPARE(back.size(), std::size_t{300});
            for (std::size_t i = 0; i < 100; ++i) QVERIFY(same(back[i], frames[i]));
            for (std::size_t i = 100; i < 300; ++i) QVERIFY(same(back[i], frames[i + 100]));
            bool reported = false;
            for (const RecordingIssue& issue : r->issues()) {
                qInfo("variant %d: %s", variant, issue.describe().c_str());
                if (issue.damage && issue.offset == blocks[1].offset && issue.file == "flipped.fsrec") reported = true;
            }
            QVERIFY2(reported, ("variant " + std::to_string(variant)).c_str());
        }
    }

    void a_newer_format_version_is_refused_clearly() {
        const std::string path = dir_ + "/newer.fsrec";
        QCOMPARE(write_recording(path, as_expected(test::real_aggtrade_frames()), small_blocks(1000)), std::string());
        FileHeader h;
        h.version = kFormatVersion + 1;
        h.exchange = Exchange::BinanceFutures;
        h.symbol = "BTCUSDT";
        std::string bytes = file_bytes(path);
        const std::string header = encode_file_header(h);
        bytes.replace(0, header.size(), header);
        std::string error;
        QVERIFY(!test::or_error(RecordingReader::from_bytes(bytes, "newer.fsrec"), error));
        QVERIFY2(error.find("newer") != std::string::npos && error.find("version 2") != std::string::npos, error.c_str());
        QVERIFY(!test::or_error(RecordingReader::from_bytes("{\"e\":\"aggTrade\"}", "text.json"), error));
        QVERIFY2(error.find("not a flowscope recording") != std::string::npos, error.c_str());
        QVERIFY(!test::or_error(RecordingReader::open(dir_ + "/missing.fsrec"), error));
        QVERIFY2(error.find("missing.fsrec") != std::string::npos, error.c_str());
    }

    void seek_lands_on_the_first_frame_at_or_after_the_time() {
        const auto frames = as_expected(test::real_aggtrade_frames());
        const std::string path = dir_ + "/seek.fsrec";
        QCOMPARE(write_recording(path, frames, small_blocks(64)), std::string());
        std::string error;
        auto r = test::or_error(RecordingReader::open(path), error);
        QVERIFY(r);
        std::mt19937_64 rng(42);
        std::uniform_int_distribution<std::int64_t> when(frames.front().time - 1'000'000, frames.back().time + 1'000'000);
        FrameCursor c(*r);
        for (int i = 0; i < 500; ++i) {
            const std::int64_t t = i == 0 ? frames[700].time : when(rng);
            c.seek(t);
            const auto it = std::lower_bound(frames.begin(), frames.end(), t,
                                             [](const Expected& f, std::int64_t v) { return f.time < v; });
            RecordedFrame f;
            const bool got = c.next(f);
            QCOMPARE(got, it != frames.end());
            if (got) {
                QCOMPARE(f.receive_time_us, it->time);
                QCOMPARE(std::string(f.text), it->text);
            }
        }
    }

    void daily_files_rotate_at_utc_midnight_and_never_overwrite() {
        const std::string dir = dir_ + "/daily";
        const std::int64_t midnight = 1582416000'000'000;  // 2020-02-23 00:00 UTC
        {
            DailyRecorder rec(dir, Exchange::BinanceFutures, "BTCUSDT");
            QVERIFY(rec.append(midnight - 1, "{\"a\":1}"));
            QVERIFY(rec.append(midnight, "{\"a\":2}"));
            QCOMPARE(std::filesystem::path(rec.current_path()).filename().string(),
                     std::string("binance-futures-BTCUSDT-2020-02-23.fsrec"));
            QVERIFY(rec.close());
        }
        QVERIFY(std::filesystem::exists(dir + "/binance-futures-BTCUSDT-2020-02-22.fsrec"));
        {
            DailyRecorder rec(dir, Exchange::BinanceFutures, "BTCUSDT");
            QVERIFY(rec.append(midnight + 5, "{\"a\":3}"));
            QCOMPARE(std::filesystem::path(rec.current_path()).filename().string(),
                     std::string("binance-futures-BTCUSDT-2020-02-23.1.fsrec"));
        }
        std::string error;
        auto r = test::or_error(RecordingReader::open(dir + "/binance-futures-BTCUSDT-2020-02-23.fsrec"), error);
        QVERIFY(r);
        const auto back = read_all(*r);
        QCOMPARE(back.size(), std::size_t{1});
        QCOMPARE(back[0].text, std::string("{\"a\":2}"));
        QCOMPARE(recording_file_name(Exchange::Kraken, "BTC/USD", 0), std::string("kraken-BTC_USD-1970-01-01.fsrec"));
    }

    void a_killed_recorder_loses_at_most_the_flush_interval() {
        // The real frames arriving 2 ms apart: 1,000 frames span two flush intervals.
        auto frames = as_expected(test::real_aggtrade_frames());
        for (std::size_t i = 0; i < frames.size(); ++i) frames[i].time = frames[0].time + std::int64_t(i) * 2000;
        const std::string path = dir_ + "/killed.fsrec";
        std::filesystem::remove(path);
        std::string error;
        auto w = test::or_error(RecordingWriter::create(path, Exchange::BinanceFutures, "BTCUSDT", RecordingWriterOptions{}), error);
        QVERIFY(w);
        std::size_t n = 0;
        for (; n < 1000; ++n) QVERIFY(w->append({frames[n].time, Exchange::BinanceFutures, "BTCUSDT", frames[n].text}));
        // Read the file while the writer still holds it open: what a kill -9 now would leave.
        auto r = test::or_error(RecordingReader::open(path), error);
        QVERIFY(r);
        const auto back = read_all(*r);
        QVERIFY(back.size() < n);
        QVERIFY(!back.empty());
        QVERIFY2(frames[n - 1].time - frames[back.size()].time < 1'000'000,
                 "frames older than the flush interval must be on disk");
        for (std::size_t i = 0; i < back.size(); ++i) QVERIFY(same(back[i], frames[i]));
        QVERIFY(!r->indexed_from_footer());
        w.reset();
    }

    void a_quiet_stream_is_compacted_on_close() {
        // The real hour at its own pace (about one frame a second): 1 s flushes make tiny blocks,
        // and close() rewrites them into full ones.
        const auto frames = as_expected(test::real_aggtrade_frames());
        const std::string path = dir_ + "/quiet.fsrec";
        RecordingWriterOptions live;
        live.compact_on_close = false;
        QCOMPARE(write_recording(path, frames, live), std::string());
        const auto uncompacted = std::filesystem::file_size(path);
        QCOMPARE(write_recording(path, frames, RecordingWriterOptions{}), std::string());
        const auto compacted = std::filesystem::file_size(path);
        qInfo("real pace: %.2f bytes per frame as flushed, %.2f after compaction", double(uncompacted) / double(frames.size()),
              double(compacted) / double(frames.size()));
        QVERIFY(double(compacted) / double(frames.size()) <= 12.0);
        QVERIFY(compacted < uncompacted / 3);
        std::string error;
        auto r = test::or_error(RecordingReader::open(path), error);
        QVERIFY(r && r->indexed_from_footer() && r->issues().empty());
        const auto back = read_all(*r);
        QCOMPARE(back.size(), frames.size());
        for (std::size_t i = 0; i < frames.size(); ++i) QVERIFY(same(back[i], frames[i]));
        QVERIFY(!std::filesystem::exists(path + ".compacting"));
    }

    void compaction_leaves_a_damaged_recording_alone() {
        const auto frames = as_expected(test::real_aggtrade_frames());
        const std::string path = dir_ + "/damaged-quiet.fsrec";
        RecordingWriterOptions live;
        live.compact_on_close = false;
        QCOMPARE(write_recording(path, frames, live), std::string());
        std::string bytes = file_bytes(path);
        bytes[bytes.size() / 2] ^= 0x01;
        std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
        std::string why_not;
        QVERIFY(!test::or_error(compact_recording(path), why_not));
        QVERIFY2(why_not.find("problems") != std::string::npos, why_not.c_str());
        QCOMPARE(file_bytes(path), bytes);
    }

private:
    static std::uint64_t footer_offset(const std::string& bytes) {
        std::uint64_t index_offset = 0;
        return decode_index(bytes, index_offset) ? index_offset : bytes.size();
    }
};

QTEST_GUILESS_MAIN(TestRecordFormat)
#include "test_record_format.moc"
