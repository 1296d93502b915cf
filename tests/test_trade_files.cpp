// Reading the real trade files: layouts detected from content, exact decimals, aggressor sides
// from real rows, and the same trades whatever the wrapping (zip, no header, µs time, spot columns).
#include <QtTest>

#include <zip.h>

#include <fstream>
#include <sstream>

#include "io/tick_inference.hpp"
#include "io/trade_file.hpp"

using namespace flowscope;

namespace {

const std::string kDir = FLOWSCOPE_TEST_DATA_DIR;
const std::string kAggTrades = kDir + "/binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv";
const std::string kTrades = kDir + "/binance-futures-BTCUSDT-2020-02-22T00.trades.csv";
const std::string kTardis = kDir + "/binance-futures-BTCUSDT-2020-02-22T00.tardis.csv";

struct Read {
    TradeFileResult result;
    std::vector<Trade> trades;
    int starts = 0;
    Price tick_at_start;
};

Read read_all(const std::string& path, TradeFileOptions options = {}) {
    Read r;
    r.result = read_trade_file(
        path, options,
        [&](const TradeFileResult& header) {
            ++r.starts;
            r.tick_at_start = header.tick;
            QVERIFY(r.trades.empty());  // the header comes before any trade
        },
        [&](std::span<const Trade> batch) { r.trades.insert(r.trades.end(), batch.begin(), batch.end()); });
    return r;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    QVERIFY(out.good());
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> f;
    std::istringstream in(line);
    for (std::string field; std::getline(in, field, ',');) f.push_back(field);
    return f;
}

std::string join(const std::vector<std::string>& f) {
    std::string s;
    for (std::size_t i = 0; i < f.size(); ++i) s += (i ? "," : "") + f[i];
    return s;
}

// Writes a zip holding one entry with the given content, as Binance publishes its files.
void write_zip(const std::string& zip_path, const std::string& entry, const std::string& content) {
    int err = 0;
    zip_t* z = zip_open(zip_path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    QVERIFY(z != nullptr);
    zip_source_t* src = zip_source_buffer(z, content.data(), content.size(), 0);
    QVERIFY(src != nullptr);
    QVERIFY(zip_file_add(z, entry.c_str(), src, ZIP_FL_OVERWRITE) >= 0);
    QCOMPARE(zip_close(z), 0);
}

void compare_trades(const std::vector<Trade>& a, const std::vector<Trade>& b) {
    QCOMPARE(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        QCOMPARE(a[i].exchange_time_us, b[i].exchange_time_us);
        QCOMPARE(a[i].price, b[i].price);
        QCOMPARE(a[i].quantity, b[i].quantity);
        QCOMPARE(a[i].aggressor, b[i].aggressor);
        QCOMPARE(a[i].id.text.view(), b[i].id.text.view());
    }
}

}  // namespace

class TestTradeFiles : public QObject {
    Q_OBJECT
    QTemporaryDir temp_;
    std::string temp(const char* name) { return (temp_.path() + "/" + name).toStdString(); }

private slots:
    void detects_the_three_real_layouts_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("format");
        QTest::addColumn<qulonglong>("trades");
        QTest::addColumn<QString>("symbol");
        QTest::newRow("aggTrades") << QString::fromStdString(kAggTrades) << int(TradeFileFormat::BinanceAggTrades) << 4297ull << "UNKNOWN";
        QTest::newRow("trades") << QString::fromStdString(kTrades) << int(TradeFileFormat::BinanceTrades) << 5041ull << "UNKNOWN";
        QTest::newRow("tardis") << QString::fromStdString(kTardis) << int(TradeFileFormat::Tardis) << 5041ull << "BTCUSDT";
    }
    void detects_the_three_real_layouts() {
        QFETCH(QString, path);
        QFETCH(int, format);
        QFETCH(qulonglong, trades);
        QFETCH(QString, symbol);
        const Read r = read_all(path.toStdString());
        QVERIFY2(r.result.ok, r.result.error.c_str());
        QCOMPARE(int(r.result.format), format);
        QCOMPARE(r.result.trades, std::uint64_t(trades));
        QCOMPARE(r.trades.size(), std::size_t(trades));
        QCOMPARE(r.result.lines, std::uint64_t(trades + 1));  // + header
        QCOMPARE(r.result.skipped, std::uint64_t{0});
        QCOMPARE(r.result.out_of_order, std::uint64_t{0});
        QCOMPARE(r.result.exchange, Exchange::BinanceFutures);  // header row, ms time: USD-M
        QCOMPARE(QString::fromStdString(r.result.symbol), symbol);
        QCOMPARE(r.trades.front().symbol.view(), symbol.toStdString());
        QCOMPARE(r.starts, 1);
        QCOMPARE(format_price(r.result.tick), std::string("0.01"));  // BTCUSDT quoted in cents
        QCOMPARE(r.tick_at_start, r.result.tick);
    }

