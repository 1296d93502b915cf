// Every exchange adapter on real frames: exact trades and aggressor sides from the exchanges'
// own examples and the captured Binance hour; subscribe messages exactly as documented; acks,
// heartbeats and error frames recognised; malformed frames never crash and never make a trade.
#include <QtTest>

#include <fstream>
#include <sstream>

#include "net/adapters.hpp"
#include "net/exchange_adapter.hpp"
#include "support/test_data.hpp"

using namespace flowscope;

namespace {

std::string example(const std::string& name) {
    std::string text = test::read_text_file(test::data_path("ws/exchange-examples/" + name));
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    return text;
}

QString str(std::string_view s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }
QString price_text(const Trade& t) { return str(format_price(t.price)); }
QString qty_text(const Trade& t) { return str(format_quantity(t.quantity)); }

struct Parsed {
    FrameResult result;
    std::vector<Trade> trades;
};

Parsed parse(const ExchangeAdapter& adapter, std::string_view frame, std::int64_t receive_time_us = 77) {
    Parsed p;
    p.result = adapter.parse(frame, receive_time_us, p.trades);
    return p;
}

std::unique_ptr<ExchangeAdapter> adapter_named(const QString& name) {
    if (name == "binance-spot-trade") return make_binance_spot_adapter(BinanceStream::Trade);
    if (name == "bybit-spot") return make_bybit_adapter(BybitCategory::Spot);
    return make_adapter(*exchange_from_name(name.toStdString()));
}

}  // namespace

class TestNetAdapters : public QObject {
    Q_OBJECT
private slots:
    void binance_futures_agg_trade_example() {
        auto adapter = make_adapter(Exchange::BinanceFutures);
        auto p = parse(*adapter, example("binance-futures-aggTrade.json"), 1234);
        QCOMPARE(p.result.kind, FrameKind::Trades);
        QCOMPARE(p.trades.size(), std::size_t(1));
        const Trade& t = p.trades[0];
        QCOMPARE(price_text(t), QString("0.001"));
        QCOMPARE(qty_text(t), QString("100"));
        QCOMPARE(str(t.id.text.view()), QString("5933014"));
        QCOMPARE(*t.id.number, std::uint64_t(5933014));
        QCOMPARE(t.exchange_time_us, std::int64_t(123456785) * 1000);  // T, not the event time E
        QCOMPARE(t.receive_time_us, std::int64_t(1234));
        QCOMPARE(str(t.symbol.view()), QString("BTCUSDT"));
        QCOMPARE(t.exchange, Exchange::BinanceFutures);
        QCOMPARE(t.aggressor, Side::Sell);  // m true: the buyer was the maker, the seller hit the bid
    }

    void binance_futures_trade_example() {
        auto adapter = make_binance_futures_adapter(BinanceStream::Trade);
        auto p = parse(*adapter, example("binance-futures-trade.json"));
        QCOMPARE(p.result.kind, FrameKind::Trades);
        QCOMPARE(p.trades.size(), std::size_t(1));
        QCOMPARE(*p.trades[0].id.number, std::uint64_t(5933014));
        QCOMPARE(p.trades[0].aggressor, Side::Sell);
        QCOMPARE(price_text(p.trades[0]), QString("0.001"));
    }

    void binance_spot_combined_agg_trade_example() {
        auto adapter = make_adapter(Exchange::BinanceSpot);
        auto p = parse(*adapter, example("binance-spot-aggTrade-combined.json"));
        QCOMPARE(p.result.kind, FrameKind::Trades);
        QCOMPARE(p.trades.size(), std::size_t(1));
        const Trade& t = p.trades[0];
        QCOMPARE(price_text(t), QString("1632.46"));
        QCOMPARE(qty_text(t), QString("0.34305"));
        QCOMPARE(*t.id.number, std::uint64_t(226532));
        QCOMPARE(t.exchange_time_us, std::int64_t(1675759520847000));
        QCOMPARE(str(t.symbol.view()), QString("ETHUSDT"));
        QCOMPARE(t.aggressor, Side::Buy);  // m false: the buyer took the offer
    }

    void binance_spot_combined_trade_uses_t_not_seller_order_a() {
        auto adapter = make_binance_spot_adapter(BinanceStream::Trade);
        auto p = parse(*adapter, example("binance-spot-trade-combined.json"));
        QCOMPARE(p.result.kind, FrameKind::Trades);
        QCOMPARE(p.trades.size(), std::size_t(1));
        const Trade& t = p.trades[0];
        QCOMPARE(*t.id.number, std::uint64_t(705291099));  // "a" here is the seller's order id
        QCOMPARE(price_text(t), QString("4149.74"));
        QCOMPARE(qty_text(t), QString("0.4387"));
        QCOMPARE(t.exchange_time_us, std::int64_t(1639351062243000));
        QCOMPARE(t.aggressor, Side::Sell);
    }

