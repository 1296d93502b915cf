// Each exchange's REST trade history: the documented answers parsed field by field, the same trade
// given by REST and by the websocket adapter parsed the same (the real hour of Binance USD-M
// aggTrades page by page), error answers carrying the exchange's message, request targets as
// documented, and the rate budget's arithmetic.
#include <QtTest>

#include <nlohmann/json.hpp>

#include "history/rate_budget.hpp"
#include "history/rest_trades.hpp"
#include "net/adapters.hpp"
#include "support/test_data.hpp"

using namespace flowscope;
using namespace flowscope::history;

namespace {

std::string rest_data(const std::string& name) { return test::read_text_file(test::data_path("rest/" + name)); }

// Every field but the receive time, which only the websocket knows.
bool same_trade_but_receive_time(Trade a, Trade b) {
    a.receive_time_us = b.receive_time_us = 0;
    return test::same_trade(a, b);
}

QString describe(const Trade& t) {
    return QString("%1 %2 %3 %4 %5 %6 %7")
        .arg(QString::fromStdString(std::string(t.id.text.view())))
        .arg(t.exchange_time_us)
        .arg(QString::fromStdString(format_price(t.price)))
        .arg(QString::fromStdString(format_quantity(t.quantity)))
        .arg(QString::fromStdString(std::string(side_name(t.aggressor))))
        .arg(QString::fromStdString(std::string(print_name(t.print))))
        .arg(QString::fromStdString(std::string(t.symbol.view())));
}

TradePage page_or_fail(Exchange exchange, std::string_view symbol, const std::string& body) {
    auto page = parse_trade_page(exchange, symbol, body);
    if (!page) qWarning("%s", page.error().c_str());
    return page ? *page : TradePage{};
}

std::vector<Trade> websocket_trades(Exchange exchange, const std::string& frame) {
    std::unique_ptr<ExchangeAdapter> adapter = make_adapter(exchange);
    std::vector<Trade> out;
    const FrameResult r = adapter->parse(frame, 1, out);
    if (r.kind != FrameKind::Trades) qWarning("websocket frame: %s", r.message.c_str());
    return out;
}

constexpr std::int64_t kMinuteUs = 60'000'000;
constexpr std::int64_t k20200222 = 1582329600LL * 1'000'000;  // 2020-02-22T00:00:00Z

}  // namespace

class TestRestTrades : public QObject {
    Q_OBJECT

private slots:
    // ---------------------------------------------------------------- documented answers

    void binance_aggtrades_as_documented_data() {
        QTest::addColumn<int>("exchange");
        QTest::addColumn<QString>("file");
        QTest::newRow("usd-m") << int(Exchange::BinanceFutures) << "binance-futures-aggTrades.json";
        QTest::newRow("spot (with M)") << int(Exchange::BinanceSpot) << "binance-spot-aggTrades.json";
    }
    void binance_aggtrades_as_documented() {
        QFETCH(int, exchange);
        QFETCH(QString, file);
        const TradePage page = page_or_fail(Exchange(exchange), "BTCUSDT", rest_data(file.toStdString()));
        QCOMPARE(page.trades.size(), std::size_t(1));
        const Trade& t = page.trades[0];
        QCOMPARE(t.id.text.view(), std::string_view("26129"));
        QCOMPARE(t.id.number.value_or(0), std::uint64_t(26129));
        QCOMPARE(format_price(t.price), std::string("0.01633102"));
        QCOMPARE(format_quantity(t.quantity), std::string("4.70443515"));
        QCOMPARE(t.exchange_time_us, std::int64_t(1498793709153000));
        QCOMPARE(t.receive_time_us, t.exchange_time_us);  // no receive time given: the exchange time
        QVERIFY(t.aggressor == Side::Sell);                 // m true: the buyer rested, the seller hit
        QVERIFY(t.print == Print::Aggression);
        QCOMPARE(t.symbol.view(), std::string_view("BTCUSDT"));
        QVERIFY(t.exchange == Exchange(exchange));
        QVERIFY(!page.cursor);
    }

