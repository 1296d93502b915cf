// The local exchange's REST and archive side (support/local_rest.hpp) answers as the exchanges
// document: pages walked by id and by time give back the real frames' trades digit for digit,
// klines are the served trades' exact totals, weight is counted and enforced with 429 then 418,
// daily archives read back through core/io equal to the trades and match their CHECKSUM, every
// fault switch does what it says, and the same answers arrive over a real socket (keep-alive,
// concurrent slow answers) and through the app's own http_get, plain and TLS.
#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <chrono>
#include <fstream>
#include <future>
#include <thread>

#include "io/trade_file.hpp"
#include "net/http_client.hpp"
#include "support/binance_archive.hpp"
#include "support/local_exchange.hpp"
#include "support/local_rest.hpp"
#include "support/real_history.hpp"
#include "support/test_data.hpp"

using namespace flowscope;
using namespace flowscope::testing;

namespace {

constexpr const char* kDay = "2020-02-22";
constexpr const char* kFuturesZip = "/data/futures/um/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2020-02-22.zip";

QJsonDocument parse(const HttpAnswer& a) { return QJsonDocument::fromJson(QByteArray::fromStdString(a.body)); }

std::string header(const HttpAnswer& a, const std::string& name) {
    for (const auto& [k, v] : a.headers)
        if (k == name) return v;
    return {};
}

// The real frame as an aggTrades REST row: the same fields, less the event's e, E and s.
std::string rest_row_of_frame(std::string frame) {
    frame.erase(1, frame.find("\"a\":") - 1);
    const auto s = frame.find("\"s\":");
    frame.erase(s, frame.find(',', s) + 1 - s);
    return frame;
}

// The rows of a JSON array body as their text ({"a":…},{"a":…} → each object).
std::vector<std::string> rows_of(const std::string& body) {
    std::vector<std::string> rows;
    std::size_t at = 1;
    while (at < body.size() && body[at] == '{') {
        const auto end = body.find('}', at);
        rows.push_back(body.substr(at, end + 1 - at));
        at = end + 2;
    }
    return rows;
}

LocalRestOptions history_options(const RealHistory& h) {
    LocalRestOptions o;
    o.trade_at = [&h](std::size_t i) { return h.at(i); };
    o.trade_count = h.size();
    return o;
}

// Away from a minute's end, so a weight test is not split by the server's minute rolling over.
void wait_for_fresh_minute() {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    if (ms % 60'000 > 50'000) std::this_thread::sleep_for(std::chrono::milliseconds(60'000 - ms % 60'000 + 50));
}

std::string write_file(const std::string& name, const std::string& bytes) {
    const std::string path = test::temp_dir("local-rest") + "/" + name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

TradeFileResult read_archive(const std::string& path, std::vector<Trade>& trades) {
    return read_trade_file(path, TradeFileOptions{}, [](const TradeFileResult&) {},
                           [&](std::span<const Trade> batch) { trades.insert(trades.end(), batch.begin(), batch.end()); });
}

// One HTTP/1.1 exchange over a plain socket: send every request at once (pipelined on one
// connection), read as many responses. Each response: status, headers (lower-case names), body.
struct RawResponse {
    int status = 0;
    std::map<std::string, std::string> headers;
    std::string body;
};

std::vector<RawResponse> raw_get(unsigned short port, const std::vector<std::string>& targets, bool close_last,
                                 bool* closed_after = nullptr) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return {};
    std::string out;
    for (std::size_t i = 0; i < targets.size(); ++i)
        out += "GET " + targets[i] + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: " +
               (close_last && i + 1 == targets.size() ? "close" : "keep-alive") + "\r\n\r\n";
    ::send(fd, out.data(), out.size(), 0);
    timeval timeout{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);

    std::string in;
    std::vector<RawResponse> responses;
    char buffer[65536];
    const auto read_more = [&] {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n > 0) in.append(buffer, static_cast<std::size_t>(n));
        return n > 0;
    };
    while (responses.size() < targets.size()) {
        std::size_t end;
        while ((end = in.find("\r\n\r\n")) == std::string::npos)
            if (!read_more()) break;
        if (end == std::string::npos) break;
        RawResponse r;
        r.status = std::stoi(in.substr(9, 3));
        std::istringstream lines(in.substr(0, end));
        std::string line;
        std::getline(lines, line);
        while (std::getline(lines, line)) {
            const auto colon = line.find(':');
            std::string name = line.substr(0, colon);
            std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
            std::string value = line.substr(colon + 2);
            if (!value.empty() && value.back() == '\r') value.pop_back();
            r.headers[name] = value;
        }
        const std::size_t length = std::stoul(r.headers["content-length"]);
        while (in.size() < end + 4 + length)
            if (!read_more()) break;
        r.body = in.substr(end + 4, length);
        in.erase(0, end + 4 + length);
        responses.push_back(std::move(r));
    }
    if (closed_after) *closed_after = in.empty() && !read_more();
    ::close(fd);
    return responses;
}

}  // namespace