    void bybit_public_trade_example() {
        auto adapter = make_adapter(Exchange::Bybit);
        auto p = parse(*adapter, example("bybit-v5-publicTrade.json"));
        QCOMPARE(p.result.kind, FrameKind::Trades);
        QCOMPARE(p.trades.size(), std::size_t(1));
        const Trade& t = p.trades[0];
        QCOMPARE(price_text(t), QString("27451"));
        QCOMPARE(qty_text(t), QString("0.01"));
        QCOMPARE(str(t.id.text.view()), QString("9dc75fca-4bdd-4773-9f78-6f5d7ab2a110"));
        QVERIFY(!t.id.number);
        QCOMPARE(t.exchange_time_us, std::int64_t(1709891679000000));
        QCOMPARE(str(t.symbol.view()), QString("BTCUSDT"));
        QCOMPARE(t.aggressor, Side::Buy);  // S is the taker's side
    }

    void bybit_real_topic_and_sell() {
        auto adapter = make_bybit_adapter(BybitCategory::Spot);
        auto p = parse(*adapter, R"({"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1672304486868,"data":[{"T":1672304486865,"s":"BTCUSDT","S":"Sell","v":"0.001","p":"16578.50","L":"PlusTick","i":"20f43950-d8dd-5b31-9112-a178eb6023af","BT":false},{"T":1672304486866,"s":"BTCUSDT","S":"Buy","v":"0.002","p":"16578.60","i":"2290000000007764263","BT":false}]})");
        QCOMPARE(p.result.kind, FrameKind::Trades);
        QCOMPARE(p.trades.size(), std::size_t(2));
        QCOMPARE(p.trades[0].aggressor, Side::Sell);
        QCOMPARE(price_text(p.trades[0]), QString("16578.5"));
        QCOMPARE(p.trades[1].aggressor, Side::Buy);
        QCOMPARE(*p.trades[1].id.number, std::uint64_t(2290000000007764263ULL));
    }

    // Prints that are not aggression, on crafted frames of each exchange's documented shape: the
    // rule each adapter's opening comment states.
    void binance_futures_x_other_than_market_is_not_aggression_data() {
        QTest::addColumn<QString>("frame");
        QTest::addColumn<int>("print");
        const QString shape = R"({"e":"trade","E":1582329602418,"T":1582329602111,"s":"BTCUSDT","t":42377944,"p":"9682.00","q":"0.132","X":"%1","m":false})";
        QTest::newRow("MARKET") << shape.arg("MARKET") << int(Print::Aggression);
        QTest::newRow("INSURANCE_FUND") << shape.arg("INSURANCE_FUND") << int(Print::InsuranceFund);
        QTest::newRow("ADL") << shape.arg("ADL") << int(Print::Deleveraging);
        QTest::newRow("NA") << shape.arg("NA") << int(Print::Unmarked);
        QTest::newRow("pretty-printed INSURANCE_FUND")  // the simdjson path
            << R"({ "e": "trade", "T": 1582329602111, "s": "BTCUSDT", "t": 1, "p": "9682", "q": "1", "X": "INSURANCE_FUND", "m": true })"
            << int(Print::InsuranceFund);
        QTest::newRow("no X (aggTrade)") << QString::fromStdString(example("binance-futures-aggTrade.json")) << int(Print::Aggression);
    }
    void binance_futures_x_other_than_market_is_not_aggression() {
        QFETCH(QString, frame);
        QFETCH(int, print);
        auto adapter = make_binance_futures_adapter(BinanceStream::Trade);
        auto p = parse(*adapter, frame.toStdString());
        QCOMPARE(p.result.kind, FrameKind::Trades);
        QCOMPARE(p.trades.size(), std::size_t(1));
        QCOMPARE(int(p.trades[0].print), print);
    }

    void bybit_block_trade_is_not_aggression() {
        auto adapter = make_adapter(Exchange::Bybit);
        auto p = parse(*adapter, R"({"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1709891679005,"data":[{"T":1709891679000,"s":"BTCUSDT","S":"Buy","v":"5.000","p":"27451.00","i":"a1","BT":true},{"T":1709891679001,"s":"BTCUSDT","S":"Sell","v":"0.010","p":"27451.00","i":"a2","BT":false,"RPI":true},{"T":1709891679002,"s":"BTCUSDT","S":"Sell","v":"0.020","p":"27450.00","i":"a3"}]})");
        QCOMPARE(p.result.kind, FrameKind::Trades);
        QCOMPARE(p.trades.size(), std::size_t(3));
        QCOMPARE(p.trades[0].print, Print::Block);
        QCOMPARE(p.trades[1].print, Print::Aggression);  // an RPI fill still had a taker
        QCOMPARE(p.trades[2].print, Print::Aggression);
        QCOMPARE(parse(*adapter, example("bybit-v5-publicTrade.json")).trades.at(0).print, Print::Aggression);
        // BT of another type spoils the frame like any other mistyped field.
        QCOMPARE(parse(*adapter, R"({"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1,"data":[{"T":1,"s":"BTCUSDT","S":"Buy","v":"1","p":"1","i":"a","BT":"yes"}]})").result.kind,
                 FrameKind::Malformed);
    }

    void okx_coinbase_kraken_document_no_prints_apart() {
        auto okx = make_adapter(Exchange::Okx);
        auto p = parse(*okx, R"({"arg":{"channel":"trades","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","tradeId":"1","px":"42219.9","sz":"0.1","side":"buy","ts":"1630048897897","count":"1","source":"1","seqId":5}]})");
        QCOMPARE(p.result.kind, FrameKind::Trades);
        QCOMPARE(p.trades.at(0).print, Print::Aggression);  // an ELP maker, the taker still crossed
        QCOMPARE(parse(*okx, example("okx-v5-trades.json")).trades.at(0).print, Print::Aggression);
        auto coinbase = make_adapter(Exchange::Coinbase);
        for (const Trade& t : parse(*coinbase, example("coinbase-advanced-market_trades.json")).trades)
            QCOMPARE(t.print, Print::Aggression);
        auto kraken = make_adapter(Exchange::Kraken);
        const auto k = parse(*kraken, example("kraken-v2-trade.json"));
        QCOMPARE(k.trades.size(), std::size_t(2));
        QCOMPARE(k.trades[0].print, Print::Aggression);  // ord_type limit: a marketable limit order
        QCOMPARE(k.trades[1].print, Print::Aggression);
    }

    void okx_trades_example() {
        auto adapter = make_adapter(Exchange::Okx);
        auto p = parse(*adapter, example("okx-v5-trades.json"));
        QCOMPARE(p.result.kind, FrameKind::Trades);
        QCOMPARE(p.trades.size(), std::size_t(1));
        const Trade& t = p.trades[0];
        QCOMPARE(price_text(t), QString("42219.9"));
        QCOMPARE(qty_text(t), QString("0.12060306"));
        QCOMPARE(*t.id.number, std::uint64_t(130639474));
        QCOMPARE(t.exchange_time_us, std::int64_t(1630048897897000));
        QCOMPARE(str(t.symbol.view()), QString("BTC-USD"));
        QCOMPARE(t.aggressor, Side::Buy);
    }

    void coinbase_market_trades_example() {
        auto adapter = make_adapter(Exchange::Coinbase);
        auto p = parse(*adapter, example("coinbase-advanced-market_trades.json"));
        QCOMPARE(p.result.kind, FrameKind::Trades);
        QCOMPARE(p.trades.size(), std::size_t(2));
        QCOMPARE(price_text(p.trades[0]), QString("68900.5"));
        QCOMPARE(qty_text(p.trades[0]), QString("0.0015"));
        QCOMPARE(str(p.trades[0].id.text.view()), QString("995098700"));
        QCOMPARE(p.trades[0].exchange_time_us, std::int64_t(1775572202789012));
        QCOMPARE(str(p.trades[0].symbol.view()), QString("BTC-USD"));
        // `side` names the maker (coinbase_adapter.cpp, held to a recorded book by test_net_coinbase_book).
        QCOMPARE(p.trades[0].aggressor, Side::Sell);
        QCOMPARE(price_text(p.trades[1]), QString("68900"));
        QCOMPARE(qty_text(p.trades[1]), QString("0.05"));
        QCOMPARE(p.trades[1].exchange_time_us, std::int64_t(1775572202800000));
        QCOMPARE(p.trades[1].aggressor, Side::Buy);
    }

    void kraken_trade_example_exact_from_number_text() {
        auto adapter = make_adapter(Exchange::Kraken);
        auto p = parse(*adapter, example("kraken-v2-trade.json"));
        QCOMPARE(p.result.kind, FrameKind::Trades);
        QCOMPARE(p.trades.size(), std::size_t(2));
        QCOMPARE(p.trades[0].price.units, std::int64_t(10594420000000));
        QCOMPARE(p.trades[0].quantity.units, int128(27625));
        QCOMPARE(*p.trades[0].id.number, std::uint64_t(10218208));
        QCOMPARE(p.trades[0].exchange_time_us, std::int64_t(1696613755440295));
        QCOMPARE(p.trades[0].aggressor, Side::Buy);
        QCOMPARE(str(p.trades[0].symbol.view()), QString("BTC/USD"));
        QCOMPARE(price_text(p.trades[1]), QString("105910.5"));
        QCOMPARE(qty_text(p.trades[1]), QString("0.0001246"));
        QCOMPARE(p.trades[1].exchange_time_us, std::int64_t(1696613756123456));
        QCOMPARE(p.trades[1].aggressor, Side::Sell);
    }

    void kraken_numbers_that_a_double_would_spoil() {
        auto adapter = make_adapter(Exchange::Kraken);
        // 0.1 and 0.3 are not binary fractions; 1.2e-05 is exponent text; 12345678.12345678 has 16 digits.
        auto p = parse(*adapter, R"({"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"sell","price":12345678.12345678,"qty":1.2e-05,"ord_type":"market","trade_id":1,"timestamp":"2023-10-06T17:35:55.1Z"},{"symbol":"BTC/USD","side":"buy","price":0.3,"qty":0.1,"ord_type":"limit","trade_id":2,"timestamp":"2023-10-06T17:35:55.123456789Z"}]})");
        QCOMPARE(p.result.kind, FrameKind::Trades);
        QCOMPARE(p.trades.size(), std::size_t(2));
        QCOMPARE(price_text(p.trades[0]), QString("12345678.12345678"));
        QCOMPARE(qty_text(p.trades[0]), QString("0.000012"));
        QCOMPARE(p.trades[0].exchange_time_us, std::int64_t(1696613755100000));
        QCOMPARE(p.trades[1].price.units, std::int64_t(30000000));
        QCOMPARE(p.trades[1].quantity.units, int128(10000000));
        QCOMPARE(p.trades[1].exchange_time_us, std::int64_t(1696613755123456));  // ns cut to µs
    }

    // The whole captured hour, frame by frame, against Binance's own aggTrades file.
    void binance_hour_of_agg_trades_matches_the_csv() {
        auto adapter = make_adapter(Exchange::BinanceFutures);
        const auto frames = test::read_lines(test::data_path("ws/binance-futures-btcusdt-aggTrade-2020-02-22T00.ndjson"));
        const auto rows = test::read_lines(test::data_path("binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv"));
        QCOMPARE(frames.size(), std::size_t(4297));
        QCOMPARE(rows.size(), frames.size() + 1);  // header
        std::vector<Trade> trades;
        for (const auto& frame : frames) QCOMPARE(adapter->parse(frame, 0, trades).kind, FrameKind::Trades);
        QCOMPARE(trades.size(), frames.size());
        for (std::size_t i = 0; i < trades.size(); ++i) {
            const QStringList f = QString::fromStdString(rows[i + 1]).split(',');
            const Trade& t = trades[i];
            QCOMPARE(QString::number(*t.id.number), f[0]);
            QCOMPARE(price_text(t), f[1]);
            QCOMPARE(qty_text(t), f[2]);
            QCOMPARE(t.exchange_time_us, f[5].toLongLong() * 1000);
            QCOMPARE(t.aggressor, f[6] == "true" ? Side::Sell : Side::Buy);
        }
    }

    void binance_hour_of_trades_matches_the_csv() {
        auto adapter = make_binance_futures_adapter(BinanceStream::Trade);
        const auto frames = test::read_lines(test::data_path("ws/binance-futures-btcusdt-trade-2020-02-22T00.ndjson"));
        const auto rows = test::read_lines(test::data_path("binance-futures-BTCUSDT-2020-02-22T00.trades.csv"));
        QCOMPARE(frames.size(), std::size_t(5041));
        std::vector<Trade> trades;
        for (const auto& frame : frames) QCOMPARE(adapter->parse(frame, 0, trades).kind, FrameKind::Trades);
        QCOMPARE(trades.size(), frames.size());
        Quantity buys, sells;
        for (std::size_t i = 0; i < trades.size(); ++i) {
            const QStringList f = QString::fromStdString(rows[i + 1]).split(',');
            const Trade& t = trades[i];
            QCOMPARE(QString::number(*t.id.number), f[0]);
            QCOMPARE(price_text(t), f[1]);
            QCOMPARE(qty_text(t), f[2]);
            QCOMPARE(t.exchange_time_us, f[4].toLongLong() * 1000);
            QCOMPARE(t.aggressor, f[5] == "true" ? Side::Sell : Side::Buy);
            (t.aggressor == Side::Buy ? buys : sells) += t.quantity;
        }
        QVERIFY(!buys.is_zero() && !sells.is_zero());
    }

    void subscribe_messages_as_documented_data() {
        QTest::addColumn<QString>("adapter");
        QTest::addColumn<QStringList>("symbols");
        QTest::addColumn<QStringList>("messages");
        QTest::addColumn<QString>("endpoint");
        QTest::newRow("binance-futures") << "binance-futures" << QStringList{"BTCUSDT", "ETHUSDT"}
            << QStringList{R"({"method":"SUBSCRIBE","params":["btcusdt@aggTrade","ethusdt@aggTrade"],"id":1})"}
            << "wss://fstream.binance.com:443/market/ws";
        QTest::newRow("binance-spot trade") << "binance-spot-trade" << QStringList{"BTCUSDT"}
            << QStringList{R"({"method":"SUBSCRIBE","params":["btcusdt@trade"],"id":1})"}
            << "wss://stream.binance.com:443/ws";
        QTest::newRow("bybit linear") << "bybit" << QStringList{"BTCUSDT", "ETHUSDT"}
            << QStringList{R"({"op":"subscribe","args":["publicTrade.BTCUSDT","publicTrade.ETHUSDT"]})"}
            << "wss://stream.bybit.com:443/v5/public/linear";
        QTest::newRow("bybit spot") << "bybit-spot" << QStringList{"BTCUSDT"}
            << QStringList{R"({"op":"subscribe","args":["publicTrade.BTCUSDT"]})"}
            << "wss://stream.bybit.com:443/v5/public/spot";
        QTest::newRow("okx") << "okx" << QStringList{"BTC-USDT", "BTC-USDT-SWAP"}
            << QStringList{R"({"op":"subscribe","args":[{"channel":"trades","instId":"BTC-USDT"},{"channel":"trades","instId":"BTC-USDT-SWAP"}]})"}
            << "wss://ws.okx.com:8443/ws/v5/public";
        QTest::newRow("coinbase") << "coinbase" << QStringList{"BTC-USD", "ETH-USD"}
            << QStringList{R"({"type":"subscribe","product_ids":["BTC-USD","ETH-USD"],"channel":"market_trades"})",
                           R"({"type":"subscribe","product_ids":["BTC-USD","ETH-USD"],"channel":"heartbeats"})"}
            << "wss://advanced-trade-ws.coinbase.com:443/";
        QTest::newRow("kraken") << "kraken" << QStringList{"BTC/USD"}
            << QStringList{R"({"method":"subscribe","params":{"channel":"trade","symbol":["BTC/USD"],"snapshot":false}})"}
            << "wss://ws.kraken.com:443/v2";
    }
    void subscribe_messages_as_documented() {
        QFETCH(QString, adapter);
        QFETCH(QStringList, symbols);
        QFETCH(QStringList, messages);
        QFETCH(QString, endpoint);
        auto a = adapter_named(adapter);
        std::vector<std::string> syms;
        for (const QString& s : symbols) syms.push_back(s.toStdString());
        QStringList got;
        for (const auto& m : a->subscribe_messages(syms)) got << QString::fromStdString(m);
        QCOMPARE(got, messages);
        const Endpoint e = a->endpoint(syms);
        QCOMPARE(QString::fromStdString((e.tls ? "wss://" : "ws://") + e.host + ":" + e.port + e.target), endpoint);
    }

    void bybit_subscribes_at_most_ten_topics_per_message() {
        auto a = make_bybit_adapter(BybitCategory::Spot);
        std::vector<std::string> syms;
        for (int i = 0; i < 12; ++i) syms.push_back("S" + std::to_string(i) + "USDT");
        const auto messages = a->subscribe_messages(syms);
        QCOMPARE(messages.size(), std::size_t(2));
        QVERIFY(messages[1] == R"({"op":"subscribe","args":["publicTrade.S10USDT","publicTrade.S11USDT"]})");
    }

    void symbols_in_the_exchange_spelling_data() {
        QTest::addColumn<QString>("adapter");
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("spelled");
        QTest::newRow("binance") << "binance-futures" << "btcusdt" << "BTCUSDT";
        QTest::newRow("binance slash") << "binance" << "btc/usdt" << "BTCUSDT";
        QTest::newRow("bybit") << "bybit" << "ethusdt" << "ETHUSDT";
        QTest::newRow("okx") << "okx" << "btc-usdt-swap" << "BTC-USDT-SWAP";
        QTest::newRow("okx slash") << "okx" << "btc/usdt" << "BTC-USDT";
        QTest::newRow("coinbase") << "coinbase" << "btc/usd" << "BTC-USD";
        QTest::newRow("kraken") << "kraken" << "btc-usd" << "BTC/USD";
    }
    void symbols_in_the_exchange_spelling() {
        QFETCH(QString, adapter);
        QFETCH(QString, typed);
        QFETCH(QString, spelled);
        QCOMPARE(QString::fromStdString(adapter_named(adapter)->normalize_symbol(typed.toStdString())), spelled);
    }

    void control_frames_data() {
        QTest::addColumn<QString>("adapter");
        QTest::addColumn<QString>("frame");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("message_contains");
        const int ack = int(FrameKind::Ack), heartbeat = int(FrameKind::Heartbeat), error = int(FrameKind::Error),
                  unknown = int(FrameKind::Unknown);
        QTest::newRow("binance ack") << "binance-futures" << R"({"result":null,"id":1})" << ack << "";
        QTest::newRow("binance error") << "binance-futures" << R"({"code":2,"msg":"Invalid request: unknown variant `SUBSCRIBEX`","id":1})" << error << "unknown variant";
        QTest::newRow("binance nested error") << "binance" << R"({"error":{"code":2,"msg":"Invalid request: invalid stream"},"id":1})" << error << "invalid stream";
        QTest::newRow("binance other event") << "binance-futures" << R"({"e":"markPriceUpdate","E":1562305380000,"s":"BTCUSDT","p":"11794.15000000"})" << unknown << "";
        QTest::newRow("binance array") << "binance" << "[1,2,3]" << int(FrameKind::Malformed) << "";
        QTest::newRow("bybit ack") << "bybit" << R"({"success":true,"ret_msg":"","conn_id":"cejreaspqfh3sjdnldmg-p","req_id":"","op":"subscribe"})" << ack << "";
        QTest::newRow("bybit error") << "bybit" << R"({"success":false,"ret_msg":"error:handler not found","conn_id":"x","req_id":"","op":"subscribe"})" << error << "handler not found";
        QTest::newRow("bybit spot pong") << "bybit" << R"({"success":true,"ret_msg":"pong","conn_id":"0970e817","req_id":"","op":"ping"})" << heartbeat << "";
        QTest::newRow("bybit linear pong") << "bybit" << R"({"req_id":"t","op":"pong","args":["1675418560633"],"conn_id":"cfcb4ocsvfriu23r3er0-1b"})" << heartbeat << "";
        QTest::newRow("bybit orderbook") << "bybit" << R"({"topic":"orderbook.50.BTCUSDT","type":"snapshot","ts":1672304484978,"data":{"s":"BTCUSDT","b":[["16493.50","0.006"]],"a":[],"u":18521288,"seq":7961638724}})" << unknown << "";
        QTest::newRow("okx ack") << "okx" << R"({"event":"subscribe","arg":{"channel":"trades","instId":"BTC-USDT"},"connId":"accb8e21"})" << ack << "";
        QTest::newRow("okx error") << "okx" << "{\"event\":\"error\",\"code\":\"60012\",\"msg\":\"Invalid request: {\\\"op\\\": \\\"subscribe\\\"}\",\"connId\":\"a4d3ae55\"}" << error << "60012";  // not a raw string: moc misreads \\" inside those
        QTest::newRow("okx pong") << "okx" << "pong" << heartbeat << "";
        QTest::newRow("okx notice") << "okx" << R"({"event":"notice","code":"64008","msg":"The connection will soon be closed for a service upgrade.","connId":"a4d3ae55"})" << error << "service upgrade";
        QTest::newRow("okx other channel") << "okx" << R"({"arg":{"channel":"tickers","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","last":"9999.99"}]})" << unknown << "";
        QTest::newRow("coinbase subscriptions") << "coinbase" << R"({"channel":"subscriptions","client_id":"","timestamp":"2023-02-09T20:32:49.523254Z","sequence_num":1,"events":[{"subscriptions":{"market_trades":["BTC-USD"]}}]})" << ack << "";
        QTest::newRow("coinbase heartbeat") << "coinbase" << R"({"channel":"heartbeats","client_id":"","timestamp":"2023-06-23T20:31:56.121961769Z","sequence_num":2,"events":[{"current_time":"2023-06-23 20:31:56.121961769 +0000 UTC m=+91717.525857105","heartbeat_counter":"3049"}]})" << heartbeat << "";
        QTest::newRow("coinbase error") << "coinbase" << R"({"type":"error","message":"failure to subscribe"})" << error << "failure to subscribe";
        QTest::newRow("coinbase ticker") << "coinbase" << R"({"channel":"ticker","client_id":"","timestamp":"2023-02-09T20:30:37.167359596Z","sequence_num":0,"events":[{"type":"snapshot","tickers":[{"type":"ticker","product_id":"BTC-USD","price":"21932.98"}]}]})" << unknown << "";
        QTest::newRow("kraken ack") << "kraken" << R"({"method":"subscribe","result":{"channel":"trade","snapshot":false,"symbol":"BTC/USD"},"success":true,"time_in":"2023-09-25T09:04:31.742599Z","time_out":"2023-09-25T09:04:31.742648Z"})" << ack << "";
        QTest::newRow("kraken error") << "kraken" << R"({"error":"Currency pair not supported BTC/XYZ","method":"subscribe","success":false,"symbol":"BTC/XYZ","time_in":"2023-09-25T09:04:31.742599Z","time_out":"2023-09-25T09:04:31.742648Z"})" << error << "Currency pair not supported";
        QTest::newRow("kraken heartbeat") << "kraken" << R"({"channel":"heartbeat"})" << heartbeat << "";
        QTest::newRow("kraken pong") << "kraken" << R"({"method":"pong","time_in":"2023-09-24T14:10:23.799685Z","time_out":"2023-09-24T14:10:23.799703Z"})" << heartbeat << "";
        QTest::newRow("kraken status") << "kraken" << R"({"channel":"status","type":"update","data":[{"version":"2.0.0","system":"online","api_version":"v2","connection_id":1,"message":""}]})" << unknown << "";
    }
    void control_frames() {
        QFETCH(QString, adapter);
        QFETCH(QString, frame);
        QFETCH(int, kind);
        QFETCH(QString, message_contains);
        auto p = parse(*adapter_named(adapter), frame.toStdString());
        QCOMPARE(int(p.result.kind), kind);
        QVERIFY(p.trades.empty());
        QVERIFY2(QString::fromStdString(p.result.message).contains(message_contains), p.result.message.c_str());
    }

    // Every prefix of every real example is broken JSON: Malformed, no trade, no crash.
    void truncated_frames_are_malformed_data() {
        QTest::addColumn<QString>("adapter");
        QTest::addColumn<QString>("file");
        QTest::newRow("binance futures") << "binance-futures" << "binance-futures-aggTrade.json";
        QTest::newRow("binance combined") << "binance" << "binance-spot-trade-combined.json";
        QTest::newRow("bybit") << "bybit" << "bybit-v5-publicTrade.json";
        QTest::newRow("okx") << "okx" << "okx-v5-trades.json";
        QTest::newRow("coinbase") << "coinbase" << "coinbase-advanced-market_trades.json";
        QTest::newRow("kraken") << "kraken" << "kraken-v2-trade.json";
    }
    void truncated_frames_are_malformed() {
        QFETCH(QString, adapter);
        QFETCH(QString, file);
        auto a = adapter_named(adapter);
        const std::string full = example(file.toStdString());
        for (std::size_t cut = 0; cut < full.size(); ++cut) {
            auto p = parse(*a, std::string_view(full).substr(0, cut));
            QVERIFY2(p.result.kind == FrameKind::Malformed, qPrintable(QString("cut at %1").arg(cut)));
            QVERIFY(p.trades.empty());
        }
        QCOMPARE(parse(*a, full).result.kind, FrameKind::Trades);  // the whole frame still parses
    }

    void bad_frames_never_make_a_trade_data() {
        QTest::addColumn<QString>("adapter");
        QTest::addColumn<QString>("frame");
        QTest::newRow("empty") << "binance-futures" << "";
        QTest::newRow("garbage") << "binance-futures" << "\x01\x02garbage\xff";
        QTest::newRow("null") << "kraken" << "null";
        QTest::newRow("two objects") << "binance-futures" << R"({"e":"aggTrade","a":1,"s":"BTCUSDT","p":"1","q":"1","T":1,"m":true}{})";
        QTest::newRow("binance price as number") << "binance-futures" << R"({"e":"aggTrade","a":1,"s":"BTCUSDT","p":9682.5,"q":"1","T":1,"m":true})";
        QTest::newRow("binance id as string") << "binance-futures" << R"({"e":"aggTrade","a":"1","s":"BTCUSDT","p":"1","q":"1","T":1,"m":true})";
        QTest::newRow("binance m as string") << "binance-futures" << R"({"e":"aggTrade","a":1,"s":"BTCUSDT","p":"1","q":"1","T":1,"m":"true"})";
        QTest::newRow("binance missing m") << "binance-futures" << R"({"e":"aggTrade","a":1,"s":"BTCUSDT","p":"1","q":"1","T":1})";
        QTest::newRow("binance huge id") << "binance-futures" << R"({"e":"aggTrade","a":123456789012345678901234567890,"s":"BTCUSDT","p":"1","q":"1","T":1,"m":true})";
        QTest::newRow("binance huge price") << "binance-futures" << R"({"e":"aggTrade","a":1,"s":"BTCUSDT","p":"99999999999999999999999999999999","q":"1","T":1,"m":true})";
        QTest::newRow("binance exponent price") << "binance-futures" << R"({"e":"aggTrade","a":1,"s":"BTCUSDT","p":"1e400","q":"1","T":1,"m":true})";
        QTest::newRow("binance negative qty") << "binance-futures" << R"({"e":"aggTrade","a":1,"s":"BTCUSDT","p":"1","q":"-1","T":1,"m":true})";
        QTest::newRow("binance zero price") << "binance-futures" << R"({"e":"aggTrade","a":1,"s":"BTCUSDT","p":"0","q":"1","T":1,"m":true})";
        QTest::newRow("binance huge time") << "binance-futures" << R"({"e":"aggTrade","a":1,"s":"BTCUSDT","p":"1","q":"1","T":99999999999999999,"m":true})";
        QTest::newRow("binance data not object") << "binance" << R"({"stream":"btcusdt@aggTrade","data":[1]})";
        QTest::newRow("bybit empty data") << "bybit" << R"({"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1,"data":[]})";
        QTest::newRow("bybit empty trade") << "bybit" << R"({"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1,"data":[{}]})";
        QTest::newRow("bybit bad side") << "bybit" << R"({"topic":"publicTrade.BTCUSDT","data":[{"T":1,"s":"BTCUSDT","S":"Up","v":"1","p":"1","i":"x"}]})";
        QTest::newRow("bybit one bad of two") << "bybit" << R"({"topic":"publicTrade.BTCUSDT","data":[{"T":1,"s":"BTCUSDT","S":"Buy","v":"1","p":"1","i":"x"},{"T":1,"s":"BTCUSDT","S":"Buy","v":1,"p":"1","i":"y"}]})";
        QTest::newRow("okx ts not a number") << "okx" << R"({"arg":{"channel":"trades","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","tradeId":"1","px":"1","sz":"1","side":"buy","ts":"soon"}]})";
        QTest::newRow("okx empty data") << "okx" << R"({"arg":{"channel":"trades","instId":"BTC-USDT"},"data":[]})";
        QTest::newRow("coinbase empty trades") << "coinbase" << R"({"channel":"market_trades","events":[{"type":"update","trades":[]}]})";
        QTest::newRow("coinbase no zone") << "coinbase" << R"({"channel":"market_trades","events":[{"type":"update","trades":[{"trade_id":"1","product_id":"BTC-USD","price":"1","size":"1","side":"BUY","time":"2026-04-07T14:30:02"}]}]})";
        QTest::newRow("kraken price as string") << "kraken" << R"({"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"buy","price":"1","qty":1,"trade_id":1,"timestamp":"2023-10-06T17:35:55Z"}]})";
        QTest::newRow("kraken nine decimals") << "kraken" << R"({"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"buy","price":1,"qty":0.000000001,"trade_id":1,"timestamp":"2023-10-06T17:35:55Z"}]})";
        QTest::newRow("kraken huge number") << "kraken" << R"({"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"buy","price":1e300,"qty":1,"trade_id":1,"timestamp":"2023-10-06T17:35:55Z"}]})";
        QTest::newRow("kraken empty data") << "kraken" << R"({"channel":"trade","type":"update","data":[]})";
    }
    void bad_frames_never_make_a_trade() {
        QFETCH(QString, adapter);
        QFETCH(QString, frame);
        const QByteArray bytes = frame.toLatin1();
        auto p = parse(*adapter_named(adapter), std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
        QVERIFY(p.trades.empty());
        QVERIFY(p.result.kind != FrameKind::Ack && p.result.kind != FrameKind::Heartbeat);
    }

    void bad_trade_frames_say_what_is_wrong() {
        auto p = parse(*make_adapter(Exchange::BinanceFutures),
                       R"({"e":"aggTrade","a":1,"s":"BTCUSDT","p":"1e400","q":"1","T":1,"m":true})");
        QCOMPARE(p.result.kind, FrameKind::Malformed);
        QVERIFY2(p.result.message.find("price") != std::string::npos, p.result.message.c_str());
    }

    void a_rejected_frame_leaves_earlier_trades_alone() {
        auto a = make_adapter(Exchange::Bybit);
        std::vector<Trade> out;
        QCOMPARE(a->parse(example("bybit-v5-publicTrade.json"), 1, out).kind, FrameKind::Trades);
        QCOMPARE(a->parse(R"({"topic":"publicTrade.BTCUSDT","data":[{"T":1,"s":"BTCUSDT","S":"Buy","v":"1","p":"1","i":"x"},{"T":1}]})", 2, out).kind,
                 FrameKind::Malformed);
        QCOMPARE(out.size(), std::size_t(1));
    }

    void only_binance_promises_sequential_ids() {
        QVERIFY(make_adapter(Exchange::BinanceFutures)->trade_ids_are_sequential());
        QVERIFY(make_adapter(Exchange::BinanceSpot)->trade_ids_are_sequential());
        QVERIFY(!make_adapter(Exchange::Bybit)->trade_ids_are_sequential());
        QVERIFY(!make_adapter(Exchange::Coinbase)->trade_ids_are_sequential());
        QVERIFY(make_adapter(Exchange::Unknown) == nullptr);
    }
};

QTEST_GUILESS_MAIN(TestNetAdapters)
#include "test_net_adapters.moc"