    void okx_history_trades_as_documented() {
        const TradePage page = page_or_fail(Exchange::Okx, "BTC-USDT", rest_data("okx-history-trades.json"));
        QCOMPARE(page.trades.size(), std::size_t(2));
        // Sent newest first, returned oldest first.
        QCOMPARE(describe(page.trades[0]), QString("242720719 1654161641568000 29964.1 0.00001 sell aggression BTC-USDT"));
        QCOMPARE(describe(page.trades[1]), QString("242720720 1654161646974000 29963.2 0.00001 sell aggression BTC-USDT"));
        QCOMPARE(page.trades[1].id.number.value_or(0), std::uint64_t(242720720));
    }

    void bybit_recent_trade_as_documented() {
        const TradePage page = page_or_fail(Exchange::Bybit, "BTCUSDT", rest_data("bybit-recent-trade.json"));
        QCOMPARE(page.trades.size(), std::size_t(1));
        // isRPITrade true is still a taker crossing the spread; isBlockTrade false.
        QCOMPARE(describe(page.trades[0]), QString("2100000000007764263 1672052955758000 16618.49 0.00012 buy aggression BTCUSDT"));
    }

    void bybit_block_trades_are_marked() {
        const std::string body = R"({"retCode":0,"retMsg":"OK","result":{"category":"linear","list":[)"
                                 R"({"execId":"a","symbol":"BTCUSDT","price":"100.5","size":"2","side":"Sell","time":"1700000000002","isBlockTrade":true},)"
                                 R"({"execId":"b","symbol":"BTCUSDT","price":"100.4","size":"1","side":"Buy","time":"1700000000001","isBlockTrade":false}]},"retExtInfo":{},"time":1})";
        const TradePage page = page_or_fail(Exchange::Bybit, "BTCUSDT", body);
        QCOMPARE(page.trades.size(), std::size_t(2));
        QCOMPARE(describe(page.trades[0]), QString("b 1700000000001000 100.4 1 buy aggression BTCUSDT"));
        QCOMPARE(describe(page.trades[1]), QString("a 1700000000002000 100.5 2 sell block BTCUSDT"));
    }

    void coinbase_market_trades_as_documented() {
        const TradePage page = page_or_fail(Exchange::Coinbase, "BTC-USD", rest_data("coinbase-market-trades.json"));
        QCOMPARE(page.trades.size(), std::size_t(1));
        // `side` BUY names the resting maker: the aggressor sold, as on the websocket.
        QCOMPARE(describe(page.trades[0]),
                 QString("34b080bf-fcfd-445a-832b-46b5ddc65601 1622455199000000 140.91 4 sell aggression BTC-USD"));
        QVERIFY(!page.trades[0].id.number);
    }

    void kraken_trades_as_documented() {
        const TradePage page = page_or_fail(Exchange::Kraken, "BTC/USD", rest_data("kraken-trades.json"));
        QCOMPARE(page.trades.size(), std::size_t(3));
        // Seconds with 7 decimals, cut to µs as the websocket's RFC 3339 times are.
        QCOMPARE(describe(page.trades[0]), QString("61044952 1688669597827736 30243.4 0.34507674 buy aggression BTC/USD"));
        QCOMPARE(describe(page.trades[1]), QString("61044953 1688669598280411 30243.3 0.0037696 sell aggression BTC/USD"));
        QCOMPARE(describe(page.trades[2]), QString("61044956 1688669602698379 30243.3 0.01235716 sell aggression BTC/USD"));
        QCOMPARE(page.cursor.value_or(""), std::string("1688671969993150842"));
    }

    void binance_klines_as_documented_data() {
        QTest::addColumn<int>("exchange");
        QTest::addColumn<QString>("file");
        QTest::newRow("usd-m") << int(Exchange::BinanceFutures) << "binance-futures-klines.json";
        QTest::newRow("spot") << int(Exchange::BinanceSpot) << "binance-spot-klines.json";
    }
    void binance_klines_as_documented() {
        QFETCH(int, exchange);
        QFETCH(QString, file);
        constexpr std::int64_t kWeekUs = 7 * 24 * 60 * kMinuteUs;
        const auto klines = parse_klines(Exchange(exchange), rest_data(file.toStdString()), kWeekUs);
        QVERIFY2(klines, klines.error().c_str());
        QCOMPARE(klines->size(), std::size_t(1));
        const Kline& k = klines->front();
        QCOMPARE(k.open_time_us, std::int64_t(1499040000000000));
        QCOMPARE(k.duration_us, kWeekUs);
        QCOMPARE(format_price(k.open), std::string("0.0163479"));
        QCOMPARE(format_price(k.high), std::string("0.8"));
        QCOMPARE(format_price(k.low), std::string("0.015758"));
        QCOMPARE(format_price(k.close), std::string("0.015771"));
        QCOMPARE(format_quantity(k.volume), std::string("148976.11427815"));
        QCOMPARE(format_quantity(k.buy_volume), std::string("1756.87402397"));
        QCOMPARE(k.trades, std::uint64_t(308));
        // Read as another interval, the close time gives it away.
        const auto wrong = parse_klines(Exchange(exchange), rest_data(file.toStdString()), kMinuteUs);
        QVERIFY(!wrong);
        QVERIFY2(wrong.error().find("closes at") != std::string::npos, wrong.error().c_str());
    }