class TestLocalRest : public QObject {
    Q_OBJECT
private slots:
    void real_history_repeats_the_real_hour_with_ids_continuing() {
        const RealHistory h(kRealHourStartUs - kHourUs, 3);
        const auto hour = real_hour_aggtrades();
        QCOMPARE(h.size(), 3 * hour.size());
        // The second copy is the real hour itself.
        const AggTrade real = h.at(hour.size());
        QVERIFY(test::same_trade(real.trade, hour.front().trade));
        QCOMPARE(real.first_id, hour.front().first_id);
        QCOMPARE(h.frame(hour.size()), test::real_aggtrade_frames().front().text);
        for (std::size_t i = 1; i < h.size(); ++i) {
            const AggTrade a = h.at(i - 1), b = h.at(i);
            QCOMPARE(*b.trade.id.number, *a.trade.id.number + 1);
            QCOMPARE(b.first_id, a.last_id + 1);
            QVERIFY(b.trade.exchange_time_us >= a.trade.exchange_time_us);
        }
        QCOMPARE(h.at(0).trade.exchange_time_us, hour.front().trade.exchange_time_us - kHourUs);
        QVERIFY(h.at(h.size() - 1).trade.exchange_time_us < h.end_us());
        QCOMPARE(h.frame(2 * hour.size()).find("\"a\":" + std::to_string(*h.at(2 * hour.size()).trade.id.number)) != std::string::npos, true);
    }

    void a_busier_history_packs_copies_into_each_hour() {
        const RealHistory h(kRealHourStartUs, 24, Exchange::BinanceFutures, 50);  // ~5.2 M trades a day
        const auto hour = real_hour_aggtrades();
        QCOMPARE(h.size(), 24 * 50 * hour.size());
        QCOMPARE(h.at(0).trade.exchange_time_us, kRealHourStartUs + (hour[0].trade.exchange_time_us - kRealHourStartUs) / 50);
        const std::size_t second = hour.size();  // the second copy starts 72 s later, ids continuing
        QCOMPARE(h.at(second).trade.exchange_time_us, h.at(0).trade.exchange_time_us + kHourUs / 50);
        QCOMPARE(*h.at(second).trade.id.number, *h.at(second - 1).trade.id.number + 1);
        QCOMPARE(h.at(second).first_id, h.at(second - 1).last_id + 1);
        for (std::size_t i = 1; i < h.size(); i += 997) {
            const AggTrade a = h.at(i - 1), b = h.at(i);
            QVERIFY(b.trade.exchange_time_us >= a.trade.exchange_time_us);
            QCOMPARE(*b.trade.id.number, *a.trade.id.number + 1);
            QVERIFY(b.trade.exchange_time_us < h.end_us());
            if (i % (997 * 50) == 1) {  // the frame says what at() says
                const std::string f = h.frame(i);
                QVERIFY(f.find("\"T\":" + std::to_string(b.trade.exchange_time_us / 1000) + ",") != std::string::npos);
                QVERIFY(f.find("\"a\":" + std::to_string(*b.trade.id.number) + ",") != std::string::npos);
                QVERIFY(f.find("\"f\":" + std::to_string(b.first_id) + ",") != std::string::npos);
            }
        }
    }

    void agg_trades_walked_by_id_are_the_real_frames_digit_for_digit() {
        const RealHistory h(kRealHourStartUs, 2);
        LocalRest rest(history_options(h));
        std::vector<std::string> rows;
        std::uint64_t from = 26'000'000;
        for (;;) {
            const HttpAnswer a = rest.answer("/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=" + std::to_string(from) + "&limit=1000");
            QCOMPARE(a.status, 200);
            const auto page = rows_of(a.body);
            if (page.empty()) break;
            QVERIFY(page.size() <= 1000);
            rows.insert(rows.end(), page.begin(), page.end());
            from += page.size();
        }
        QCOMPARE(rows.size(), h.size());
        for (std::size_t i = 0; i < h.size(); ++i) QCOMPARE(rows[i], rest_row_of_frame(h.frame(i)));
        QCOMPARE(rest.trade_pages_served(), static_cast<int>((h.size() + 999) / 1000) + 1);
    }

