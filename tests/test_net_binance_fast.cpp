// The Binance fast path (net/binance_fast_scan) against the simdjson path it short-cuts: on every
// real frame it must take the frame and make the identical Trade; on anything else (truncated,
// corrupted, reordered, re-spaced, escaped, out-of-range) the public parse must answer exactly as
// the simdjson path does, and a truncated frame must never be taken by the fast path.
#include <QtTest>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>

#include "net/binance_fast_scan.hpp"
#include "net/binance_frame.hpp"
#include "support/test_data.hpp"

using namespace flowscope;
using namespace flowscope::net_detail;

namespace {

std::vector<std::string> agg_hour() { return test::read_lines(test::data_path("ws/binance-futures-btcusdt-aggTrade-2020-02-22T00.ndjson")); }
std::vector<std::string> trade_hour() { return test::read_lines(test::data_path("ws/binance-futures-btcusdt-trade-2020-02-22T00.ndjson")); }

const char* const kExamples[] = {"binance-futures-aggTrade.json", "binance-futures-trade.json",
                                 "binance-spot-aggTrade-combined.json", "binance-spot-trade-combined.json"};

std::string example(const std::string& name) { return test::read_text_file(test::data_path("ws/exchange-examples/" + name)); }

// The example as Binance sends it on the wire: the pretty-printing removed (no string in these
// examples holds whitespace).
std::string compact(const std::string& text) {
    std::string out;
    for (char c : text)
        if (!std::isspace(static_cast<unsigned char>(c))) out.push_back(c);
    return out;
}

std::string combined(const std::string& stream, const std::string& event) {
    return R"({"stream":")" + stream + R"(","data":)" + event + "}";
}

// Real frames in every layout the fast path is meant to take.
std::vector<std::string> canonical_samples() {
    std::vector<std::string> frames;
    const auto agg = agg_hour(), trades = trade_hour();
    for (std::size_t i = 0; i < 20; ++i) {
        frames.push_back(agg[i * 211]);
        frames.push_back(trades[i * 197]);
    }
    frames.push_back(combined("btcusdt@aggTrade", agg[7]));
    frames.push_back(combined("btcusdt@trade", trades[7]));
    for (const char* name : kExamples) frames.push_back(compact(example(name)));
    return frames;
}

std::string describe(const Trade& t) {
    std::ostringstream s;
    s << exchange_name(t.exchange) << ' ' << t.symbol.view() << " id=" << t.id.text.view() << '/'
      << (t.id.number ? std::to_string(*t.id.number) : "none") << " T=" << t.exchange_time_us
      << " recv=" << t.receive_time_us << " p=" << format_price(t.price) << " q=" << format_quantity(t.quantity)
      << ' ' << side_name(t.aggressor) << ' ' << print_name(t.print);
    return s.str();
}

// The difference between the two results, empty when they are the same in every field.
std::string difference(const FrameResult& a, const std::vector<Trade>& ta, const FrameResult& b,
                       const std::vector<Trade>& tb) {
    if (a.kind != b.kind) return "kinds differ: " + std::to_string(int(a.kind)) + " vs " + std::to_string(int(b.kind));
    if (a.message != b.message) return "messages differ: '" + a.message + "' vs '" + b.message + "'";
    if (ta.size() != tb.size()) return "trade counts differ";
    for (std::size_t i = 0; i < ta.size(); ++i)
        if (describe(ta[i]) != describe(tb[i])) return "trades differ: " + describe(ta[i]) + " vs " + describe(tb[i]);
    return {};
}

struct Comparison {
    bool fast_took_it = false;
    std::string difference;  // empty: public parse == generic parse
};

// Runs the frame through the public parse, the simdjson path and the scanner alone.
Comparison compare(JsonFrameParser& parser, std::string_view frame, Exchange exchange = Exchange::BinanceFutures) {
    constexpr std::int64_t kReceive = 1'582'329'602'500'123;
    std::vector<Trade> public_trades, generic_trades, fast_trades;
    const FrameResult public_result = parse_binance_frame(parser, exchange, frame, kReceive, public_trades);
    const FrameResult generic_result = parse_binance_frame_generic(parser, exchange, frame, kReceive, generic_trades);
    Comparison c;
    c.fast_took_it = append_canonical_binance_trade(exchange, frame, kReceive, fast_trades);
    c.difference = difference(public_result, public_trades, generic_result, generic_trades);
    if (c.difference.empty() && c.fast_took_it)
        c.difference = difference(of_kind(FrameKind::Trades), fast_trades, generic_result, generic_trades);
    if (c.difference.empty() && !c.fast_took_it && !fast_trades.empty()) c.difference = "scanner declined but appended";
    return c;
}

QString q(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

class TestNetBinanceFast : public QObject {
    Q_OBJECT

    JsonFrameParser parser_;

    // Every frame: same answer; `expect_fast` frames also taken by the fast path.
    void check_all(const std::vector<std::string>& frames, bool expect_fast, Exchange exchange = Exchange::BinanceFutures) {
        for (const std::string& frame : frames) {
            const Comparison c = compare(parser_, frame, exchange);
            if (!c.difference.empty()) QFAIL(qPrintable(q(c.difference + " for " + frame)));
            if (expect_fast && !c.fast_took_it) QFAIL(qPrintable(q("fast path declined a canonical frame: " + frame)));
        }
    }

private slots:
    void real_aggtrade_hour_is_taken_by_the_fast_path_with_identical_trades() {
        const auto frames = agg_hour();
        QVERIFY(frames.size() > 4000);
        check_all(frames, true);
        check_all(frames, true, Exchange::BinanceSpot);
    }

    void real_trade_hour_is_taken_by_the_fast_path_with_identical_trades() {
        const auto frames = trade_hour();
        QVERIFY(frames.size() > 4000);
        check_all(frames, true);
    }

    void real_hours_in_the_combined_stream_wrapper() {
        std::vector<std::string> frames;
        for (const auto& f : agg_hour()) frames.push_back(combined("btcusdt@aggTrade", f));
        for (const auto& f : trade_hour()) frames.push_back(combined("btcusdt@trade", f));
        check_all(frames, true);
    }

    void exchange_examples_compact_and_pretty_printed() {
        for (const char* name : kExamples) {
            const std::string text = example(name);
            check_all({compact(text)}, true, Exchange::BinanceSpot);
            check_all({text}, false, Exchange::BinanceSpot);  // whitespace: the simdjson path answers
        }
        // The documented aggressor: m true → the buyer rested, the taker sold.
        std::vector<Trade> trades;
        QVERIFY(append_canonical_binance_trade(Exchange::BinanceSpot, compact(example("binance-spot-trade-combined.json")), 5, trades));
        QCOMPARE(trades.size(), std::size_t(1));
        QCOMPARE(trades[0].aggressor, Side::Sell);
        QCOMPARE(trades[0].id.text.view(), std::string_view("705291099"));
        QCOMPARE(format_price(trades[0].price), std::string("4149.74"));
        QCOMPARE(trades[0].exchange_time_us, std::int64_t(1639351062243000));
    }

    void truncated_frames_are_never_taken_by_the_fast_path() {
        for (const std::string& frame : canonical_samples()) {
            for (std::size_t n = 0; n < frame.size(); ++n) {
                const Comparison c = compare(parser_, std::string_view(frame).substr(0, n));
                if (c.fast_took_it) QFAIL(qPrintable(q("fast path took a truncated frame: " + frame.substr(0, n))));
                if (!c.difference.empty()) QFAIL(qPrintable(q(c.difference + " for " + frame.substr(0, n))));
            }
        }
    }

    void every_byte_flipped_gives_the_generic_answer() {
        const unsigned char replacements[] = {' ', '"', '\\', '0', '1', '9', '-', '.', '}', '{', ',', ':', 'e', 'x', '\0', '\t', 0x7f, 0xc3, 0xff};
        std::size_t taken = 0, total = 0;
        for (const std::string& frame : canonical_samples()) {
            for (std::size_t i = 0; i < frame.size(); ++i) {
                for (unsigned char r : replacements) {
                    std::string bent = frame;
                    if (static_cast<unsigned char>(bent[i]) == r) continue;
                    bent[i] = static_cast<char>(r);
                    const Comparison c = compare(parser_, bent);
                    if (!c.difference.empty()) QFAIL(qPrintable(q(c.difference + " for " + bent)));
                    taken += c.fast_took_it;
                    ++total;
                }
                std::string bent = frame;
                bent[i] = static_cast<char>(bent[i] ^ 0x01);
                const Comparison c = compare(parser_, bent);
                if (!c.difference.empty()) QFAIL(qPrintable(q(c.difference + " for " + bent)));
            }
        }
        // Some flips stay canonical (a digit for a digit) and some do not: both paths are exercised.
        QVERIFY(taken > 0);
        QVERIFY(taken < total);
    }

    // USD-M `X` other than MARKET (insurance fund, ADL, NA, a value Binance may add): the scanner
    // takes the frame and marks the print exactly as the simdjson path does.
    void prints_that_are_not_aggression_agree_with_the_generic_path_data() {
        QTest::addColumn<QString>("order_type");
        QTest::addColumn<int>("print");
        QTest::newRow("MARKET") << "MARKET" << int(Print::Aggression);
        QTest::newRow("INSURANCE_FUND") << "INSURANCE_FUND" << int(Print::InsuranceFund);
        QTest::newRow("ADL") << "ADL" << int(Print::Deleveraging);
        QTest::newRow("NA") << "NA" << int(Print::Unmarked);
        QTest::newRow("undocumented") << "LIQUIDATION" << int(Print::Unmarked);
        QTest::newRow("empty") << "" << int(Print::Unmarked);
    }
    void prints_that_are_not_aggression_agree_with_the_generic_path() {
        QFETCH(QString, order_type);
        QFETCH(int, print);
        const std::string real = trade_hour()[100];
        const std::string marked = "\"X\":\"" + order_type.toStdString() + "\"";
        const std::size_t at = real.find(R"("X":"MARKET")");
        QVERIFY(at != std::string::npos);
        const std::string frame = std::string(real).replace(at, std::string_view(R"("X":"MARKET")").size(), marked);
        check_all({frame, combined("btcusdt@trade", frame)}, true);
        std::vector<Trade> fast;
        QVERIFY(append_canonical_binance_trade(Exchange::BinanceFutures, frame, 1, fast));
        QCOMPARE(int(fast.at(0).print), print);
        // Spelled with an escape, or as another JSON type: only the simdjson path reads it, and the
        // public parse gives its answer.
        const std::string escaped = std::string(frame).replace(at + 5, 0, "\\u0041");  // an extra 'A' in front
        check_all({escaped}, false);
        check_all({std::string(real).replace(at, std::string_view(R"("X":"MARKET")").size(), R"("X":7)")}, false);
    }

    void frames_without_x_are_aggression() {
        for (const std::string& frame : {agg_hour()[5], compact(example("binance-futures-trade.json")),
                                         compact(example("binance-spot-trade-combined.json"))}) {
            std::vector<Trade> fast;
            QVERIFY(append_canonical_binance_trade(Exchange::BinanceFutures, frame, 1, fast));
            QCOMPARE(fast.at(0).print, Print::Aggression);
        }
    }

    void reordered_and_duplicated_keys() {
        std::mt19937 rng(42);
        for (const std::string& frame : {agg_hour()[0], trade_hour()[0]}) {
            // Canonical frames hold no ',' inside strings: the fields split on commas.
            std::vector<std::string> fields;
            std::istringstream in(frame.substr(1, frame.size() - 2));
            for (std::string f; std::getline(in, f, ',');) fields.push_back(f);
            auto join = [](const std::vector<std::string>& fs) {
                std::string s = "{";
                for (std::size_t i = 0; i < fs.size(); ++i) s += (i ? "," : "") + fs[i];
                return s + "}";
            };
            for (int round = 0; round < 50; ++round) {
                std::shuffle(fields.begin(), fields.end(), rng);
                check_all({join(fields), combined("x", join(fields))}, false);
            }
            // A key twice: the simdjson path keeps the last value; never a different answer.
            for (std::size_t i = 0; i < fields.size(); ++i) {
                auto twice = fields;
                twice.push_back(fields[i]);
                check_all({join(twice)}, false);
                auto flipped = fields;
                flipped.push_back(R"("m":true)");
                check_all({join(flipped)}, false);
            }
            // Fields missing, one at a time.
            for (std::size_t i = 0; i < fields.size(); ++i) {
                auto fewer = fields;
                fewer.erase(fewer.begin() + static_cast<std::ptrdiff_t>(i));
                check_all({join(fewer)}, false);
            }
        }
    }

    void whitespace_escapes_and_extra_fields_take_the_generic_path() {
        const std::string f = agg_hour()[0];
        std::vector<std::string> frames;
        for (std::size_t i = 0; i <= f.size(); ++i) {
            for (const char* ws : {" ", "\n", "\r\n", "\t"}) {
                std::string spaced = f;
                spaced.insert(i, ws);
                frames.push_back(spaced);
            }
        }
        auto replaced = [&](const std::string& from, const std::string& to) {
            std::string s = f;
            s.replace(s.find(from), from.size(), to);
            return s;
        };
        frames.push_back(replaced(R"("BTCUSDT")", R"("BTC\u0055SDT")"));
        frames.push_back(replaced(R"("BTCUSDT")", R"("BTC\/USDT")"));
        frames.push_back(replaced(R"("9682.00")", R"("9682\u002e00")"));
        frames.push_back(replaced(R"("aggTrade")", R"("agg\u0054rade")"));
        frames.push_back(replaced(R"("e")", R"("\u0065")"));
        frames.push_back(replaced(R"("BTCUSDT")", "\"BTC\xc3\xa9USDT\""));
        frames.push_back(replaced(R"("BTCUSDT")", R"("")"));
        frames.push_back(replaced(R"("BTCUSDT")", R"("ABCDEFGHIJKLMNOPQRSTUVWX")"));  // 24 > Symbol capacity
        frames.push_back(replaced(R"("BTCUSDT")", R"("ABCDEFGHIJKLMNOPQRSTUVW")"));   // 23 fits
        frames.push_back(replaced(R"("m":false)", R"("m":false,"x":1)"));
        frames.push_back(replaced(R"("m":false)", R"("m":false,"M":true,"st":0,"X":"MARKET","b":1)"));
        frames.push_back(replaced(R"("m":false)", R"("m":false,"data":{})"));
        frames.push_back(replaced(R"("m":false)", R"("m":false,"M":null)"));
        frames.push_back(replaced(R"("m":false)", R"("m":"false")"));
        frames.push_back(replaced(R"("m":false)", R"("m":0)"));
        frames.push_back(replaced(R"("m":false)", R"("m":fals)"));
        frames.push_back(replaced(R"("m":false)", R"("m":falsey)"));
        frames.push_back(f + " ");
        frames.push_back(f + "\n");
        frames.push_back(f + "}");
        frames.push_back(f + "x");
        frames.push_back(f + f);
        frames.push_back(" " + f);
        frames.push_back(replaced(R"("e":"aggTrade")", R"("e":"depthUpdate")"));
        frames.push_back(replaced(R"("e":"aggTrade")", R"("e":"trade")"));  // no `t`: malformed
        frames.push_back(R"({"result":null,"id":1})");
        frames.push_back(R"({"code":-1121,"msg":"Invalid symbol."})");
        frames.push_back(R"({"error":{"code":2,"msg":"Invalid request"},"id":1})");
        frames.push_back(R"({"stream":"btcusdt@aggTrade","data":)" + f);
        frames.push_back(R"({"stream":"btcusdt@aggTrade","data":)" + f + "}}");
        frames.push_back(R"({"stream":1,"data":)" + f + "}");
        frames.push_back(R"({"data":)" + f + R"(,"stream":"btcusdt@aggTrade"})");
        frames.push_back(R"({"stream":"btcusdt@aggTrade","data":)" + f + R"(,"id":1})");
        frames.push_back("");
        frames.push_back("{}");
        frames.push_back("[]");
        frames.push_back(std::string("{\"e\":\"aggTrade\"\0,", 17));
        check_all(frames, false);
    }

    void huge_negative_and_zero_numbers_match_the_generic_path() {
        const std::string f = agg_hour()[0];
        auto replaced = [&](const std::string& from, const std::string& to) {
            std::string s = f;
            s.replace(s.find(from), from.size(), to);
            return s;
        };
        std::vector<std::string> frames;
        for (const char* id : {"0", "00", "01", "-1", "1.0", "1e3", "9999999999999999999", "10000000000000000000",
                               "18446744073709551615", "18446744073709551616", "99999999999999999999999999"}) {
            frames.push_back(replaced(R"("a":26000000)", std::string(R"("a":)") + id));
            frames.push_back(replaced(R"("E":1582329602418)", std::string(R"("E":)") + id));
            frames.push_back(replaced(R"("f":42377944)", std::string(R"("f":)") + id));
        }
        for (const char* t : {"0", "-1", "1582329602111.5", "99999999999999", "100000000000000", "9223372036854775807",
                              "9223372036854775808", "01582329602111"}) {
            frames.push_back(replaced(R"("T":1582329602111)", std::string(R"("T":)") + t));
        }
        for (const char* p : {"0", "0.00", "-9682.00", "+9682.00", "9682", "9682.", ".5", "9682.000000001", "9682.000000000",
                              "1e4", "12345678901234567890.5", "123456789012345678901.5", "92233720368.54775807",
                              "92233720368.54775808", "", "-", ".", "96 82", "9682.00x"}) {
            frames.push_back(replaced(R"("p":"9682.00")", std::string(R"("p":")") + p + "\""));
            frames.push_back(replaced(R"("q":"0.132")", std::string(R"("q":")") + p + "\""));
        }
        frames.push_back(replaced(R"("p":"9682.00")", R"("p":9682.00)"));
        frames.push_back(replaced(R"("q":"0.132")", R"("q":0.132)"));
        check_all(frames, false);
        check_all({replaced(R"("q":"0.132")", R"("q":"1234567890123.5")")}, true);  // past int64 units, still exact
        check_all({replaced(R"("T":1582329602111)", R"("T":99999999999999)")}, true);
    }
};

QTEST_GUILESS_MAIN(TestNetBinanceFast)
#include "test_net_binance_fast.moc"