    void only_binance_has_taker_klines() {
        QVERIFY(has_taker_klines(Exchange::BinanceFutures));
        QVERIFY(has_taker_klines(Exchange::BinanceSpot));
        for (Exchange e : {Exchange::Okx, Exchange::Bybit, Exchange::Coinbase, Exchange::Kraken}) {
            QVERIFY(!has_taker_klines(e));
            QVERIFY(kline_intervals_us(e).empty());
            QVERIFY(kline_target(e, "X", kMinuteUs, 0, 0).empty());
            QVERIFY(!parse_klines(e, "[]", kMinuteUs));
        }
        const auto futures = kline_intervals_us(Exchange::BinanceFutures);
        const auto spot = kline_intervals_us(Exchange::BinanceSpot);
        QCOMPARE(futures.front(), kMinuteUs);   // USD-M has no 1s klines
        QCOMPARE(spot.front(), std::int64_t(1'000'000));
        QVERIFY(std::is_sorted(futures.begin(), futures.end()));
    }

    // ---------------------------------------------------------------- REST = websocket

    // The real hour of USD-M aggTrade frames, each made into the REST object of the same trade
    // (the frame's a, p, q, f, l, T, m), served in pages of 1,000: the same trades as the adapter.
    void real_hour_by_rest_equals_the_websocket() {
        const auto frames = test::real_aggtrade_frames();
        QVERIFY(frames.size() > 4000);
        auto adapter = make_binance_futures_adapter();
        std::vector<Trade> live, rest;
        nlohmann::ordered_json page = nlohmann::ordered_json::array();
        const auto flush = [&] {
            const auto parsed = parse_trade_page(Exchange::BinanceFutures, "BTCUSDT", page.dump(), 0);
            QVERIFY2(parsed, parsed.error().c_str());
            rest.insert(rest.end(), parsed->trades.begin(), parsed->trades.end());
            page = nlohmann::ordered_json::array();
        };
        for (const auto& frame : frames) {
            QCOMPARE(adapter->parse(frame.text, frame.receive_time_us, live).kind, FrameKind::Trades);
            const auto event = nlohmann::ordered_json::parse(frame.text);
            QVERIFY(!event.contains("X"));  // aggTrades carry no order type, by websocket or REST
            nlohmann::ordered_json object;
            for (const char* key : {"a", "p", "q", "f", "l", "T", "m"}) object[key] = event.at(key);
            page.push_back(object);
            if (page.size() == 1000) flush();
        }
        if (!page.empty()) flush();
        QCOMPARE(rest.size(), live.size());
        for (std::size_t i = 0; i < live.size(); ++i)
            QVERIFY2(same_trade_but_receive_time(rest[i], live[i]), qPrintable(describe(rest[i]) + " vs " + describe(live[i])));
    }