    void agg_trades_by_time_latest_and_errors() {
        const RealHistory h(kRealHourStartUs, 1);
        const auto all = h.all();
        LocalRestOptions o = history_options(h);
        o.now_us = kRealHourStartUs + 30 * 60'000'000LL;  // the market's "now": half the hour has happened
        LocalRest rest(o);
        const auto ms = [](const AggTrade& t) { return t.trade.exchange_time_us / 1000; };

        // A window of exactly one hour is allowed; the trades in it, both ends inclusive.
        const std::int64_t start = ms(all[100]), end = ms(all[300]);
        HttpAnswer a = rest.answer("/fapi/v1/aggTrades?symbol=BTCUSDT&startTime=" + std::to_string(start) +
                                   "&endTime=" + std::to_string(end) + "&limit=1000");
        QCOMPARE(a.status, 200);
        const QJsonArray window = parse(a).array();
        const auto expected = std::count_if(all.begin(), all.end(), [&](const AggTrade& t) { return ms(t) >= start && ms(t) <= end; });
        QCOMPARE(window.size(), expected);
        QCOMPARE(window.first().toObject()["T"].toInteger(), start);
        QCOMPARE(window.last().toObject()["T"].toInteger(), end);

        a = rest.answer("/fapi/v1/aggTrades?symbol=BTCUSDT&startTime=" + std::to_string(start) + "&endTime=" + std::to_string(start + 3'600'001));
        QCOMPARE(a.status, 400);
        QCOMPARE(a.body, std::string(R"({"code":-1127,"msg":"More than 1 hours between startTime and endTime."})"));
        QCOMPARE(rest.answer("/fapi/v1/aggTrades?symbol=BTCUSDT&startTime=0&endTime=3600000").status, 200);

        // The latest 500: the last trade before "now", none after it.
        a = rest.answer("/fapi/v1/aggTrades?symbol=BTCUSDT");
        const QJsonArray latest = parse(a).array();
        QCOMPARE(latest.size(), 500);
        const auto served = std::count_if(all.begin(), all.end(), [&](const AggTrade& t) { return t.trade.exchange_time_us < o.now_us; });
        QCOMPARE(latest.last().toObject()["a"].toInteger(), static_cast<qint64>(*all[served - 1].trade.id.number));
        QVERIFY(latest.last().toObject()["T"].toInteger() * 1000 < o.now_us);
        // By id past "now": nothing yet; once the market moves on, there it is.
        const std::string next = "/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=" + std::to_string(*all[served].trade.id.number);
        QCOMPARE(rest.answer(next).body, std::string("[]"));
        rest.set_now(0);
        QCOMPARE(parse(rest.answer(next)).array().size(), 500);

        QCOMPARE(rest.answer("/fapi/v1/aggTrades?symbol=BTCUSDT&limit=1001").body,
                 std::string(R"({"code":-1130,"msg":"Data sent for parameter 'limit' is not valid."})"));
        QCOMPARE(rest.answer("/fapi/v1/aggTrades?symbol=ETHUSDT").body, std::string(R"({"code":-1121,"msg":"Invalid symbol."})"));
        QCOMPARE(rest.answer("/fapi/v1/aggTrades").status, 400);
        QCOMPARE(rest.answer("/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=x1").status, 400);
        QCOMPARE(rest.answer("/fapi/v1/depth?symbol=BTCUSDT").status, 404);
        QCOMPARE(rest.answer("/api/v3/aggTrades?symbol=BTCUSDT").status, 404);  // a USD-M server has no spot API
        QCOMPARE(rest.answer("/nowhere").status, 404);
    }

