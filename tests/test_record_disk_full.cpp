// The disk fills up under the recorder: it stops with a message naming the file, and the file it
// leaves ends on its last whole block, so it reads back without damage and holds every frame
// written before. A full disk takes part of a block before refusing the rest; the file size
// limit of this process (RLIMIT_FSIZE, SIGXFSZ ignored) fails writes the same way, with EFBIG.
// When a new day's file cannot even take its header, no file is left behind.
#include <QtTest>

#include <sys/resource.h>

#include <csignal>
#include <filesystem>
#include <limits>

#include "record/daily_recorder.hpp"
#include "record/recording_reader.hpp"
#include "support/test_data.hpp"

using namespace flowscope;
using namespace flowscope::record;

class TestRecordDiskFull : public QObject {
    Q_OBJECT
    std::string dir_ = test::temp_dir("disk-full");

private slots:
    void cleanupTestCase() { std::filesystem::remove_all(dir_); }

    void a_full_disk_leaves_whole_blocks_only() {
        const auto frames = test::real_aggtrade_frames();
        QVERIFY(frames.size() > 3000);
        DailyRecorder recorder(dir_, Exchange::BinanceFutures, "BTCUSDT");
        for (std::size_t i = 0; i < 1000; ++i) QVERIFY(recorder.append(frames[i].receive_time_us, frames[i].text));
        QVERIFY(recorder.flush_if_due(std::numeric_limits<std::int64_t>::max() / 2));
        const std::string path = recorder.current_path();
        const std::uint64_t on_disk = std::filesystem::file_size(path);

        // Room for 20 more bytes: less than any block, so the next block's write is cut short.
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit saved{};
        QVERIFY(getrlimit(RLIMIT_FSIZE, &saved) == 0);
        rlimit full = saved;
        full.rlim_cur = static_cast<rlim_t>(on_disk + 20);
        QVERIFY(setrlimit(RLIMIT_FSIZE, &full) == 0);
        bool refused = false;
        for (std::size_t i = 1000; i < 3000 && !refused; ++i) refused = !recorder.append(frames[i].receive_time_us, frames[i].text);
        if (!refused) refused = !recorder.flush_if_due(std::numeric_limits<std::int64_t>::max() / 2);
        const bool closed = recorder.close();
        setrlimit(RLIMIT_FSIZE, &saved);

        QVERIFY(refused);
        QVERIFY(!closed);
        QVERIFY2(recorder.error().find("cannot write " + path + ": File too large") != std::string::npos, recorder.error().c_str());
        QCOMPARE(std::filesystem::file_size(path), on_disk);  // the cut block is gone
        QCOMPARE(recorder.bytes_written(), on_disk);

        auto reader = RecordingReader::open(path);
        QVERIFY2(reader, reader ? "" : reader.error().c_str());
        for (const auto& issue : (*reader)->issues()) QVERIFY2(!issue.damage, issue.describe().c_str());
        FrameCursor cursor(**reader);
        RecordedFrame frame;
        std::size_t n = 0;
        while (cursor.next(frame)) {
            QVERIFY(n < 1000);
            QCOMPARE(frame.receive_time_us, frames[n].receive_time_us);
            QCOMPARE(std::string(frame.text), frames[n].text);
            ++n;
        }
        QCOMPARE(n, std::size_t(1000));
    }

    void a_full_disk_at_midnight_leaves_no_file_that_is_not_a_recording() {
        const auto frames = test::real_aggtrade_frames();
        const std::string dir = dir_ + "/midnight";
        DailyRecorder recorder(dir, Exchange::BinanceFutures, "BTCUSDT");
        for (std::size_t i = 0; i < 100; ++i) QVERIFY(recorder.append(frames[i].receive_time_us, frames[i].text));
        QVERIFY(recorder.flush_if_due(std::numeric_limits<std::int64_t>::max() / 2));
        const std::string first_day = recorder.current_path();

        // The disk is full when the next day begins: not even a new file's header fits, however
        // often the recorder tries.
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit saved{};
        QVERIFY(getrlimit(RLIMIT_FSIZE, &saved) == 0);
        rlimit full = saved;
        full.rlim_cur = 10;
        QVERIFY(setrlimit(RLIMIT_FSIZE, &full) == 0);
        constexpr std::int64_t kDayUs = 86'400'000'000;
        int refused = 0;
        for (std::size_t i = 100; i < 150; ++i) refused += recorder.append(frames[i].receive_time_us + kDayUs, frames[i].text) ? 0 : 1;
        recorder.close();
        setrlimit(RLIMIT_FSIZE, &saved);

        QCOMPARE(refused, 50);
        QVERIFY2(recorder.error().find("File too large") != std::string::npos, recorder.error().c_str());
        std::vector<std::string> files;
        for (const auto& entry : std::filesystem::directory_iterator(dir)) files.push_back(entry.path().string());
        QVERIFY2(files.size() == 1, qPrintable(QString("%1 files in the folder").arg(files.size())));
        QCOMPARE(files, std::vector<std::string>{first_day});
        auto reader = RecordingReader::open(first_day);
        QVERIFY2(reader, reader ? "" : reader.error().c_str());
        for (const auto& issue : (*reader)->issues()) QVERIFY2(!issue.damage, issue.describe().c_str());
        QCOMPARE((*reader)->frame_count(), std::uint64_t(100));
    }
};

QTEST_GUILESS_MAIN(TestRecordDiskFull)
#include "test_record_disk_full.moc"