    void real_rows_parse_exactly_with_the_aggressor_side() {
        // aggTrades line 10: 26000008,9681.62,0.001,42377952,42377952,1582329604065,true
        const Read agg = read_all(kAggTrades);
        const Trade& t = agg.trades[8];
        QCOMPARE(t.id.text.view(), std::string_view("26000008"));
        QCOMPARE(t.id.number.value(), std::uint64_t{26000008});
        QCOMPARE(format_price(t.price), std::string("9681.62"));
        QCOMPARE(format_quantity(t.quantity), std::string("0.001"));
        QCOMPARE(t.exchange_time_us, std::int64_t{1582329604065000});
        QCOMPARE(t.aggressor, Side::Sell);  // buyer was the maker: the seller crossed
        // Line 2: 26000000,9682,0.132,...,1582329602111,false → an aggressive buy.
        QCOMPARE(agg.trades[0].aggressor, Side::Buy);
        QCOMPARE(format_quantity(agg.trades[0].quantity), std::string("0.132"));
        // Line 15: 26000013 merges trades 42377958..42377959 (0.011 + 0.003), sold.
        QCOMPARE(format_quantity(agg.trades[13].quantity), std::string("0.014"));
        QCOMPARE(agg.trades[13].aggressor, Side::Sell);

        // trades line 16: 42377958,9681.54,0.011,106.49694,1582329605223,true
        const Read trades = read_all(kTrades);
        QCOMPARE(trades.trades[14].id.number.value(), std::uint64_t{42377958});
        QCOMPARE(trades.trades[14].aggressor, Side::Sell);
        QCOMPARE(format_quantity(trades.trades[14].quantity), std::string("0.011"));

        // tardis line 16: binance-futures,BTCUSDT,1582329605223000,1582329605345548,42377958,sell,9681.54,0.011
        const Read tardis = read_all(kTardis);
        const Trade& s = tardis.trades[14];
        QCOMPARE(s.aggressor, Side::Sell);
        QCOMPARE(s.receive_time_us, std::int64_t{1582329605345548});
        QCOMPARE(s.exchange_time_us, std::int64_t{1582329605223000});
        QCOMPARE(s.id.text.view(), std::string_view("42377958"));
        QCOMPARE(s.exchange, Exchange::BinanceFutures);
    }

    void trades_and_tardis_layouts_hold_the_same_trades() {
        compare_trades(read_all(kTrades).trades, read_all(kTardis).trades);
    }

    void zip_gives_the_same_trades_as_the_csv() {
        const std::string zip = temp("BTCUSDT-aggTrades-2020-02-22.zip");
        write_zip(zip, "BTCUSDT-aggTrades-2020-02-22.csv", slurp(kAggTrades));
        const Read z = read_all(zip);
        QVERIFY2(z.result.ok, z.result.error.c_str());
        QCOMPARE(z.result.format, TradeFileFormat::BinanceAggTrades);
        QCOMPARE(z.result.symbol, std::string("BTCUSDT"));  // from Binance's file name
        compare_trades(z.trades, read_all(kAggTrades).trades);
    }

    void zip_larger_than_a_decompression_chunk_keeps_every_line() {
        // 25 copies of the trades file (6 MB) cross the 4 MB chunk boundary mid-line.
        const auto lines = lines_of(slurp(kTrades));
        std::string big = lines[0] + "\n";
        for (int copy = 0; copy < 25; ++copy)
            for (std::size_t i = 1; i < lines.size(); ++i) big += lines[i] + "\n";
        const std::string csv = temp("big.csv");
        write_file(csv, big);
        const std::string zip = temp("big.zip");
        write_zip(zip, "big.csv", big);
        const Read from_zip = read_all(zip);
        QVERIFY2(from_zip.result.ok, from_zip.result.error.c_str());
        QCOMPARE(from_zip.result.trades, std::uint64_t{25 * 5041});
        QCOMPARE(from_zip.result.skipped, std::uint64_t{0});
        // Every copy after the first goes back in time: its trades before the hour's last
        // millisecond are out of order (accepted and counted).
        const Read one = read_all(kTrades);
        const std::int64_t last = one.trades.back().exchange_time_us;
        const auto earlier = std::count_if(one.trades.begin(), one.trades.end(),
                                           [&](const Trade& t) { return t.exchange_time_us < last; });
        QCOMPARE(from_zip.result.out_of_order, std::uint64_t(24 * earlier));
        compare_trades(from_zip.trades, read_all(csv).trades);
    }

