// Trades written as Bybit, OKX, Coinbase and Kraken frames (core/record/frame_synthesis) come back
// through each exchange's own adapter as exactly the same trades; Tardis CSVs of those exchanges
// convert to recordings that replay exactly their trades. There is no real non-Binance Tardis file
// in tests/data: the CSVs here are written from real-looking rows, and the real hour of Binance
// trades is also re-labelled as each exchange to run every real price, size and id through.
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <limits>

#include "io/tardis_exchange.hpp"
#include "io/trade_file.hpp"
#include "net/exchange_adapter.hpp"
#include "record/frame_synthesis.hpp"
#include "record/replayer.hpp"
#include "record/trade_file_conversion.hpp"
#include "support/test_data.hpp"

using namespace flowscope;
using namespace flowscope::record;

namespace {

constexpr Exchange kExchanges[] = {Exchange::Bybit, Exchange::Okx, Exchange::Coinbase, Exchange::Kraken};

Trade make_trade(Exchange exchange, std::string_view symbol, std::string_view id, std::string_view price,
                 std::string_view size, Side side, std::int64_t time_us, std::int64_t receive_us) {
    Trade t;
    t.exchange = exchange;
    t.symbol = Symbol(symbol);
    t.id = TradeId::from_text(id);
    t.price = *parse_price(price);
    t.quantity = *parse_quantity(size);
    t.aggressor = side;
    t.exchange_time_us = time_us;
    t.receive_time_us = receive_us;
    return t;
}

std::string describe(const Trade& t) {
    return std::string(exchange_name(t.exchange)) + " " + std::string(t.symbol.view()) + " id=" +
           std::string(t.id.text.view()) + " " + format_price(t.price) + " x " + format_quantity(t.quantity) + " " +
           std::string(side_name(t.aggressor)) + " t=" + std::to_string(t.exchange_time_us) +
           " rx=" + std::to_string(t.receive_time_us);
}

// Everything a trade carries; "" when equal, else both sides for the failure message.
std::string difference(const Trade& got, const Trade& want) {
    const bool same = got.exchange == want.exchange && got.symbol == want.symbol && got.id.text == want.id.text &&
                      got.id.number == want.id.number && got.price == want.price && got.quantity == want.quantity &&
                      got.aggressor == want.aggressor && got.exchange_time_us == want.exchange_time_us &&
                      got.receive_time_us == want.receive_time_us;
    return same ? std::string() : "got " + describe(got) + "\n want " + describe(want);
}

FrameStyle style_of(Exchange exchange, int price_decimals) {
    FrameStyle style;
    style.exchange = exchange;
    style.price_decimals = price_decimals;
    style.quantity_decimals = 0;
    return style;
}

// Synthesizes t's frame and parses it with the exchange's adapter; "" when t came back whole.
std::string round_trip(const Trade& t, const FrameStyle& style, const ExchangeAdapter& adapter, std::string* frame = nullptr) {
    std::string text, why;
    if (!test::or_error(append_exchange_frame(text, t, style), why)) return "not written: " + why + " (" + describe(t) + ")";
    if (frame) *frame = text;
    std::vector<Trade> parsed;
    const FrameResult result = adapter.parse(text, synthesized_receive_time_us(t), parsed);
    if (result.kind != FrameKind::Trades) return "adapter: " + result.message + " in " + text;
    if (parsed.size() != 1) return "adapter made " + std::to_string(parsed.size()) + " trades of " + text;
    Trade want = t;
    want.receive_time_us = synthesized_receive_time_us(t);
    const std::string diff = difference(parsed[0], want);
    return diff.empty() ? diff : diff + "\n frame " + text;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<Trade> replay_everything(const std::string& path, std::string& error, ReplayStats* stats = nullptr) {
    auto session = test::or_error(RecordingSession::open(path), error);
    if (!session) return {};
    Replayer replayer(std::move(session));
    std::vector<Trade> trades;
    replayer.advance_to(std::numeric_limits<std::int64_t>::max(), trades);
    if (stats) *stats = replayer.stats();
    return trades;
}

constexpr const char* kTardisHeader = "exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n";

}  // namespace

class TestFrameSynthesis : public QObject {
    Q_OBJECT

    std::string dir_;