    // One documented websocket trade of each exchange, and the REST answer carrying the same
    // trade in that exchange's REST spelling: the same Trade (id, side rule, print, decimals, time).
    void rest_and_websocket_give_the_same_trade_data() {
        QTest::addColumn<int>("exchange");
        QTest::addColumn<QString>("symbol");
        QTest::addColumn<QString>("websocket_file");
        QTest::addColumn<QString>("rest_body");
        QTest::newRow("okx") << int(Exchange::Okx) << "BTC-USD" << "okx-v5-trades.json"
                             << R"({"code":"0","msg":"","data":[{"instId":"BTC-USD","tradeId":"130639474","px":"42219.9","sz":"0.12060306","side":"buy","source":"0","ts":"1630048897897"}]})";
        QTest::newRow("bybit") << int(Exchange::Bybit) << "BTCUSDT" << "bybit-v5-publicTrade.json"
                               << R"({"retCode":0,"retMsg":"OK","result":{"category":"linear","list":[{"execId":"9dc75fca-4bdd-4773-9f78-6f5d7ab2a110","symbol":"BTCUSDT","price":"27451.00","size":"0.010","side":"Buy","time":"1709891679000","isBlockTrade":false,"isRPITrade":false,"seq":"1"}]},"retExtInfo":{},"time":1709891679005})";
        QTest::newRow("coinbase") << int(Exchange::Coinbase) << "BTC-USD" << "coinbase-advanced-market_trades.json"
                                  << R"({"trades":[{"trade_id":"995098701","product_id":"BTC-USD","price":"68900.00","size":"0.05000000","time":"2026-04-07T14:30:02.800000Z","side":"SELL","exchange":"COINBASE"},)"
                                     R"({"trade_id":"995098700","product_id":"BTC-USD","price":"68900.50","size":"0.00150000","time":"2026-04-07T14:30:02.789012Z","side":"BUY","exchange":"COINBASE"}],"best_bid":"1","best_ask":"2"})";
        QTest::newRow("kraken") << int(Exchange::Kraken) << "BTC/USD" << "kraken-v2-trade.json"
                                << R"({"error":[],"result":{"XXBTZUSD":[["105944.20000","0.00027625",1696613755.440295,"b","l","",10218208],)"
                                   R"(["105910.50000","0.00012460",1696613756.1234567,"s","m","",10218209]],"last":"1696613756123456789"}})";
    }
    void rest_and_websocket_give_the_same_trade() {
        QFETCH(int, exchange);
        QFETCH(QString, symbol);
        QFETCH(QString, websocket_file);
        QFETCH(QString, rest_body);
        const auto live = websocket_trades(Exchange(exchange), test::read_text_file(test::ws_data("exchange-examples/" + websocket_file.toStdString())));
        const TradePage page = page_or_fail(Exchange(exchange), symbol.toStdString(), rest_body.toStdString());
        QVERIFY(!live.empty());
        QCOMPARE(page.trades.size(), live.size());
        for (std::size_t i = 0; i < live.size(); ++i)
            QVERIFY2(same_trade_but_receive_time(page.trades[i], live[i]), qPrintable(describe(page.trades[i]) + " vs " + describe(live[i])));
    }

    // ---------------------------------------------------------------- what is not a page

    void error_answers_carry_the_exchange_message_data() {
        QTest::addColumn<int>("exchange");
        QTest::addColumn<QString>("symbol");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("message");
        QTest::newRow("binance usd-m") << int(Exchange::BinanceFutures) << "NOSUCH" << "binance-futures-error.json" << "code -1121: Invalid symbol.";
        QTest::newRow("binance spot") << int(Exchange::BinanceSpot) << "NOSUCH" << "binance-futures-error.json" << "code -1121: Invalid symbol.";
        QTest::newRow("okx") << int(Exchange::Okx) << "NO-SUCH" << "okx-error.json" << "code 51001: Instrument ID does not exist";
        QTest::newRow("bybit") << int(Exchange::Bybit) << "NOSUCH" << "bybit-error.json" << "retCode 10001: params error: symbol invalid";
        QTest::newRow("coinbase") << int(Exchange::Coinbase) << "NO-SUCH" << "coinbase-error.json" << "NOT_FOUND: ProductID is invalid";
        QTest::newRow("kraken") << int(Exchange::Kraken) << "NO/SUCH" << "kraken-error.json" << "EQuery:Unknown asset pair";
    }
    void error_answers_carry_the_exchange_message() {
        QFETCH(int, exchange);
        QFETCH(QString, symbol);
        QFETCH(QString, file);
        QFETCH(QString, message);
        const auto page = parse_trade_page(Exchange(exchange), symbol.toStdString(), rest_data(file.toStdString()));
        QVERIFY(!page);
        QVERIFY2(page.error().find(message.toStdString()) != std::string::npos, page.error().c_str());
        QVERIFY2(page.error().starts_with(std::string(exchange_name(Exchange(exchange)))), page.error().c_str());
    }

