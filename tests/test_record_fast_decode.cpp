// Replay builds canonical Binance trade frames' trades straight from their stored numbers
// (record/binance_template.hpp). Held here to the live parser: for every frame of the real capture
// and for frames made to sit on every edge of the rule, the trade must be exactly the one the
// live Binance adapter makes of the frame's text, and every other frame must come back as text.
#include <QtTest>

#include <filesystem>

#include "net/exchange_adapter.hpp"
#include "record/recording_reader.hpp"
#include "record/recording_writer.hpp"
#include "support/test_data.hpp"

using namespace flowscope;
using namespace flowscope::record;

namespace {
std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
    return s;
}

// Variants of a real frame around every edge of the fast path: each must either take it with
// the parser's exact trade or fall back to the text.
std::vector<std::string> edge_frames(const std::string& agg, const std::string& trade) {
    std::vector<std::string> out;
    const auto swap = [&](const std::string& from, const std::string& to) { out.push_back(replace_all(agg, from, to)); };
    out.push_back(R"({"stream":"btcusdt@aggTrade","data":)" + agg + "}");
    out.push_back(R"({"stream":"btcusdt@trade","data":)" + trade + "}");
    out.push_back(R"({"stream":"1000shibusdt@aggTrade","data":)" + agg + "}");
    swap(R"("m":false)", R"("m":true)");
    swap(R"("m":false)", R"("m":true,"M":true)");
    swap(R"("m":false)", R"("m":false,"st":0)");
    swap(R"("m":false)", R"("m":false,"X":"MARKET")");
    swap(R"("m":false)", R"("m":false,"b":12,"t":5)");
    swap(R"("m":false)", R"("m":0)");
    swap(R"("m":false)", R"("m":"false")");
    swap(R"("m":false)", R"("m":false,"m":true)");      // duplicate key
    swap(R"("m":false)", R"("m":false,"x":1)");         // unknown key
    swap(R"("m":false)", R"("m":false,"st":"x")");
    swap(R"("m":false)", R"("m":false })");
    swap(R"(,"m":false)", "");                           // no maker flag
    swap(R"("e":"aggTrade")", R"("e":"trade")");        // a trade event without its `t`
    swap(R"("e":"aggTrade")", R"("e":"AggTrade")");
    swap(R"("e":"aggTrade")", R"("e":"agg\u0054rade")");
    swap(R"("s":"BTCUSDT")", R"("s":"1000SHIBUSDT")");  // a digit in the symbol
    swap(R"("s":"BTCUSDT")", R"("s":"")");
    swap(R"("s":"BTCUSDT")", R"("s":"ABCDEFGHIJKLMNOPQRSTUVW")");   // 23 characters: fits
    swap(R"("s":"BTCUSDT")", R"("s":"ABCDEFGHIJKLMNOPQRSTUVWX")");  // 24: does not
    swap(R"("s":"BTCUSDT")", R"("s":"BTC\"USDT")");
    swap(R"("s":"BTCUSDT")", "\"s\":\"BTC\x7fUSDT\"");
    swap(R"("s":"BTCUSDT")", R"("s":7)");
    swap(R"("p":"9682.00")", R"("p":"0.00")");
    swap(R"("p":"9682.00")", R"("p":"0")");
    swap(R"("p":"9682.00")", R"("p":"9682")");
    swap(R"("p":"9682.00")", R"("p":"9682.")");
    swap(R"("p":"9682.00")", R"("p":"09682.00")");
    swap(R"("p":"9682.00")", R"("p":"-9682.00")");
    swap(R"("p":"9682.00")", R"("p":"9682.12345678")");
    swap(R"("p":"9682.00")", R"("p":"9682.123456789")");
    swap(R"("p":"9682.00")", R"("p":"9682.100000000")");
    swap(R"("p":"9682.00")", R"("p":"9999999999.99")");   // 10 integer digits
    swap(R"("p":"9682.00")", R"("p":"10000000000.00")");  // 11
    swap(R"("p":"9682.00")", R"("p":"1e3")");
    swap(R"("p":"9682.00")", R"("p":9682.00)");
    swap(R"("p":"9682.00")", R"("p":"9682.00 ")");
    swap(R"("q":"0.132")", R"("q":"0.000")");
    swap(R"("q":"0.132")", R"("q":"0.00000001")");
    swap(R"("q":"0.132")", R"("q":"99999999999")");
    swap(R"("q":"0.132")", R"("q":"1234567890.12345678")");
    swap(R"("T":1582329602111)", R"("T":0)");
    swap(R"("T":1582329602111)", R"("T":99999999999999)");    // 14 digits: the largest time
    swap(R"("T":1582329602111)", R"("T":100000000000000)");   // 15
    swap(R"("T":1582329602111)", R"("T":1582329602111.5)");
    swap(R"("T":1582329602111)", R"("T":-1)");
    swap(R"("T":1582329602111)", R"("T":01582329602111)");
    swap(R"("a":26000000)", R"("a":0)");
    swap(R"("a":26000000)", R"("a":999999999999999999)");
    swap(R"("a":26000000)", R"("a":1000000000000000000)");
    swap(R"("a":26000000)", R"("a":"26000000")");
    swap(R"("a":26000000)", R"("a":26000000.0)");
    swap(R"("E":1582329602418)", R"("E":1.5)");
    swap(R"("E":1582329602418,)", "");
    swap(R"({"e")", R"({ "e")");
    swap(R"({"e":"aggTrade",)", R"({"e":"aggTrade", )");
    out.push_back(agg + " ");
    out.push_back(agg + "}");
    out.push_back("[" + agg + "]");
    // Keys in another order: still canonical for the scanner.
    out.push_back(R"({"s":"BTCUSDT","m":true,"q":"1.5","p":"100.25","T":1582329602111,"a":42,"e":"aggTrade"})");
    // Cut at every length, and every byte changed in turn.
    for (std::size_t n = 0; n < agg.size(); ++n) out.push_back(agg.substr(0, n));
    for (std::size_t i = 0; i < agg.size(); ++i)
        for (char c : {'0', '9', '"', ',', ':', '.', '-', ' ', '}', 'x'}) {
            std::string s = agg;
            s[i] = c;
            out.push_back(s);
        }
    return out;
}

