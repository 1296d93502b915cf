// Instrument tick and lot sizes from the exchanges' REST metadata (answers shaped as each
// exchange documents them), fetched over HTTP/HTTPS from the local test exchange, and the
// fallback to the built-in table when the exchange cannot be reached.
#include <QtTest>

#include "support/local_exchange.hpp"
#include "net/instrument_metadata.hpp"
#include "support/test_data.hpp"

using namespace flowscope;
using flowscope::testing::LocalExchange;
using flowscope::testing::LocalExchangeOptions;

namespace {

const char* kBinanceFuturesInfo =
    R"({"timezone":"UTC","serverTime":1565246363776,"symbols":[{"symbol":"ETHUSDT","filters":[{"filterType":"PRICE_FILTER","tickSize":"0.01"},{"filterType":"LOT_SIZE","stepSize":"0.001"}]},)"
    R"({"symbol":"BTCUSDT","pair":"BTCUSDT","contractType":"PERPETUAL","filters":[{"filterType":"PRICE_FILTER","maxPrice":"4529764","minPrice":"556.80","tickSize":"0.10"},)"
    R"({"filterType":"LOT_SIZE","maxQty":"1000","minQty":"0.001","stepSize":"0.001"},{"filterType":"MARKET_LOT_SIZE","stepSize":"0.001"}]}]})";

QString units_text(int128 u) { return QString::fromStdString(format_units(u)); }

}  // namespace

class TestNetMetadata : public QObject {
    Q_OBJECT
private slots:
    void parses_each_exchange_answer_data() {
        QTest::addColumn<int>("exchange");
        QTest::addColumn<QString>("symbol");
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("tick");
        QTest::addColumn<QString>("lot");
        QTest::addColumn<QString>("multiplier");
        QTest::newRow("binance futures") << int(Exchange::BinanceFutures) << "BTCUSDT" << kBinanceFuturesInfo << "0.1" << "0.001" << "1";
        QTest::newRow("binance spot") << int(Exchange::BinanceSpot) << "BTCUSDT"
            << R"({"symbols":[{"symbol":"BTCUSDT","status":"TRADING","filters":[{"filterType":"PRICE_FILTER","minPrice":"0.01000000","maxPrice":"1000000.00000000","tickSize":"0.01000000"},{"filterType":"LOT_SIZE","minQty":"0.00001000","maxQty":"9000.00000000","stepSize":"0.00001000"}]}]})"
            << "0.01" << "0.00001" << "1";
        QTest::newRow("bybit linear") << int(Exchange::Bybit) << "BTCUSDT"
            << R"({"retCode":0,"retMsg":"OK","result":{"category":"linear","list":[{"symbol":"BTCUSDT","priceFilter":{"minPrice":"0.10","maxPrice":"199999.80","tickSize":"0.10"},"lotSizeFilter":{"maxOrderQty":"100.000","minOrderQty":"0.001","qtyStep":"0.001"}}]}})"
            << "0.1" << "0.001" << "1";
        QTest::newRow("okx swap") << int(Exchange::Okx) << "BTC-USDT-SWAP"
            << R"({"code":"0","data":[{"instType":"SWAP","instId":"BTC-USDT-SWAP","ctVal":"0.01","ctMult":"1","lotSz":"0.01","tickSz":"0.1"}],"msg":""})"
            << "0.1" << "0.01" << "0.01";
        QTest::newRow("coinbase") << int(Exchange::Coinbase) << "BTC-USD"
            << R"({"product_id":"BTC-USD","price":"68900.5","base_increment":"0.00000001","quote_increment":"0.01","status":"online"})"
            << "0.01" << "0.00000001" << "1";
        QTest::newRow("kraken") << int(Exchange::Kraken) << "BTC/USD"
            << R"({"error":[],"result":{"XXBTZUSD":{"altname":"XBTUSD","wsname":"XBT/USD","pair_decimals":1,"lot_decimals":8,"tick_size":"0.1"}}})"
            << "0.1" << "0.00000001" << "1";
    }
    void parses_each_exchange_answer() {
        QFETCH(int, exchange);
        QFETCH(QString, symbol);
        QFETCH(QString, body);
        QFETCH(QString, tick);
        QFETCH(QString, lot);
        QFETCH(QString, multiplier);
        std::string error;
        const auto in = test::or_error(parse_instrument_metadata(Exchange(exchange), symbol.toStdString(), body.toStdString()), error);
        QVERIFY2(in, error.c_str());
        QCOMPARE(units_text(in->tick_size.units), tick);
        QCOMPARE(units_text(in->lot_size.units), lot);
        QCOMPARE(units_text(in->contract_multiplier.units), multiplier);
        QCOMPARE(QString::fromStdString(in->symbol), symbol);
    }