    void binance_klines_error_carries_the_message() {
        const auto klines = parse_klines(Exchange::BinanceFutures, rest_data("binance-futures-error.json"), kMinuteUs);
        QVERIFY(!klines);
        QVERIFY2(klines.error().find("Invalid symbol.") != std::string::npos, klines.error().c_str());
    }

    void a_bad_trade_fails_the_whole_page_saying_what() {
        const std::string bad = R"([{"a":1,"p":"10.5","q":"1","f":1,"l":1,"T":1,"m":false},{"a":2,"p":"ten","q":"1","f":2,"l":2,"T":2,"m":true}])";
        const auto page = parse_trade_page(Exchange::BinanceFutures, "BTCUSDT", bad);
        QVERIFY(!page);
        QVERIFY2(page.error().find("aggTrade 1: bad p \"ten\"") != std::string::npos, page.error().c_str());
        // Another symbol's trades are not this symbol's page.
        const auto other = parse_trade_page(Exchange::Okx, "ETH-USDT", rest_data("okx-history-trades.json"));
        QVERIFY(!other);
        QVERIFY2(other.error().find("BTC-USDT") != std::string::npos, other.error().c_str());
        QVERIFY(!parse_trade_page(Exchange::BinanceFutures, "BTCUSDT", "<html>429</html>"));
        QVERIFY(!parse_trade_page(Exchange::BinanceFutures, "BTCUSDT", R"({"result":[]})"));
        QVERIFY(!parse_trade_page(Exchange::Kraken, "BTC/USD", R"({"error":[],"result":{"last":"1"}})"));
        // An empty page is a page.
        const auto empty = parse_trade_page(Exchange::BinanceFutures, "BTCUSDT", "[]");
        QVERIFY(empty && empty->trades.empty());
    }

    // ---------------------------------------------------------------- requests as documented

    void binance_targets() {
        TradePageQuery q;
        q.symbol = "BTCUSDT";
        QCOMPARE(trade_page_target(Exchange::BinanceFutures, q), std::string("/fapi/v1/aggTrades?symbol=BTCUSDT&limit=1000"));
        QCOMPARE(trade_page_target(Exchange::BinanceSpot, q), std::string("/api/v3/aggTrades?symbol=BTCUSDT&limit=1000"));
        q.from_id = 26000000;
        QCOMPARE(trade_page_target(Exchange::BinanceFutures, q), std::string("/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=26000000&limit=1000"));
        q.limit = 500;
        QCOMPARE(trade_page_target(Exchange::BinanceFutures, q), std::string("/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=26000000&limit=500"));
        q.limit = 5000;  // past the documented maximum
        QCOMPARE(trade_page_target(Exchange::BinanceFutures, q), std::string("/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=26000000&limit=1000"));
        // fromId together with a time "might cause response timeout": never sent.
        q.start_us = k20200222;
        QVERIFY(trade_page_target(Exchange::BinanceFutures, q).empty());

        TradePageQuery t;
        t.symbol = "BTCUSDT";
        t.start_us = k20200222;
        // Inclusive ms at both ends, less than an hour apart.
        QCOMPARE(trade_page_target(Exchange::BinanceFutures, t),
                 std::string("/fapi/v1/aggTrades?symbol=BTCUSDT&startTime=1582329600000&endTime=1582333199999&limit=1000"));
        t.end_us = k20200222 + 30 * kMinuteUs;
        QCOMPARE(trade_page_target(Exchange::BinanceFutures, t),
                 std::string("/fapi/v1/aggTrades?symbol=BTCUSDT&startTime=1582329600000&endTime=1582331399999&limit=1000"));
        t.start_us = k20200222 + 1;  // trades are in ms: the first one at or after is the next ms
        t.end_us = k20200222 + 3 * kMinuteUs + 1;
        QCOMPARE(trade_page_target(Exchange::BinanceFutures, t),
                 std::string("/fapi/v1/aggTrades?symbol=BTCUSDT&startTime=1582329600001&endTime=1582329780000&limit=1000"));
        t.end_us = k20200222;  // an empty range
        QVERIFY(trade_page_target(Exchange::BinanceFutures, t).empty());

        // Back from an id: ids are consecutive, so the page before starts `limit` ids earlier.
        TradePageQuery b;
        b.symbol = "BTCUSDT";
        b.before_id = 26000000;
        QCOMPARE(trade_page_target(Exchange::BinanceFutures, b), std::string("/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=25999000&limit=1000"));
        b.before_id = 300;
        QCOMPARE(trade_page_target(Exchange::BinanceFutures, b), std::string("/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=0&limit=300"));
        b.before_id = 0;
        QVERIFY(trade_page_target(Exchange::BinanceFutures, b).empty());
    }