    void headerless_microsecond_spot_variant_reads_the_same() {
        // Binance spot: no header, True/False, is_best_match column, µs time since 2025.
        const auto lines = lines_of(slurp(kAggTrades));
        std::string spot;
        for (std::size_t i = 1; i < lines.size(); ++i) {
            auto f = split(lines[i]);
            f[5] += "000";
            f[6] = f[6] == "true" ? "True" : "False";
            f.push_back("True");
            spot += join(f) + "\r\n";  // and Windows line ends
        }
        const std::string path = temp("BTCUSDT-aggTrades-2025-01-01.csv");
        write_file(path, spot);
        const Read r = read_all(path);
        QVERIFY2(r.result.ok, r.result.error.c_str());
        QCOMPARE(r.result.format, TradeFileFormat::BinanceAggTrades);
        QCOMPARE(r.result.exchange, Exchange::BinanceSpot);
        QCOMPARE(r.result.symbol, std::string("BTCUSDT"));
        QCOMPARE(r.result.lines, std::uint64_t{4297});
        compare_trades(r.trades, read_all(kAggTrades).trades);
    }

    void headerless_futures_trades_and_microsecond_trades_read_the_same() {
        const auto lines = lines_of(slurp(kTrades));
        std::string headerless, micros = lines[0] + "\n";
        for (std::size_t i = 1; i < lines.size(); ++i) {
            headerless += lines[i] + "\n";
            auto f = split(lines[i]);
            f[4] += "000";
            micros += join(f) + "\n";
        }
        headerless.pop_back();  // no newline at the end of the file
        const Read expected = read_all(kTrades);
        write_file(temp("headerless.csv"), headerless);
        const Read a = read_all(temp("headerless.csv"));
        QVERIFY2(a.result.ok, a.result.error.c_str());
        QCOMPARE(a.result.format, TradeFileFormat::BinanceTrades);
        QCOMPARE(a.result.exchange, Exchange::BinanceFutures);
        compare_trades(a.trades, expected.trades);
        write_file(temp("micros.csv"), micros);
        const Read b = read_all(temp("micros.csv"));
        QVERIFY2(b.result.ok, b.result.error.c_str());
        compare_trades(b.trades, expected.trades);
    }

    void options_override_symbol_exchange_and_tick() {
        TradeFileOptions o;
        o.symbol = "XBT";
        o.exchange = Exchange::BinanceSpot;
        o.tick = parse_price("0.5");
        const Read r = read_all(kTardis, o);
        QVERIFY(r.result.ok);
        QCOMPARE(r.result.symbol, std::string("XBT"));
        QCOMPARE(r.result.exchange, Exchange::BinanceSpot);
        QCOMPARE(format_price(r.result.tick), std::string("0.5"));
        QCOMPARE(r.tick_at_start, *parse_price("0.5"));
        QCOMPARE(r.trades.back().symbol.view(), std::string_view("XBT"));
        QCOMPARE(r.trades.back().exchange, Exchange::BinanceSpot);
    }

    void tick_is_the_gcd_of_prices_capped_for_few_prices() {
        auto trades_at = [](std::initializer_list<const char*> prices) {
            std::vector<Trade> v;
            for (const char* p : prices) v.emplace_back().price = *parse_price(p);
            return v;
        };
        QCOMPARE(format_price(infer_tick(trades_at({"9682", "9682.19", "9683.5"}))), std::string("0.01"));
        QCOMPARE(format_price(infer_tick(trades_at({"5000.25", "5001", "4999.5"}))), std::string("0.25"));
        // A step above 1% of the price is no tick: 0.5 on ~100 is cut to its GCD with 0.1.
        QCOMPARE(format_price(infer_tick(trades_at({"100.5", "101", "99"}))), std::string("0.1"));
        QCOMPARE(format_price(infer_tick(trades_at({"0.00001234", "0.00001236"}))), std::string("0.00000002"));
        QCOMPARE(format_price(infer_tick(trades_at({"9682"}))), std::string("2"));  // a lone price: cut to gcd(9682, 10)
        QCOMPARE(format_price(infer_tick(trades_at({}))), std::string("0.00000001"));
    }

    void tick_is_the_step_almost_every_real_price_fits() {
        const Read r = read_all(kTrades);
        QCOMPARE(r.trades.size(), std::size_t{5041});
        QVERIFY(r.result.inferred_tick.has_value());
        QCOMPARE(format_price(r.result.tick), std::string("0.01"));
        QCOMPARE(r.result.inferred_tick->prices, std::size_t{5041});
        QCOMPARE(r.result.inferred_tick->off_grid, std::size_t{0});
        // Up to 0.1 % of the prices may be stray prints off the grid (5 of 5,041); one more and
        // the grid they break is no longer the tick.
        std::vector<Trade> trades = r.trades;
        for (std::size_t i = 0; i < 5; ++i) trades[i * 1000].price.units += 1;
        const TickEstimate five = estimate_tick(trades);
        QCOMPARE(format_price(five.tick), std::string("0.01"));
        QCOMPARE(five.off_grid, std::size_t{5});
        trades[4999].price.units += 1;
        QCOMPARE(format_price(infer_tick(trades)), std::string("0.00000001"));
        // A given tick is not inferred.
        TradeFileOptions given;
        given.tick = parse_price("0.5");
        QVERIFY(!read_all(kTrades, given).result.inferred_tick.has_value());
    }
};

QTEST_GUILESS_MAIN(TestTradeFiles)
#include "test_trade_files.moc"
