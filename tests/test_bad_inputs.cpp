// Inputs the fuzzers and testers found (tests/data/bad/README.md says what each file is): every one
// is read to the end with a message that says what is wrong and where, never an abort, a hang or
// a silent wrong result.
#include <QtTest>

#include <vector>

#include "support/cli_run.hpp"
#include "record/recording_reader.hpp"
#include "support/test_data.hpp"

using namespace flowscope;
using namespace flowscope::record;

namespace {

const std::string kBad = std::string(FLOWSCOPE_TEST_DATA_DIR) + "/bad/";

using Run = flowscope::test::CliRun;
using flowscope::test::run_cli;

struct Read {
    std::unique_ptr<RecordingReader> reader;
    std::string error;
    std::uint64_t frames = 0;  // frames the cursor delivered
    std::vector<std::string> issues;
};

Read read_recording(const std::string& path) {
    Read r;
    r.reader = test::or_error(RecordingReader::open(path), r.error);
    if (!r.reader) return r;
    FrameCursor cursor(*r.reader);
    RecordedFrame frame;
    while (cursor.next(frame)) ++r.frames;
    for (const RecordingIssue& issue : r.reader->issues()) r.issues.push_back(issue.describe());
    return r;
}

QString joined(const std::vector<std::string>& lines) {
    QStringList out;
    for (const std::string& l : lines) out << QString::fromStdString(l);
    return out.join('\n');
}

}  // namespace

class TestBadInputs : public QObject {
    Q_OBJECT

private slots:
    // The footer's checksums are right, but its one entry puts the block at 2^64 − 8: the footer
    // is set aside with that said, and the block is found by scanning.
    void footer_offset_near_2pow64_is_reported_and_scanned_past() {
        const std::string path = kBad + "footer-offset-near-2pow64.fsrec";
        const Read r = read_recording(path);
        QVERIFY2(r.reader, r.error.c_str());
        QCOMPARE(r.frames, std::uint64_t{4});
        QCOMPARE(r.reader->damaged_blocks(), std::size_t{0});
        QCOMPARE(r.issues.size(), std::size_t{1});
        QCOMPARE(QString::fromStdString(r.issues[0]),
                 QString::fromStdString(path) +
                     ": offset 308: index footer entry 1 of 1 puts a block at offset 18446744073709551608, outside "
                     "the blocks (they end at offset 308); the footer is ignored and blocks found by scanning instead");
    }

    // A block header with a correct checksum claiming 4 GiB of payload is called what it is, and
    // reading goes on at the next block.
    void block_claiming_a_huge_size_is_called_impossible_not_a_checksum_mismatch() {
        const std::string path = kBad + "block-huge-size.fsrec";
        const Read r = read_recording(path);
        QVERIFY2(r.reader, r.error.c_str());
        const QString issues = joined(r.issues);
        QVERIFY2(!issues.contains("checksum"), qPrintable(issues));
        QVERIFY2(issues.contains(QString::fromStdString(path) +
                                 ": offset 317: block header claims 4294967280 compressed bytes, more than the "
                                 "67108864 a block may hold; skipped "),
                 qPrintable(issues));
        QCOMPARE(r.frames, r.reader->frame_count());  // every block but the impossible one
        QVERIFY(r.frames > 0);
    }

    // The commands that read recordings end normally on both files and name the file in what they
    // report (info on stdout, the others on stderr).
    void cli_reads_the_bad_recordings_without_aborting_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("command");
        for (const char* file : {"footer-offset-near-2pow64.fsrec", "block-huge-size.fsrec"})
            for (const char* command : {"info", "bars", "trades", "footprint"})
                QTest::newRow((std::string(command) + " " + file).c_str()) << QString(file) << QString(command);
    }
    void cli_reads_the_bad_recordings_without_aborting() {
        QFETCH(QString, file);
        QFETCH(QString, command);
        const QString path = QString::fromStdString(kBad) + file;
        QStringList args{command};
        if (command == "info") args << path;
        else args << "--input" << path;
        if (command == "trades") args << "--exchange" << "binance-futures";
        if (command == "footprint") args << "--bucket" << "1";
        const Run r = run_cli(args);
        QVERIFY2(r.exit_code != -1, qPrintable("crashed or hung: " + r.err));
        const QString report = r.out + r.err;
        QVERIFY2(report.contains(path + ": offset "), qPrintable(report));
        QVERIFY2(!report.contains("terminate") && !report.contains("out_of_range"), qPrintable(report));
    }
};

QTEST_GUILESS_MAIN(TestBadInputs)
#include "test_bad_inputs.moc"