struct Outcome {
    std::size_t frames = 0;
    std::size_t fast = 0;  // frames that came back as trades
    std::size_t by_print[5] = {};  // those trades by Trade::print
};

// Records the frames as one stream, reads them back both ways and compares every frame.
Outcome check_recording(const std::string& path, Exchange exchange, const std::vector<test::RealFrame>& frames,
                        std::string& failure) {
    std::filesystem::remove(path);
    std::string error;
    RecordingWriterOptions o;
    o.flush_interval_us = 0;
    o.max_block_frames = 4096;
    auto w = test::or_error(RecordingWriter::create(path, exchange, "BTCUSDT", o), error);
    if (!w) return failure = error, Outcome{};
    for (const auto& f : frames)
        if (!w->append(RecordedFrame{f.receive_time_us, exchange, "BTCUSDT", f.text})) return failure = w->error(), Outcome{};
    if (!w->close()) return failure = w->error(), Outcome{};

    auto reader = test::or_error(RecordingReader::open(path), error);
    if (!reader) return failure = error, Outcome{};
    FrameCursor text_cursor(*reader);
    FrameCursor fast_cursor(*reader);
    auto adapter = make_adapter(exchange);
    Outcome outcome;
    RecordedFrame as_text, as_fast;
    std::vector<Trade> parsed, fast;
    for (std::size_t i = 0; text_cursor.next(as_text); ++i) {
        const std::string where = "frame " + std::to_string(i) + " " + std::string(as_text.text) + ": ";
        parsed.clear();
        fast.clear();
        const FrameResult live = adapter->parse(as_text.text, as_text.receive_time_us, parsed);
        const NextFrame got = fast_cursor.next_decoded(as_fast, fast);
        ++outcome.frames;
        if (as_text.text != frames[i].text) return failure = where + "text does not round-trip", outcome;
        if (as_fast.receive_time_us != as_text.receive_time_us || as_fast.exchange != exchange ||
            as_fast.symbol != as_text.symbol)
            return failure = where + "time or stream differ", outcome;
        if (got == NextFrame::Text) {
            if (!fast.empty() || as_fast.text != as_text.text) return failure = where + "text path differs", outcome;
            continue;
        }
        if (got != NextFrame::Trade) return failure = where + "ended early", outcome;
        ++outcome.fast;
        for (const Trade& t : fast) ++outcome.by_print[static_cast<int>(t.print)];
        if (live.kind != FrameKind::Trades || parsed.size() != 1 || fast.size() != 1 || !test::same_trade(parsed[0], fast[0]))
            return failure = where + "the fast trade differs from the parser's", outcome;
    }
    if (outcome.frames != frames.size()) failure = "frame count differs";
    return outcome;
}