    void unexpected_answers_are_errors_not_guesses() {
        std::string error;
        QVERIFY(!test::or_error(parse_instrument_metadata(Exchange::BinanceFutures, "SOLUSDT", kBinanceFuturesInfo), error));
        QVERIFY2(error.find("not listed") != std::string::npos, error.c_str());
        QVERIFY(!test::or_error(parse_instrument_metadata(Exchange::Coinbase, "BTC-USD", "<html>rate limited</html>"), error));
        QVERIFY(!test::or_error(parse_instrument_metadata(Exchange::Coinbase, "BTC-USD", R"({"product_id":"BTC-USD","quote_increment":0.01})"), error));
        QVERIFY(!test::or_error(parse_instrument_metadata(Exchange::Okx, "BTC-USDT", R"({"code":"51001","data":[],"msg":"Instrument ID does not exist"})"), error));
        QVERIFY(!test::or_error(parse_instrument_metadata(Exchange::Bybit, "BTCUSDT", R"({"retCode":0,"result":{"list":[{"priceFilter":{"tickSize":"-1"},"lotSizeFilter":{"qtyStep":"0.001"}}]}})"), error));
    }

    void endpoints_are_the_public_rest_apis() {
        auto url = [](Exchange x, const char* s) {
            const Endpoint e = metadata_endpoint(x, s);
            return QString::fromStdString("https://" + e.host + e.target);
        };
        QCOMPARE(url(Exchange::BinanceSpot, "BTCUSDT"), QString("https://api.binance.com/api/v3/exchangeInfo?symbol=BTCUSDT"));
        QCOMPARE(url(Exchange::BinanceFutures, "BTCUSDT"), QString("https://fapi.binance.com/fapi/v1/exchangeInfo"));
        QCOMPARE(url(Exchange::Bybit, "BTCUSDT"), QString("https://api.bybit.com/v5/market/instruments-info?category=linear&symbol=BTCUSDT"));
        QCOMPARE(url(Exchange::Okx, "BTC-USDT-SWAP"), QString("https://www.okx.com/api/v5/public/instruments?instType=SWAP&instId=BTC-USDT-SWAP"));
        QCOMPARE(url(Exchange::Coinbase, "BTC-USD"), QString("https://api.coinbase.com/api/v3/brokerage/market/products/BTC-USD"));
        QCOMPARE(url(Exchange::Kraken, "BTC/USD"), QString("https://api.kraken.com/0/public/AssetPairs?pair=BTC/USD"));
    }

    void fetches_from_a_local_server_data() {
        QTest::addColumn<bool>("tls");
        QTest::newRow("http") << false;
        QTest::newRow("https with the test CA") << true;
    }
    void fetches_from_a_local_server() {
        QFETCH(bool, tls);
        LocalExchangeOptions o;
        o.tls = tls;
        o.http_body = kBinanceFuturesInfo;
        LocalExchange server(o);
        MetadataRequest request;
        request.endpoint_override = Endpoint{"127.0.0.1", std::to_string(server.port()), "/fapi/v1/exchangeInfo", tls};
        if (tls) request.extra_ca_file = std::string(FLOWSCOPE_TEST_DATA_DIR) + "/net/test-ca.pem";
        std::string note;
        const auto in = instrument_metadata(Exchange::BinanceFutures, "BTCUSDT", &note, request);
        QVERIFY2(in && note == "from the exchange's metadata", note.c_str());
        QCOMPARE(units_text(in->tick_size.units), QString("0.1"));
        QCOMPARE(server.targets().at(0), std::string("/fapi/v1/exchangeInfo"));
    }

    void https_without_the_ca_is_refused() {
        LocalExchangeOptions o;
        o.tls = true;
        o.http_body = kBinanceFuturesInfo;
        LocalExchange server(o);
        MetadataRequest request;
        request.endpoint_override = Endpoint{"127.0.0.1", std::to_string(server.port()), "/fapi/v1/exchangeInfo", true};
        const auto fetched = fetch_instrument(Exchange::BinanceFutures, "BTCUSDT", request);
        QVERIFY(!fetched);
        QVERIFY2(fetched.error().find("certificate") != std::string::npos, fetched.error().c_str());
    }

    void falls_back_to_the_built_in_table_when_unreachable() {
        unsigned short port = 0;
        {
            LocalExchange gone{LocalExchangeOptions{}};
            port = gone.port();
        }
        MetadataRequest request;
        request.endpoint_override = Endpoint{"127.0.0.1", std::to_string(port), "/fapi/v1/exchangeInfo", false};
        request.timeout_s = 2;
        std::string note;
        const auto in = instrument_metadata(Exchange::BinanceFutures, "BTCUSDT", &note, request);
        QVERIFY(in);
        QCOMPARE(units_text(in->tick_size.units), QString("0.1"));
        QVERIFY2(note.find("built-in table") != std::string::npos && note.find("connect") != std::string::npos, note.c_str());
        QVERIFY(!instrument_metadata(Exchange::BinanceFutures, "NOSUCHUSDT", &note, request));
    }
};

QTEST_GUILESS_MAIN(TestNetMetadata)
#include "test_net_metadata.moc"
