// Bad input: every damaged line is reported with file and line, counted, and skipped (or stops
// the read on request); hopeless files fail with a message that names them. Nothing is lost silently.
#include <QtTest>

#include <fstream>

#include "io/trade_file.hpp"

using namespace flowscope;

namespace {

const std::string kBad = std::string(FLOWSCOPE_TEST_DATA_DIR) + "/bad/";

struct Read {
    TradeFileResult result;
    std::vector<Trade> trades;
    int starts = 0;
};

Read read_all(const std::string& path, TradeFileOptions options = {}) {
    Read r;
    r.result = read_trade_file(
        path, options, [&](const TradeFileResult&) { ++r.starts; },
        [&](std::span<const Trade> batch) { r.trades.insert(r.trades.end(), batch.begin(), batch.end()); });
    return r;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

class TestTradeFilesBad : public QObject {
    Q_OBJECT

private slots:
    void malformed_lines_are_reported_and_skipped() {
        const std::string path = kBad + "malformed-aggTrades.csv";
        const Read r = read_all(path);
        QVERIFY2(r.result.ok, r.result.error.c_str());
        QCOMPARE(r.result.lines, std::uint64_t{15});
        QCOMPARE(r.result.trades, std::uint64_t{9});
        QCOMPARE(r.trades.size(), std::size_t{9});
        QCOMPARE(r.result.skipped, std::uint64_t{5});
        QCOMPARE(r.result.issues.size(), std::size_t{5});
        const std::vector<std::pair<std::uint64_t, std::string>> expected{
            {5, "bad price '96x2.19'"},
            {8, "expected 7 columns, found 6"},
            {9, "empty line"},
            {12, "bad is_buyer_maker 'maybe' (expected true or false)"},
            {13, "bad quantity '-0.001'"},
        };
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(r.result.issues[i].file, path);
            QCOMPARE(r.result.issues[i].line, expected[i].first);
            QCOMPARE(r.result.issues[i].message, expected[i].second);
        }
        QCOMPARE(describe_issue(r.result.issues[0]), path + ":5: bad price '96x2.19'");
        // The good lines around the bad ones all arrive, in file order.
        const std::vector<std::string> ids{"26000000", "26000001", "26000002", "26000004", "26000005",
                                           "26000006", "26000007", "26000010", "26000011"};
        for (std::size_t i = 0; i < ids.size(); ++i) QCOMPARE(std::string(r.trades[i].id.text.view()), ids[i]);
        QCOMPARE(format_quantity(r.trades[7].quantity), std::string("0.001"));
    }

    void stop_on_error_stops_at_the_first_bad_line_keeping_what_came_before() {
        TradeFileOptions o;
        o.stop_on_error = true;
        const std::string path = kBad + "malformed-aggTrades.csv";
        const Read r = read_all(path, o);
        QVERIFY(!r.result.ok);
        QCOMPARE(r.result.error, path + ":5: bad price '96x2.19' (stopped at the first bad line)");
        QCOMPARE(r.result.skipped, std::uint64_t{1});
        QCOMPARE(r.result.trades, std::uint64_t{3});
        QCOMPARE(r.trades.size(), std::size_t{3});
        QCOMPARE(r.starts, 1);
    }

    void bad_side_in_tardis_is_reported() {
        const std::string path = kBad + "tardis-bad-side.csv";
        const Read r = read_all(path);
        QVERIFY(r.result.ok);
        QCOMPARE(r.result.trades, std::uint64_t{4});
        QCOMPARE(r.result.skipped, std::uint64_t{1});
        QCOMPARE(describe_issue(r.result.issues[0]), path + ":4: bad side 'unknown' (expected buy or sell)");
    }

    void hopeless_files_fail_with_a_message_naming_them_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << "empty.csv" << "empty.csv: empty file, no trades";
        QTest::newRow("header only") << "header-only.csv" << "header-only.csv: header only, no trades";
        QTest::newRow("not trades") << "not-trades.csv" << "not-trades.csv:1: not a trade file: unknown header";
        QTest::newRow("missing") << "no-such-file.csv" << "no-such-file.csv: cannot open: No such file or directory";
        QTest::newRow("directory") << "." << "/.: is a directory";
    }
    void hopeless_files_fail_with_a_message_naming_them() {
        QFETCH(QString, file);
        QFETCH(QString, message);
        const Read r = read_all(kBad + file.toStdString());
        QVERIFY(!r.result.ok);
        QVERIFY2(contains(r.result.error, kBad.substr(0, kBad.size() - 1)), r.result.error.c_str());
        QVERIFY2(contains(r.result.error, message.toStdString()), r.result.error.c_str());
        QCOMPARE(r.starts, 0);
        QVERIFY(r.trades.empty());
    }

    void only_bad_lines_fail_naming_the_first() {
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/all-bad.csv").toStdString();
        std::ofstream(path) << "id,price,qty,quote_qty,time,is_buyer_maker\n1,x,1,1,1582329602111,true\n2,1,1,1\n";
        const Read r = read_all(path);
        QVERIFY(!r.result.ok);
        QCOMPARE(r.result.skipped, std::uint64_t{2});
        QCOMPARE(r.result.error, path + ": no valid trade in 2 data lines (first: " + path + ":2: bad price 'x')");
    }

    void unsorted_input_is_accepted_and_counted() {
        const Read r = read_all(kBad + "unsorted-trades.csv");
        QVERIFY(r.result.ok);
        QCOMPARE(r.result.trades, std::uint64_t{7});
        QCOMPARE(r.result.skipped, std::uint64_t{0});
        QCOMPARE(r.result.out_of_order, std::uint64_t{3});
        QCOMPARE(r.trades[3].id.number.value(), std::uint64_t{42377946});  // file order is kept
    }

    void issues_beyond_the_first_hundred_are_counted() {
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/many-bad.csv").toStdString();
        {
            std::ofstream out(path);
            out << "id,price,qty,quote_qty,time,is_buyer_maker\n";
            for (int i = 0; i < 250; ++i) out << i << ",9682,0.1,968.2,1582329602111,false\n" << i << ",oops\n";
        }
        const Read r = read_all(path);
        QVERIFY(r.result.ok);
        QCOMPARE(r.result.trades, std::uint64_t{250});
        QCOMPARE(r.result.skipped, std::uint64_t{250});
        QCOMPARE(r.result.issues.size(), kMaxTradeFileIssues);
        QCOMPARE(r.result.issues.back().line, std::uint64_t{201});
    }
};

QTEST_GUILESS_MAIN(TestTradeFilesBad)
#include "test_trade_files_bad.moc"