    void binance_weights_and_limits() {
        const RestLimits usdm = rest_limits(Exchange::BinanceFutures);
        QCOMPARE(usdm.base_url, std::string("https://fapi.binance.com"));
        QCOMPARE(usdm.max_page_trades, 1000);
        QCOMPARE(usdm.weight_per_page, 20);
        QCOMPARE(usdm.weight_per_minute, 2400);
        QCOMPARE(usdm.used_weight_header, std::string("X-MBX-USED-WEIGHT-1M"));
        QCOMPARE(usdm.max_window_us, 60 * kMinuteUs);
        QVERIFY(usdm.pages_by_id && usdm.pages_by_time && !usdm.newest_first);
        const RestLimits spot = rest_limits(Exchange::BinanceSpot);
        QCOMPARE(spot.base_url, std::string("https://api.binance.com"));
        QCOMPARE(spot.weight_per_page, 4);
        QCOMPARE(spot.weight_per_minute, 6000);
        TradePageQuery q;
        q.symbol = "BTCUSDT";
        QCOMPARE(trade_page_weight(Exchange::BinanceFutures, q), 20);
        QCOMPARE(trade_page_weight(Exchange::BinanceSpot, q), 4);
        // USD-M klines weigh by limit: [1,100) 1, [100,500) 2, [500,1000] 5, > 1000 10.
        QCOMPARE(kline_weight(Exchange::BinanceFutures, 99), 1);
        QCOMPARE(kline_weight(Exchange::BinanceFutures, 100), 2);
        QCOMPARE(kline_weight(Exchange::BinanceFutures, 499), 2);
        QCOMPARE(kline_weight(Exchange::BinanceFutures, 500), 5);
        QCOMPARE(kline_weight(Exchange::BinanceFutures, 1000), 5);
        QCOMPARE(kline_weight(Exchange::BinanceFutures, 1001), 10);
        QCOMPARE(kline_weight(Exchange::BinanceFutures, 1500), 10);
        QCOMPARE(kline_weight(Exchange::BinanceFutures, 0), 10);  // 0 asks for the most, 1,500
        QCOMPARE(kline_weight(Exchange::BinanceSpot, 1000), 2);
        QCOMPARE(max_klines_per_page(Exchange::BinanceFutures), 1500);
        QCOMPARE(max_klines_per_page(Exchange::BinanceSpot), 1000);
        for (Exchange e : {Exchange::Okx, Exchange::Bybit, Exchange::Coinbase, Exchange::Kraken}) {
            QCOMPARE(trade_page_weight(e, q), 1);
            QCOMPARE(rest_limits(e).weight_per_minute, 0);
            QVERIFY(rest_limits(e).requests_per_second > 0);
        }
    }

    void binance_kline_targets() {
        QCOMPARE(kline_target(Exchange::BinanceFutures, "BTCUSDT", kMinuteUs, k20200222, k20200222 + 1500 * kMinuteUs),
                 std::string("/fapi/v1/klines?symbol=BTCUSDT&interval=1m&startTime=1582329600000&endTime=1582419599999&limit=1500"));
        QCOMPARE(kline_target(Exchange::BinanceSpot, "BTCUSDT", 60 * kMinuteUs, 0, 0, 24),
                 std::string("/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=24"));
        QCOMPARE(kline_target(Exchange::BinanceSpot, "BTCUSDT", 1'000'000, 0, 0),
                 std::string("/api/v3/klines?symbol=BTCUSDT&interval=1s&limit=1000"));
        QVERIFY(kline_target(Exchange::BinanceFutures, "BTCUSDT", 1'000'000, 0, 0).empty());  // no 1s on USD-M
        QVERIFY(kline_target(Exchange::BinanceFutures, "BTCUSDT", 7 * kMinuteUs, 0, 0).empty());
    }