    std::string write_file(const std::string& name, const std::string& content) {
        const std::string path = dir_ + "/" + name;
        std::ofstream(path, std::ios::binary) << content;
        return path;
    }

private slots:
    void initTestCase() {
        dir_ = (std::filesystem::temp_directory_path() / ("flowscope-synthesis-test-" + std::to_string(::getpid()))).string();
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
    }
    void cleanupTestCase() { std::filesystem::remove_all(dir_); }

    void frames_have_the_shape_each_exchange_sends() {
        const std::int64_t t = 1'709'891'679'000'000, rx = 1'709'891'679'005'123;
        struct Case {
            Trade trade;
            int price_decimals;
            const char* frame;
        };
        const Case cases[] = {
            {make_trade(Exchange::Bybit, "BTCUSDT", "9dc75fca-4bdd-4773-9f78-6f5d7ab2a110", "27451", "0.01", Side::Buy, t, rx), 2,
             R"({"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1709891679005,"data":[{"T":1709891679000,"s":"BTCUSDT","S":"Buy","v":"0.01","p":"27451.00","i":"9dc75fca-4bdd-4773-9f78-6f5d7ab2a110"}]})"},
            {make_trade(Exchange::Okx, "BTC-USD", "130639474", "42219.9", "0.12060306", Side::Sell, 1'630'048'897'897'000, 0), 1,
             R"({"arg":{"channel":"trades","instId":"BTC-USD"},"data":[{"instId":"BTC-USD","tradeId":"130639474","px":"42219.9","sz":"0.12060306","side":"sell","ts":"1630048897897"}]})"},
            // A buying aggressor lifted a SELL order: Coinbase's `side` names the maker.
            {make_trade(Exchange::Coinbase, "BTC-USD", "995098700", "68900.5", "0.0015", Side::Buy, 1'775'572'202'789'012,
                        1'775'572'202'800'000), 2,
             R"({"channel":"market_trades","client_id":"","timestamp":"2026-04-07T14:30:02.800Z","events":[{"type":"update","trades":[{"trade_id":"995098700","product_id":"BTC-USD","price":"68900.50","size":"0.0015","side":"SELL","time":"2026-04-07T14:30:02.789012Z"}]}]})"},
            {make_trade(Exchange::Kraken, "BTC/USD", "10218208", "105944.2", "0.00027625", Side::Sell, 1'696'613'755'440'295, 0), 2,
             R"({"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"sell","price":105944.20,"qty":0.00027625,"trade_id":10218208,"timestamp":"2023-10-06T17:35:55.440295Z"}]})"},
        };
        for (const Case& c : cases) {
            const auto adapter = make_adapter(c.trade.exchange);
            std::string frame;
            const std::string diff = round_trip(c.trade, style_of(c.trade.exchange, c.price_decimals), *adapter, &frame);
            QVERIFY2(diff.empty(), diff.c_str());
            QCOMPARE(frame, std::string(c.frame));
        }
    }