    void spot_rows_print_eight_decimals_and_best_match() {
        const RealHistory h(kRealHourStartUs, 1, Exchange::BinanceSpot);
        LocalRestOptions o = history_options(h);
        o.exchange = Exchange::BinanceSpot;
        o.price_decimals = o.quantity_decimals = 8;
        LocalRest rest(o);
        const HttpAnswer a = rest.answer("/api/v3/aggTrades?symbol=BTCUSDT&fromId=26000000&limit=1");
        QCOMPARE(a.body, std::string(R"([{"a":26000000,"p":"9682.00000000","q":"0.13200000","f":42377944,"l":42377944,"T":1582329602111,"m":false,"M":true}])"));
        QCOMPARE(header(a, "X-MBX-USED-WEIGHT-1M"), std::string("2"));
        QCOMPARE(rest.answer("/fapi/v1/aggTrades?symbol=BTCUSDT").status, 404);
    }

    void klines_are_the_served_trades_exact_totals() {
        const RealHistory h(kRealHourStartUs, 1);
        const auto all = h.all();
        LocalRestOptions o = history_options(h);
        o.now_us = kRealHourStartUs + 30 * 60'000'000LL + 10'000'000;  // 00:30:10: the 00:30 kline is unfinished
        LocalRest rest(o);

        const HttpAnswer a = rest.answer("/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=60");
        QCOMPARE(a.status, 200);
        QCOMPARE(header(a, "X-MBX-USED-WEIGHT-1M").empty(), false);
        const QJsonArray rows = parse(a).array();
        QCOMPARE(rows.size(), 31);  // 00:00 … 00:30, the current one included
        std::uint64_t trades = 0;
        for (const auto& value : rows) {
            const QJsonArray row = value.toArray();
            QCOMPARE(row.size(), 12);
            const std::int64_t open_ms = row[0].toInteger();
            Price open, high{INT64_MIN}, low{INT64_MAX}, close;
            Quantity volume, buy;
            int128 quote = 0;
            std::uint64_t count = 0;
            bool first = true;
            for (const AggTrade& t : all) {
                const std::int64_t ms = t.trade.exchange_time_us / 1000;
                if (ms < open_ms || ms >= open_ms + 60'000 || t.trade.exchange_time_us >= o.now_us) continue;
                if (first) open = t.trade.price;
                first = false;
                high = std::max(high, t.trade.price);
                low = std::min(low, t.trade.price);
                close = t.trade.price;
                volume += t.trade.quantity;
                if (t.trade.aggressor == Side::Buy) buy += t.trade.quantity;
                quote += static_cast<int128>(t.trade.price.units) * t.trade.quantity.units;
                count += t.last_id - t.first_id + 1;
            }
            QVERIFY(!first);  // every minute of the real hour has trades
            const std::string open_text = row[1].toString().toStdString();
            QCOMPARE(open_text.size() - open_text.find('.'), std::size_t{3});  // padded to the symbol's 2 decimals
            QCOMPARE(*parse_price(open_text), open);
            QCOMPARE(*parse_price(row[2].toString().toStdString()), high);
            QCOMPARE(*parse_price(row[3].toString().toStdString()), low);
            QCOMPARE(*parse_price(row[4].toString().toStdString()), close);
            QCOMPARE(parse_quantity(row[5].toString().toStdString())->units, volume.units);
            QCOMPARE(row[6].toInteger(), open_ms + 59'999);
            QCOMPARE(*parse_decimal_units(row[7].toString().toStdString()) * kDecimalScale, quote);
            QCOMPARE(static_cast<std::uint64_t>(row[8].toInteger()), count);
            QCOMPARE(parse_quantity(row[9].toString().toStdString())->units, buy.units);
            QCOMPARE(row[11].toString(), QString("0"));
            trades += count;
        }
        rest.set_now(0);
        std::uint64_t hour_trades = 0;
        for (const auto& v : parse(rest.answer("/fapi/v1/klines?symbol=BTCUSDT&interval=1h")).array()) hour_trades += v.toArray()[8].toInteger();
        QCOMPARE(hour_trades, std::uint64_t{5041});  // the hour's plain trades, as tests/data/README.md counts them
        QVERIFY(trades < hour_trades);

        // startTime rounds up to a kline's open, endTime down; limit from the start when given.
        const std::int64_t hour_ms = kRealHourStartUs / 1000;
        QJsonArray page = parse(rest.answer("/fapi/v1/klines?symbol=BTCUSDT&interval=5m&startTime=" + std::to_string(hour_ms + 1) +
                                            "&endTime=" + std::to_string(hour_ms + 20 * 60'000) + "&limit=2")).array();
        QCOMPARE(page.size(), 2);
        QCOMPARE(page[0].toArray()[0].toInteger(), hour_ms + 5 * 60'000);
        page = parse(rest.answer("/fapi/v1/klines?symbol=BTCUSDT&interval=5m&endTime=" + std::to_string(hour_ms + 20 * 60'000) + "&limit=2")).array();
        QCOMPARE(page[1].toArray()[0].toInteger(), hour_ms + 20 * 60'000);
        // A kline without trades (a market quiet for an hour) repeats the close.
        const RealHistory gap(kRealHourStartUs, 1);
        LocalRestOptions q = history_options(gap);
        q.now_us = gap.end_us() + kHourUs;
        LocalRest quiet(q);
        page = parse(quiet.answer("/fapi/v1/klines?symbol=BTCUSDT&interval=1h")).array();
        QCOMPARE(page.size(), 2);
        QCOMPARE(page[1].toArray()[1].toString(), page[0].toArray()[4].toString());
        QCOMPARE(page[1].toArray()[5].toString(), QString("0.000"));
        QCOMPARE(page[1].toArray()[8].toInteger(), 0);

        QCOMPARE(rest.answer("/fapi/v1/klines?symbol=BTCUSDT&interval=7m").body, std::string(R"({"code":-1120,"msg":"Invalid interval."})"));
        QCOMPARE(rest.answer("/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=1501").status, 400);
    }

    void weight_is_counted_per_minute_then_429_then_418() {
        wait_for_fresh_minute();
        const RealHistory h(kRealHourStartUs, 1);
        LocalRest rest(history_options(h));
        rest.set_weight_limit(100);
        // klines weigh by limit (1, 2, 5, 10), aggTrades 20.
        QCOMPARE(header(rest.answer("/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=99"), "X-MBX-USED-WEIGHT-1M"), std::string("1"));
        QCOMPARE(header(rest.answer("/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=100"), "X-MBX-USED-WEIGHT-1M"), std::string("3"));
        QCOMPARE(header(rest.answer("/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=1000"), "X-MBX-USED-WEIGHT-1M"), std::string("8"));
        QCOMPARE(header(rest.answer("/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=1001"), "X-MBX-USED-WEIGHT-1M"), std::string("18"));
        for (int used = 38; used <= 98; used += 20)
            QCOMPARE(header(rest.answer("/fapi/v1/aggTrades?symbol=BTCUSDT"), "X-MBX-USED-WEIGHT-1M"), std::to_string(used));
        QCOMPARE(rest.used_weight(), 98);

        HttpAnswer a = rest.answer("/fapi/v1/aggTrades?symbol=BTCUSDT");
        QCOMPARE(a.status, 429);
        QVERIFY(a.body.find(R"("code":-1003)") != std::string::npos);
        const int retry = std::stoi(header(a, "Retry-After"));
        QVERIFY(retry >= 1 && retry <= 60);
        QCOMPARE(header(a, "X-MBX-USED-WEIGHT-1M"), std::string("98"));
        // Told to wait, even a light request is a ban.
        a = rest.answer("/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=1");
        QCOMPARE(a.status, 418);
        QVERIFY(!header(a, "Retry-After").empty());
        QVERIFY(a.body.find("banned until") != std::string::npos);
        QCOMPARE(rest.answered_429(), 1);
        QCOMPARE(rest.answered_418(), 1);
        QCOMPARE(rest.max_weight_in_a_minute(), 98);
        // The archive host has no weight.
        QCOMPARE(rest.answer(kFuturesZip).status, 200);
    }

    void archives_read_back_as_the_served_trades_data() {
        QTest::addColumn<int>("exchange");
        QTest::newRow("usd-m") << int(Exchange::BinanceFutures);
        QTest::newRow("spot") << int(Exchange::BinanceSpot);
    }
    void archives_read_back_as_the_served_trades() {
        QFETCH(int, exchange);
        const bool spot = Exchange(exchange) == Exchange::BinanceSpot;
        const RealHistory h(kRealHourStartUs - kHourUs, 26, Exchange(exchange));  // 23:00 the day before … 01:00 the day after
        LocalRestOptions o = history_options(h);
        o.exchange = Exchange(exchange);
        if (spot) o.price_decimals = o.quantity_decimals = 8;
        LocalRest rest(o);
        const std::string dir = spot ? "/data/spot/daily/aggTrades/BTCUSDT/" : "/data/futures/um/daily/aggTrades/BTCUSDT/";
        const std::string name = std::string("BTCUSDT-aggTrades-") + kDay + ".zip";

        const HttpAnswer zip = rest.answer(dir + name);
        QCOMPARE(zip.status, 200);
        QCOMPARE(zip.content_type, std::string("application/zip"));
        QCOMPARE(zip.body.substr(0, 4), std::string("PK\x03\x04", 4));
        const HttpAnswer sum = rest.answer(dir + name + ".CHECKSUM");
        QCOMPARE(sum.status, 200);
        QCOMPARE(sum.body, sha256_hex(zip.body) + "  " + name + "\n");
        QCOMPARE(sha256_hex("abc"), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QCOMPARE(rest.archive_downloads(), 1);

        std::vector<Trade> read;
        const TradeFileResult file = read_archive(write_file(name, zip.body), read);
        QVERIFY2(file.ok, file.error.c_str());
        QCOMPARE(file.format, TradeFileFormat::BinanceAggTrades);
        QCOMPARE(file.exchange, Exchange(exchange));
        QCOMPARE(file.skipped, std::uint64_t{0});
        std::vector<AggTrade> day;
        for (std::size_t i = 0; i < h.size(); ++i) {
            const AggTrade t = h.at(i);
            if (t.trade.exchange_time_us >= kRealHourStartUs && t.trade.exchange_time_us < kRealHourStartUs + kDayUs) day.push_back(t);
        }
        QCOMPARE(day.size(), 24 * h.hour_size());
        QCOMPARE(read.size(), day.size());
        for (std::size_t i = 0; i < read.size(); ++i) {
            const Trade& a = read[i];
            const Trade& b = day[i].trade;
            QVERIFY2(a.exchange_time_us == b.exchange_time_us && a.price == b.price && a.quantity == b.quantity &&
                         a.id.number == b.id.number && a.aggressor == b.aggressor && a.symbol == b.symbol,
                     std::to_string(i).c_str());
        }

        // The day before holds one hour, the day after one: both published; two days on: none.
        QCOMPARE(rest.answer(dir + "BTCUSDT-aggTrades-2020-02-21.zip").status, 200);
        QCOMPARE(rest.answer(dir + "BTCUSDT-aggTrades-2020-02-24.zip").status, 404);
        QCOMPARE(rest.answer(dir + "BTCUSDT-aggTrades-2020-02-24.zip").content_type, std::string("application/xml"));
        QCOMPARE(rest.answer(dir + "ETHUSDT/ETHUSDT-aggTrades-2020-02-22.zip").status, 404);
        QCOMPARE(rest.answer(dir + "BTCUSDT-aggTrades-2020-02-30.zip").status, 404);
        QCOMPARE(rest.answer(std::string(spot ? kFuturesZip : "/data/spot/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2020-02-22.zip")).status, 404);
        rest.set_now(kRealHourStartUs + kDayUs - 1);  // the day is not over: not published
        QCOMPARE(rest.answer(dir + name).status, 404);
        rest.set_now(0);
        rest.set_unpublished_from(kRealHourStartUs);
        QCOMPARE(rest.answer(dir + name).status, 404);
        QCOMPARE(rest.answer(dir + name + ".CHECKSUM").status, 404);
        QCOMPARE(rest.answer(dir + "BTCUSDT-aggTrades-2020-02-21.zip").status, 200);
        rest.set_unpublished_from(0);

        rest.set_bad_checksum(true);
        QVERIFY(rest.answer(dir + name + ".CHECKSUM").body != sum.body);
        rest.set_bad_checksum(false);
        rest.set_broken_downloads(true);
        const HttpAnswer cut = rest.answer(dir + name);
        QCOMPARE(cut.body, zip.body);
        QVERIFY(cut.cut_after == zip.body.size() / 2);
        rest.set_broken_downloads(false);
        rest.set_truncated_archive(true);
        const HttpAnswer short_zip = rest.answer(dir + name);
        QCOMPARE(short_zip.body, zip.body.substr(0, zip.body.size() / 2));
        QVERIFY(!short_zip.cut_after);
        std::vector<Trade> none;
        QVERIFY(!read_archive(write_file("short-" + name, short_zip.body), none).ok);
    }

    void okx_pages_newest_first_by_trade_id() {
        auto hour = real_hour_aggtrades();
        for (auto& t : hour) t.trade.exchange = Exchange::Okx;
        LocalRestOptions o;
        o.exchange = Exchange::Okx;
        o.symbol = "BTC-USDT";
        o.trades = hour;
        LocalRest rest(o);
        const std::string path = "/api/v5/market/history-trades?instId=BTC-USDT&type=1";

        QJsonObject page = parse(rest.answer(path)).object();
        QCOMPARE(page["code"].toString(), QString("0"));
        QJsonArray data = page["data"].toArray();
        QCOMPARE(data.size(), 100);
        QCOMPARE(data[0].toObject()["tradeId"].toString().toStdString(), std::string(hour.back().trade.id.text.view()));
        QCOMPARE(data[0].toObject()["px"].toString(), QString("9693.44"));
        QCOMPARE(data[0].toObject()["sz"].toString(), QString("0.018"));
        QCOMPARE(data[0].toObject()["side"].toString(), QString("buy"));
        QCOMPARE(data[0].toObject()["ts"].toString(), QString("1582333199979"));
        QCOMPARE(data[0].toObject()["instId"].toString(), QString("BTC-USDT"));

        // Walk back with `after` to the first trade.
        std::size_t seen = 0;
        std::string after;
        for (;;) {
            data = parse(rest.answer(path + "&limit=100" + (after.empty() ? "" : "&after=" + after))).object()["data"].toArray();
            if (data.isEmpty()) break;
            for (const auto& v : data) {
                ++seen;
                QCOMPARE(v.toObject()["tradeId"].toString().toStdString(), std::string(hour[hour.size() - seen].trade.id.text.view()));
            }
            after = data.last().toObject()["tradeId"].toString().toStdString();
        }
        QCOMPARE(seen, hour.size());
        // Between two ids; `before` alone gives the latest, as OKX documents.
        data = parse(rest.answer(path + "&after=26000010&before=26000004")).object()["data"].toArray();
        QCOMPARE(data.size(), 5);
        QCOMPARE(data[0].toObject()["tradeId"].toString(), QString("26000009"));
        data = parse(rest.answer(path + "&before=26000004&limit=3")).object()["data"].toArray();
        QCOMPARE(data[0].toObject()["tradeId"].toString().toStdString(), std::string(hour.back().trade.id.text.view()));
        QCOMPARE(rest.answer(path + "&limit=101").status, 400);
        QCOMPARE(rest.answer("/api/v5/market/history-trades?instId=ETH-USDT").status, 400);
        QCOMPARE(rest.answer("/fapi/v1/aggTrades?symbol=BTC-USDT").status, 404);
    }

    void faults_do_what_they_say() {
        const RealHistory h(kRealHourStartUs, 1);
        LocalRest rest(history_options(h));
        const std::string page = "/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=26000000";

        rest.set_forced_status(451);
        HttpAnswer a = rest.answer(page);
        QCOMPARE(a.status, 451);
        QVERIFY(a.body.find("restricted location") != std::string::npos);
        QCOMPARE(rest.answer(kFuturesZip).status, 451);
        rest.set_forced_status(403);
        QCOMPARE(rest.answer(page).status, 403);
        rest.set_forced_status(500);
        QCOMPARE(rest.answer(page).status, 500);
        rest.set_forced_status(0);

        rest.set_empty_pages(2);
        QCOMPARE(rest.answer(page).body, std::string("[]"));
        QCOMPARE(rest.answer(page).body, std::string("[]"));
        QCOMPARE(parse(rest.answer(page)).array().size(), 500);

        rest.set_latency(std::chrono::milliseconds(150));
        const auto t0 = std::chrono::steady_clock::now();
        QCOMPARE(rest.answer(page).status, 200);
        QVERIFY(std::chrono::steady_clock::now() - t0 >= std::chrono::milliseconds(150));
        QCOMPARE(rest.requests(), 8);
        QCOMPARE(rest.targets().front(), page);
    }

    void answers_over_a_socket_kept_alive_and_concurrent() {
        const RealHistory h(kRealHourStartUs, 24);
        LocalRest rest(history_options(h));
        LocalExchangeOptions o;
        o.http_handler = [&rest](const std::string& target) { return rest.answer(target); };
        LocalExchange exchange(o);

        // Three requests on one connection, the last asking to close.
        const std::string page = "/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=26000000&limit=1000";
        bool closed = false;
        const auto responses = raw_get(exchange.port(), {page, kFuturesZip, "/nowhere"}, true, &closed);
        QCOMPARE(responses.size(), std::size_t{3});
        QCOMPARE(responses[0].status, 200);
        QCOMPARE(responses[0].headers.at("content-type"), std::string("application/json"));
        QCOMPARE(responses[0].headers.at("x-mbx-used-weight-1m").empty(), false);
        QCOMPARE(responses[0].body, rest.answer(page).body);
        QCOMPARE(responses[1].status, 200);
        QCOMPARE(responses[1].headers.at("content-type"), std::string("application/zip"));
        QCOMPARE(responses[1].body, rest.answer(kFuturesZip).body);
        QCOMPARE(responses[2].status, 404);
        QVERIFY(closed);

        // A slow answer holds up its own connection only: four at once take one latency, not four.
        rest.set_latency(std::chrono::milliseconds(400));
        const auto t0 = std::chrono::steady_clock::now();
        std::vector<std::future<std::vector<RawResponse>>> clients;
        for (int i = 0; i < 4; ++i) clients.push_back(std::async(std::launch::async, [&] { return raw_get(exchange.port(), {page}, true); }));
        for (auto& c : clients) {
            const auto r = c.get();
            QCOMPARE(r.size(), std::size_t{1});
            QCOMPARE(r[0].status, 200);
        }
        const auto took = std::chrono::steady_clock::now() - t0;
        QVERIFY(took >= std::chrono::milliseconds(400));
        QVERIFY2(took < std::chrono::milliseconds(1200), std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(took).count()).c_str());
        QCOMPARE(exchange.targets().size(), std::size_t{7});
    }

    void the_app_client_gets_the_same_answers_data() {
        QTest::addColumn<bool>("tls");
        QTest::newRow("http") << false;
        QTest::newRow("https with the test CA") << true;
    }
    void the_app_client_gets_the_same_answers() {
        QFETCH(bool, tls);
        const RealHistory h(kRealHourStartUs, 24);
        LocalRest rest(history_options(h));
        LocalExchangeOptions o;
        o.tls = tls;
        o.http_handler = [&rest](const std::string& target) { return rest.answer(target); };
        LocalExchange exchange(o);
        const auto get = [&](const std::string& target) {
            HttpRequest request;
            request.endpoint = *parse_http_url(std::string(tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(exchange.port()) + target);
            request.timeout_s = 10;
            if (tls) request.extra_ca_file = test::data_path("net/test-ca.pem");
            return http_get(request);
        };

        auto zip = get(kFuturesZip);
        QVERIFY2(zip, zip.error().c_str());
        QCOMPARE(zip->status, 200);
        QCOMPARE(zip->header("content-type"), std::string("application/zip"));
        QCOMPARE(zip->body, rest.answer(kFuturesZip).body);
        const auto sum = get(std::string(kFuturesZip) + ".CHECKSUM");
        QVERIFY2(sum, sum.error().c_str());
        QCOMPARE(sum->body, sha256_hex(zip->body) + "  BTCUSDT-aggTrades-2020-02-22.zip\n");

        wait_for_fresh_minute();
        rest.set_weight_limit(20);
        auto page = get("/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=26000000&limit=1000");
        QVERIFY2(page, page.error().c_str());
        QCOMPARE(page->status, 200);
        QCOMPARE(page->header("x-mbx-used-weight-1m"), std::string("20"));
        QCOMPARE(rows_of(page->body).size(), std::size_t{1000});
        page = get("/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=26001000&limit=1000");
        QVERIFY2(page, page.error().c_str());
        QCOMPARE(page->status, 429);
        QVERIFY(!page->header("retry-after").empty());
        page = get("/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=26001000&limit=1000");
        QVERIFY2(page, page.error().c_str());
        QCOMPARE(page->status, 418);

        // A download that breaks off is a transport failure; a short archive served whole is an answer.
        rest.set_broken_downloads(true);
        zip = get(kFuturesZip);
        QVERIFY(!zip);
        rest.set_broken_downloads(false);
        rest.set_truncated_archive(true);
        zip = get(kFuturesZip);
        QVERIFY2(zip, zip.error().c_str());
        QCOMPARE(zip->status, 200);
        QCOMPARE(zip->body, rest.answer(kFuturesZip).body);
        rest.set_truncated_archive(false);

        rest.set_forced_status(451);
        page = get("/fapi/v1/aggTrades?symbol=BTCUSDT");
        QVERIFY2(page, page.error().c_str());
        QCOMPARE(page->status, 451);
    }
};

QTEST_GUILESS_MAIN(TestLocalRest)
#include "test_local_rest.moc"