    void okx_targets() {
        TradePageQuery q;
        q.symbol = "BTC-USDT";
        QCOMPARE(trade_page_target(Exchange::Okx, q), std::string("/api/v5/market/history-trades?instId=BTC-USDT&type=1&limit=100"));
        q.before_id = 242720719;  // back from an id: `after` returns the records earlier than it
        QCOMPARE(trade_page_target(Exchange::Okx, q),
                 std::string("/api/v5/market/history-trades?instId=BTC-USDT&type=1&after=242720719&limit=100"));
        q.before_id.reset();
        q.end_us = std::int64_t(1654161646974) * 1000 + 1;  // back from a time: type 2, ms
        QCOMPARE(trade_page_target(Exchange::Okx, q),
                 std::string("/api/v5/market/history-trades?instId=BTC-USDT&type=2&after=1654161646975&limit=100"));
        TradePageQuery forward;
        forward.symbol = "BTC-USDT";
        forward.from_id = 1;  // `before` alone returns the latest page, not the next one
        QVERIFY(trade_page_target(Exchange::Okx, forward).empty());
        forward.from_id.reset();
        forward.start_us = k20200222;
        QVERIFY(trade_page_target(Exchange::Okx, forward).empty());
        const RestLimits okx = rest_limits(Exchange::Okx);
        QCOMPARE(okx.max_page_trades, 100);
        QCOMPARE(okx.requests_per_second, 10);  // 20 per 2 s
        QVERIFY(okx.newest_first && okx.pages_by_id);
    }

    void bybit_coinbase_kraken_targets() {
        TradePageQuery bybit;
        bybit.symbol = "BTCUSDT";
        QCOMPARE(trade_page_target(Exchange::Bybit, bybit), std::string("/v5/market/recent-trade?category=linear&symbol=BTCUSDT&limit=1000"));
        bybit.category = "spot";
        QCOMPARE(trade_page_target(Exchange::Bybit, bybit), std::string("/v5/market/recent-trade?category=spot&symbol=BTCUSDT&limit=60"));
        bybit.start_us = k20200222;  // Bybit serves the latest trades only
        QVERIFY(trade_page_target(Exchange::Bybit, bybit).empty());

        TradePageQuery coinbase;
        coinbase.symbol = "BTC-USD";
        QCOMPARE(trade_page_target(Exchange::Coinbase, coinbase), std::string("/api/v3/brokerage/market/products/BTC-USD/ticker?limit=1000"));
        coinbase.start_us = k20200222 + 1;  // whole seconds that cover the range
        coinbase.end_us = k20200222 + kMinuteUs + 1;
        QCOMPARE(trade_page_target(Exchange::Coinbase, coinbase),
                 std::string("/api/v3/brokerage/market/products/BTC-USD/ticker?limit=1000&start=1582329600&end=1582329661"));
        coinbase.before_id = 5;
        QVERIFY(trade_page_target(Exchange::Coinbase, coinbase).empty());

        TradePageQuery kraken;
        kraken.symbol = "BTC/USD";
        QCOMPARE(trade_page_target(Exchange::Kraken, kraken), std::string("/0/public/Trades?pair=BTCUSD&count=1000"));
        kraken.start_us = k20200222;  // ns, one before the start
        QCOMPARE(trade_page_target(Exchange::Kraken, kraken), std::string("/0/public/Trades?pair=BTCUSD&since=1582329599999999999&count=1000"));
        kraken.start_us.reset();
        kraken.cursor = "1688671969993150842";
        QCOMPARE(trade_page_target(Exchange::Kraken, kraken), std::string("/0/public/Trades?pair=BTCUSD&since=1688671969993150842&count=1000"));
        kraken.cursor.reset();
        kraken.from_id = 1;
        QVERIFY(trade_page_target(Exchange::Kraken, kraken).empty());
        QVERIFY(trade_page_target(Exchange::Unknown, kraken).empty());
    }

    // ---------------------------------------------------------------- rate budget

    void budget_allows_the_share_of_the_limit() {
        QCOMPARE(RateBudget({2400, 0.5}).allowed_per_minute(), 1200);
        QCOMPARE(RateBudget({2400, 0.3}).allowed_per_minute(), 720);  // not 719 from 719.999…
        QCOMPARE(RateBudget({6000, 0.5}).allowed_per_minute(), 3000);
        QCOMPARE(RateBudget({600, 1.0}).allowed_per_minute(), 600);
    }