    void edge_cases_come_back_exactly_through_each_adapter() {
        const std::int64_t ms = 1'700'000'000'123'000;  // a whole millisecond
        for (const Exchange ex : kExchanges) {
            const auto adapter = make_adapter(ex);
            const bool iso = ex == Exchange::Coinbase || ex == Exchange::Kraken;  // formats with sub-ms digits
            const std::string symbol = ex == Exchange::Bybit ? "BTCUSDT" : ex == Exchange::Okx ? "BTC-USDT-SWAP"
                                     : ex == Exchange::Coinbase ? "BTC-USD" : "XBT/USD";
            const std::vector<Trade> trades = {
                make_trade(ex, symbol, "42377944", "9682.52", "0.12345678", Side::Buy, ms, ms + 4'567),  // 8 decimals
                make_trade(ex, symbol, "42377945", "9683", "1", Side::Sell, ms + 1000, 0),               // no fraction
                make_trade(ex, symbol, "42377946", "0.00000001", "123456789012.5", Side::Buy, ms, ms),    // big size
                make_trade(ex, symbol, "42377947", "92233720368", "99999999999999999999.99999999", Side::Sell, ms, ms),
                make_trade(ex, symbol, "18446744073709551615", "1.5", "0.00000001", Side::Buy, ms, ms),  // largest uint64 id
                make_trade(ex, symbol, "42377948", "9682.5", "0.001", Side::Sell, 1'700'000'000'000'000, 0),  // whole second
                make_trade(ex, symbol, "1", "9682.5", "0.001", Side::Buy, 86'400'000'000, 1),            // 1970-01-02
            };
            for (const Trade& t : trades) {
                const std::string diff = round_trip(t, style_of(ex, 2), *adapter);
                QVERIFY2(diff.empty(), diff.c_str());
            }
            // Sub-millisecond times: kept in ISO-8601 text, cut to the millisecond (as the exchange
            // stamps it) in millisecond formats.
            Trade fine = make_trade(ex, symbol, "77", "9682.5", "0.001", Side::Buy, ms + 456, ms + 999);
            if (iso) {
                const std::string diff = round_trip(fine, style_of(ex, 2), *adapter);
                QVERIFY2(diff.empty(), diff.c_str());
                fine.exchange_time_us = ms + 1;  // 000001: leading zeros of the fraction kept
                const std::string diff1 = round_trip(fine, style_of(ex, 2), *adapter);
                QVERIFY2(diff1.empty(), diff1.c_str());
            } else {
                std::string text, why;
                QVERIFY(test::or_error(append_exchange_frame(text, fine, style_of(ex, 2)), why));
                std::vector<Trade> parsed;
                QCOMPARE(adapter->parse(text, fine.receive_time_us, parsed).kind, FrameKind::Trades);
                QCOMPARE(parsed.at(0).exchange_time_us, ms);
            }
            // String ids on the exchanges that send them as strings.
            if (ex != Exchange::Kraken) {
                for (const char* id : {"9dc75fca-4bdd-4773-9f78-6f5d7ab2a110", "0042", "a\"b\\c"}) {
                    const std::string diff = round_trip(make_trade(ex, symbol, id, "9682.5", "0.001", Side::Sell, ms, 0),
                                                        style_of(ex, 2), *adapter);
                    QVERIFY2(diff.empty(), diff.c_str());
                }
            }
        }
    }

    void trades_a_frame_cannot_carry_are_refused_and_nothing_is_written() {
        const std::int64_t ms = 1'700'000'000'123'000;
        struct Case {
            Trade trade;
            const char* why_contains;
        };
        Trade zero = make_trade(Exchange::Okx, "BTC-USDT", "1", "10", "0", Side::Buy, ms, 0);
        const Case cases[] = {
            {make_trade(Exchange::Kraken, "XBT/USD", "", "10", "1", Side::Buy, ms, 0), "no id"},
            {make_trade(Exchange::Kraken, "XBT/USD", "abc", "10", "1", Side::Buy, ms, 0), "plain integer"},
            {make_trade(Exchange::Kraken, "XBT/USD", "0042", "10", "1", Side::Buy, ms, 0), "plain integer"},
            {make_trade(Exchange::Bybit, "BTCUSDT", "", "10", "1", Side::Buy, ms, 0), "no id"},
            {zero, "not positive"},
            {make_trade(Exchange::Coinbase, "BTC-USD", "1", "10", "1", Side::Buy, 253'402'300'800'000'000, 0), "1970-9999"},
        };
        for (const Case& c : cases) {
            std::string text = "kept", why;
            QVERIFY2(!test::or_error(append_exchange_frame(text, c.trade, style_of(c.trade.exchange, 2)), why), describe(c.trade).c_str());
            QCOMPARE(text, std::string("kept"));
            QVERIFY2(why.find(c.why_contains) != std::string::npos, why.c_str());
        }
        std::string text, why;
        QVERIFY(!test::or_error(append_exchange_frame(text, zero, style_of(Exchange::Unknown, 2)), why));
        QVERIFY(text.empty());
    }

    void documented_example_frames_survive_the_round_trip() {
        // The adapters' fixtures as the exchanges document them: parsed, written again, parsed again.
        const std::string dir = std::string(FLOWSCOPE_TEST_DATA_DIR) + "/ws/exchange-examples/";
        const std::pair<Exchange, const char*> examples[] = {
            {Exchange::Bybit, "bybit-v5-publicTrade.json"},
            {Exchange::Okx, "okx-v5-trades.json"},
            {Exchange::Coinbase, "coinbase-advanced-market_trades.json"},
            {Exchange::Kraken, "kraken-v2-trade.json"},
        };
        for (const auto& [ex, file] : examples) {
            const auto adapter = make_adapter(ex);
            std::vector<Trade> trades;
            const std::string text = slurp(dir + file);
            QVERIFY2(!text.empty(), file);
            QCOMPARE(adapter->parse(text, 1'700'000'000'000'000, trades).kind, FrameKind::Trades);
            QVERIFY(!trades.empty());
            for (const Trade& t : trades) {
                const std::string diff = round_trip(t, style_of(ex, 2), *adapter);
                QVERIFY2(diff.empty(), (std::string(file) + ": " + diff).c_str());
            }
        }
    }

    void the_real_hour_round_trips_as_every_exchange() {
        // 4,297 real trades (real prices, sizes, ids and µs times) re-labelled as each exchange.
        std::vector<Trade> real;
        const auto file = read_trade_file(std::string(FLOWSCOPE_TEST_DATA_DIR) + "/binance-futures-BTCUSDT-2020-02-22T00.tardis.csv",
                                          {}, [](const TradeFileResult&) {},
                                          [&](std::span<const Trade> ts) { real.insert(real.end(), ts.begin(), ts.end()); });
        QVERIFY2(file.ok, file.error.c_str());
        QVERIFY(real.size() > 1000);
        for (const Exchange ex : kExchanges) {
            const auto adapter = make_adapter(ex);
            for (Trade t : real) {
                t.exchange = ex;
                t.symbol = Symbol(ex == Exchange::Kraken ? "XBT/USDT" : ex == Exchange::Bybit ? "BTCUSDT" : "BTC-USDT");
                const std::string diff = round_trip(t, style_of(ex, 2), *adapter);
                QVERIFY2(diff.empty(), diff.c_str());
            }
        }
    }

    void tardis_exchange_names_map_to_adapters() {
        QVERIFY(exchange_from_tardis_name("bybit") == Exchange::Bybit);
        QVERIFY(exchange_from_tardis_name("bybit-spot") == Exchange::Bybit);
        QVERIFY(exchange_from_tardis_name("okex") == Exchange::Okx);
        QVERIFY(exchange_from_tardis_name("okex-swap") == Exchange::Okx);
        QVERIFY(exchange_from_tardis_name("okex-futures") == Exchange::Okx);
        QVERIFY(exchange_from_tardis_name("coinbase") == Exchange::Coinbase);
        QVERIFY(exchange_from_tardis_name("kraken") == Exchange::Kraken);
        QVERIFY(exchange_from_tardis_name("binance") == Exchange::BinanceSpot);
        QVERIFY(exchange_from_tardis_name("binance-futures") == Exchange::BinanceFutures);
        QVERIFY(!exchange_from_tardis_name("deribit"));
        QVERIFY(!exchange_from_tardis_name("cryptofacilities"));  // Kraken Futures: other frames
        QVERIFY(!exchange_from_tardis_name("unknown"));
        QVERIFY(!exchange_from_tardis_name(""));
    }

    void tardis_csv_of_each_exchange_converts_and_replays_exactly_its_trades() {
        struct Case {
            Exchange exchange;
            const char* name;
            const char* rows;  // as Tardis writes them: exchange,symbol,timestamp,local_timestamp,id,side,price,amount
        };
        const Case cases[] = {
            {Exchange::Bybit, "bybit",
             "bybit,BTCUSDT,1709891679000000,1709891679005123,9dc75fca-4bdd-4773-9f78-6f5d7ab2a110,buy,68451.10,0.010\n"
             "bybit,BTCUSDT,1709891679000000,1709891679005400,4b3e3a72-1c55-5f4a-9b6e-7fd4b0e0c21a,sell,68451,1.5\n"
             "bybit,BTCUSDT,1709891679250000,1709891679252001,0c2b5d3e-8f1a-5c7e-a2d4-31e9c8b7f6a0,sell,68450.90,120.003\n"},
            {Exchange::Okx, "okex-swap",
             "okex-swap,BTC-USDT-SWAP,1630048897897000,1630048897912345,130639474,buy,42219.9,3\n"
             "okex-swap,BTC-USDT-SWAP,1630048897897000,1630048897912500,130639475,sell,42219.8,0.01\n"
             "okex-swap,BTC-USDT-SWAP,1630048898001000,1630048898010000,130639476,buy,42220,1250\n"},
            {Exchange::Coinbase, "coinbase",
             "coinbase,BTC-USD,1775572202789012,1775572202801234,995098700,buy,68900.50,0.00150000\n"
             "coinbase,BTC-USD,1775572202800000,1775572202812000,995098701,sell,68900.00,0.05000000\n"
             "coinbase,BTC-USD,1775572203000000,1775572203011000,995098702,sell,68899.99,0.12345678\n"},
            {Exchange::Kraken, "kraken",
             "kraken,XBT/USD,1696613755440295,1696613755452000,10218208,buy,27944.2,0.00027625\n"
             "kraken,XBT/USD,1696613756123456,1696613756130000,10218209,sell,27910.5,0.0001246\n"
             "kraken,XBT/USD,1696613757000000,,10218210,sell,27910,2.5\n"},  // no local_timestamp
        };
        for (const Case& c : cases) {
            const std::string csv = write_file(std::string(c.name) + ".tardis.csv", std::string(kTardisHeader) + c.rows);
            // What the file says, read by the trade file reader with the exchange named.
            TradeFileOptions named;
            named.exchange = c.exchange;
            std::vector<Trade> expected;
            const auto file = read_trade_file(csv, named, [](const TradeFileResult&) {},
                                              [&](std::span<const Trade> ts) { expected.insert(expected.end(), ts.begin(), ts.end()); });
            QVERIFY2(file.ok, file.error.c_str());
            QCOMPARE(expected.size(), std::size_t{3});
            for (Trade& t : expected) t.receive_time_us = synthesized_receive_time_us(t);
            // Read with nothing named (as `flowscope-cli bars` does), the file says its exchange.
            std::vector<Trade> unnamed;
            const auto inferred = read_trade_file(csv, {}, nullptr,
                                                  [&](std::span<const Trade> ts) { unnamed.insert(unnamed.end(), ts.begin(), ts.end()); });
            QVERIFY2(inferred.ok, inferred.error.c_str());
            QCOMPARE(inferred.exchange, c.exchange);
            QCOMPARE(inferred.exchange_name, std::string(c.name));
            QCOMPARE(unnamed.size(), expected.size());
            for (const Trade& t : unnamed) QCOMPARE(t.exchange, c.exchange);

            const std::string out = dir_ + "/" + c.name + ".fsrec";
            const auto converted = convert_trade_file(csv, out);
            QVERIFY2(converted.ok, converted.error.c_str());
            QCOMPARE(converted.file.exchange, c.exchange);
            QCOMPARE(converted.frames, std::uint64_t{3});
            // Both the converted recording and the CSV opened directly (as the app does) replay it.
            for (const std::string& path : {out, csv}) {
                std::string error;
                ReplayStats stats;
                const std::vector<Trade> replayed = replay_everything(path, error, &stats);
                QVERIFY2(error.empty(), error.c_str());
                QCOMPARE(stats.malformed, std::uint64_t{0});
                QCOMPARE(replayed.size(), expected.size());
                for (std::size_t i = 0; i < expected.size(); ++i) {
                    const std::string diff = difference(replayed[i], expected[i]);
                    QVERIFY2(diff.empty(), (path + ": " + diff).c_str());
                }
            }
        }
    }

    void tardis_csv_that_cannot_be_replayed_says_why_and_leaves_nothing() {
        // Kraken's v1 feed (Tardis data before 2026-07-10) has no trade ids; v2 frames need one.
        const std::string no_ids = write_file("kraken-v1.tardis.csv", std::string(kTardisHeader) +
                                                                          "kraken,XBT/USD,1696613755440295,1696613755452000,,buy,27944.2,0.5\n");
        const std::string out = dir_ + "/kraken-v1.fsrec";
        auto result = convert_trade_file(no_ids, out);
        QVERIFY(!result.ok);
        QVERIFY2(result.error.find("kraken-v1.tardis.csv") != std::string::npos && result.error.find("no id") != std::string::npos,
                 result.error.c_str());
        QVERIFY(!std::filesystem::exists(out));
        std::string error;
        QVERIFY(replay_everything(no_ids, error).empty());
        QVERIFY2(error.find("no id") != std::string::npos, error.c_str());

        const std::string deribit = write_file("deribit.tardis.csv", std::string(kTardisHeader) +
                                                                         "deribit,BTC-PERPETUAL,1765531356452000,1765531356460000,403691824,sell,92294.5,10\n");
        result = convert_trade_file(deribit, dir_ + "/deribit.fsrec");
        QVERIFY(!result.ok);
        QVERIFY2(result.error.find("\"deribit\"") != std::string::npos, result.error.c_str());
        QVERIFY(!std::filesystem::exists(dir_ + "/deribit.fsrec"));
    }
};

QTEST_GUILESS_MAIN(TestFrameSynthesis)
#include "test_frame_synthesis.moc"