std::vector<test::RealFrame> with_times(const std::vector<std::string>& texts, std::int64_t start) {
    std::vector<test::RealFrame> frames;
    for (const std::string& t : texts) frames.push_back({start++, t});
    return frames;
}
}  // namespace

class TestRecordFastDecode : public QObject {
    Q_OBJECT
    std::string dir_ = test::temp_dir("fast-decode-test");

private slots:
    void cleanupTestCase() { std::filesystem::remove_all(dir_); }

    void every_real_aggtrade_frame_decodes_to_the_parsers_trade() {
        const auto frames = test::real_aggtrade_frames();
        for (Exchange e : {Exchange::BinanceFutures, Exchange::BinanceSpot}) {
            std::string failure;
            const Outcome o = check_recording(dir_ + "/agg.fsrec", e, frames, failure);
            QVERIFY2(failure.empty(), failure.c_str());
            QCOMPARE(o.fast, frames.size());  // every real frame takes the fast path
        }
    }

    void every_real_trade_frame_decodes_to_the_parsers_trade() {
        const auto frames = test::real_trade_frames();
        std::string failure;
        const Outcome o = check_recording(dir_ + "/trade.fsrec", Exchange::BinanceFutures, frames, failure);
        QVERIFY2(failure.empty(), failure.c_str());
        QCOMPARE(o.fast, frames.size());
    }

    void published_examples_and_edge_cases_match_the_parser() {
        const auto agg = test::real_aggtrade_frames();
        const auto trades = test::real_trade_frames();
        std::vector<std::string> texts = edge_frames(agg.front().text, trades.front().text);
        for (const auto& entry : std::filesystem::directory_iterator(test::ws_data("exchange-examples"))) {
            // As published (pretty-printed) and as sent (one line).
            const std::string text = test::read_text_file(entry.path().string());
            texts.push_back(text);
            std::string line;
            for (char c : text)
                if (c != '\n' && c != '\r') line += c;
            texts.push_back(line);
        }
        texts.push_back(R"({"result":null,"id":1})");
        texts.push_back(R"({"code":2,"msg":"Invalid request"})");
        std::string failure;
        const Outcome o = check_recording(dir_ + "/edges.fsrec", Exchange::BinanceFutures, with_times(texts, 1), failure);
        QVERIFY2(failure.empty(), failure.c_str());
        // Both paths were exercised.
        QVERIFY(o.fast > 20);
        QVERIFY(o.frames - o.fast > 1000);
    }

    // USD-M `trade` frames whose X is not MARKET: decoded from their numbers with the print the
    // live parser gives them (same_trade compares it), and counted here so that the test would
    // notice if every frame quietly fell back to the text.
    void prints_that_are_not_aggression_decode_as_the_parser_reads_them() {
        auto frames = test::real_trade_frames();
        const char* const kinds[] = {"INSURANCE_FUND", "ADL", "NA", "MARKET"};
        for (std::size_t i = 0; i < frames.size(); ++i)
            frames[i].text = replace_all(frames[i].text, R"("X":"MARKET")", "\"X\":\"" + std::string(kinds[i % 4]) + "\"");
        std::string failure;
        const Outcome o = check_recording(dir_ + "/not-aggression.fsrec", Exchange::BinanceFutures, frames, failure);
        QVERIFY2(failure.empty(), failure.c_str());
        QCOMPARE(o.fast, frames.size());
        QCOMPARE(o.by_print[int(Print::Aggression)], frames.size() / 4);
        QCOMPARE(o.by_print[int(Print::InsuranceFund)], (frames.size() + 3) / 4);
        QCOMPARE(o.by_print[int(Print::Deleveraging)], (frames.size() + 2) / 4);
        QCOMPARE(o.by_print[int(Print::Unmarked)], (frames.size() + 1) / 4);
    }

    void other_exchanges_never_take_the_fast_path() {
        std::string failure;
        const Outcome o =
            check_recording(dir_ + "/okx.fsrec", Exchange::Okx, test::real_aggtrade_frames(), failure);
        QVERIFY2(failure.empty(), failure.c_str());
        QCOMPARE(o.fast, std::size_t{0});
    }
};

QTEST_GUILESS_MAIN(TestRecordFastDecode)
#include "test_record_fast_decode.moc"