    void budget_windows_are_utc_minutes() {
        RateBudget budget({2400, 0.5});
        const std::int64_t minute = k20200222 + 7 * kMinuteUs;
        const std::int64_t now = minute + 10'000'000;  // 10 s into the minute
        for (int i = 0; i < 59; ++i) {
            QCOMPARE(budget.wait_us(20, now), std::int64_t(0));
            budget.spend(20, now);
        }
        QCOMPARE(budget.wait_us(20, now), std::int64_t(0));  // 1180 + 20 = 1200: exactly the share
        budget.spend(20, now);
        QCOMPARE(budget.wait_us(20, now), std::int64_t(50'000'000));  // to the next UTC minute
        QCOMPARE(budget.wait_us(1, minute + kMinuteUs - 1), std::int64_t(1));
        QCOMPARE(budget.wait_us(20, minute + kMinuteUs), std::int64_t(0));  // a new window
        budget.spend(20, minute + kMinuteUs);
        QCOMPARE(budget.wait_us(1180, minute + kMinuteUs), std::int64_t(0));
        QCOMPARE(budget.wait_us(1181, minute + kMinuteUs + 5'000'000), std::int64_t(55'000'000));
        // One request heavier than the whole share goes alone in a fresh minute, never waits forever.
        RateBudget small({10, 0.5});
        QCOMPARE(small.wait_us(20, now), std::int64_t(0));
        small.spend(20, now);
        QCOMPARE(small.wait_us(1, now), std::int64_t(50'000'000));
    }

    void budget_believes_the_weight_the_exchange_reports() {
        RateBudget budget({2400, 0.5});
        const std::int64_t now = k20200222 + 30'000'000;
        budget.spend(20, now);
        // Other clients on this IP used 1,190: 20 more would pass the share.
        budget.observe(200, 1190, "", now);
        QCOMPARE(budget.wait_us(20, now), std::int64_t(30'000'000));
        QCOMPARE(budget.wait_us(10, now), std::int64_t(0));
        // A lower report never lowers what was spent; -1 reports nothing.
        budget.observe(200, 5, "", now);
        budget.observe(200, -1, "", now);
        QCOMPARE(budget.wait_us(20, now), std::int64_t(30'000'000));
        // A report in the next minute is that minute's.
        budget.observe(200, 40, "", now + kMinuteUs);
        QCOMPARE(budget.wait_us(1160, now + kMinuteUs), std::int64_t(0));
        QCOMPARE(budget.wait_us(1161, now + kMinuteUs), std::int64_t(30'000'000));
        QCOMPARE(budget.blocked_until_us(), std::int64_t(0));
    }

    void budget_waits_as_429_and_418_say() {
        const std::int64_t now = k20200222 + 30'000'000;
        RateBudget budget({2400, 0.5});
        budget.observe(429, 2400, "7", now);
        QCOMPARE(budget.blocked_until_us(), now + 7'000'000);
        QCOMPARE(budget.wait_us(1, now), std::int64_t(7'000'000));
        QCOMPARE(budget.wait_us(1, now + 6'000'000), std::int64_t(1'000'000));
        // After Retry-After the minute's count still holds: 2,400 reported, the share is spent.
        QCOMPARE(budget.wait_us(1, now + 7'000'000), std::int64_t(23'000'000));

        RateBudget banned({2400, 0.5});
        banned.observe(418, -1, "", now);  // no Retry-After: 60 s
        QCOMPARE(banned.wait_us(1, now), std::int64_t(60'000'000));
        banned.observe(418, -1, "120", now + 1'000'000);  // a longer ban extends it
        QCOMPARE(banned.blocked_until_us(), now + 121'000'000);
        banned.observe(429, -1, "1", now + 2'000'000);  // a shorter one never shortens it
        QCOMPARE(banned.blocked_until_us(), now + 121'000'000);

        RateBudget odd({2400, 0.5});
        odd.observe(429, -1, "Wed, 21 Oct 2015 07:28:00 GMT", now);  // not delay-seconds: the default
        QCOMPARE(odd.blocked_until_us(), now + 60'000'000);
        RateBudget fine({2400, 0.5});
        fine.observe(200, -1, "30", now);  // Retry-After on a 200 means nothing
        QCOMPARE(fine.blocked_until_us(), std::int64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestRestTrades)
#include "test_rest_trades.moc"
