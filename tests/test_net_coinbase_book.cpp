// Coinbase Advanced Trade's market_trades `side` is the MAKER's side. Proven on a recorded
// production stream with the order book beside the trades (tests/data/ws/coinbase/README.md): the
// book is replayed from its own l2_data events (read here with nlohmann, independently of the
// adapter) up to each trade's time, and every trade the adapter reads must have taken the resting
// order on its aggressor's side: a buy at or above the best offer, a sell at or below the best bid.
//
// The book is timed by its events' event_time, not by line order: a trade frame arrives 24–222 ms
// after its trade, often after the book update that already took the traded size off the level.
#include <QtTest>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "model/decimal.hpp"
#include "net/adapters.hpp"
#include "support/test_data.hpp"

using namespace flowscope;

namespace {

const char* kStream = "ws/coinbase/coinbase-advanced-btc-eth-book-and-trades-2026-09-30.jsonl";

// "2026-09-30T02:39:53.407329Z" → µs since the epoch (the recording's times all have this form).
std::int64_t micros(const std::string& text) {
    QDateTime t = QDateTime::fromString(QString::fromStdString(text.substr(0, 19)), Qt::ISODate);
    t.setTimeSpec(Qt::UTC);
    std::string fraction = text.size() > 20 ? text.substr(20, text.find('Z') - 20) : "";
    fraction.resize(6, '0');
    return t.toMSecsSinceEpoch() / 1000 * 1'000'000 + std::stoll(fraction);
}

struct BookEvent {
    std::int64_t time_us = 0;
    bool snapshot = false;
    nlohmann::json updates;
};

struct Book {
    std::map<Price, Quantity> bids, offers;
    void apply(const BookEvent& e) {
        if (e.snapshot) bids.clear(), offers.clear();
        for (const auto& u : e.updates) {
            const auto price = parse_price(u.at("price_level").get<std::string>());
            const auto size = parse_quantity(u.at("new_quantity").get<std::string>());
            QVERIFY(price && size);
            auto& side = u.at("side") == "bid" ? bids : offers;
            if (size->is_zero()) side.erase(*price);
            else side[*price] = *size;
        }
    }
};

}  // namespace

class TestNetCoinbaseBook : public QObject {
    Q_OBJECT

private slots:
    void side_names_the_maker_as_the_recorded_book_shows() {
        const auto lines = test::read_lines(test::data_path(kStream));
        QCOMPARE(lines.size(), std::size_t{250});
        const auto adapter = make_adapter(Exchange::Coinbase);
        std::map<std::string, std::vector<BookEvent>> book_events;  // per product, in event order
        std::vector<Trade> trades;
        std::set<std::string> before_the_recording;  // the trades of market_trades snapshots
        for (const std::string& line : lines) {
            const auto tab = line.find('\t');
            QVERIFY(tab != std::string::npos);
            const std::string_view text = std::string_view(line).substr(tab + 1);
            const auto frame = nlohmann::json::parse(text);
            const std::string channel = frame.value("channel", "");
            for (const auto& event : frame.value("events", nlohmann::json::array())) {
                if (channel == "l2_data") {
                    const auto& updates = event.at("updates");
                    QVERIFY(!updates.empty());
                    book_events[event.at("product_id").get<std::string>()].push_back(
                        {micros(updates.front().at("event_time").get<std::string>()), event.at("type") == "snapshot", updates});
                } else if (channel == "market_trades" && event.at("type") == "snapshot") {
                    for (const auto& t : event.at("trades")) before_the_recording.insert(t.at("trade_id").get<std::string>());
                }
            }
            if (channel != "market_trades") continue;
            QCOMPARE(adapter->parse(text, 0, trades).kind, FrameKind::Trades);
        }
        QCOMPARE(trades.size(), std::size_t{307});

        int took_the_book = 0, against_the_book = 0, inside_the_spread = 0;
        QStringList against;
        std::map<std::string, std::pair<Book, std::size_t>> books;  // the book, and events applied
        std::sort(trades.begin(), trades.end(),
                  [](const Trade& a, const Trade& b) { return a.exchange_time_us < b.exchange_time_us; });
        for (const Trade& t : trades) {
            if (before_the_recording.count(std::string(t.id.text.view()))) continue;
            const std::string product(t.symbol.view());
            auto& [book, applied] = books[product];
            const auto& events = book_events[product];
            while (applied < events.size() && events[applied].time_us < t.exchange_time_us) book.apply(events[applied++]);
            QVERIFY2(!book.bids.empty() && !book.offers.empty(), "a trade before the book's snapshot");
            const Price bid = book.bids.rbegin()->first, offer = book.offers.begin()->first;
            if (t.price > bid && t.price < offer) {
                ++inside_the_spread;
            } else if ((t.price >= offer ? Side::Buy : Side::Sell) == t.aggressor) {
                ++took_the_book;
            } else {
                ++against_the_book;
                against << QString::fromStdString(std::string(t.id.text.view()) + " at " + format_price(t.price) + " (book " +
                                                  format_price(bid) + " / " + format_price(offer) + ")");
            }
        }
        qInfo("107 live trades: %d took the resting order on their aggressor's side, %d against it, %d inside the spread",
              took_the_book, against_the_book, inside_the_spread);
        QVERIFY2(against_the_book == 0, qPrintable(against.join(QStringLiteral("; "))));
        QCOMPARE(took_the_book, 106);
        QCOMPARE(inside_the_spread, 1);
    }
};

QTEST_MAIN(TestNetCoinbaseBook)
#include "test_net_coinbase_book.moc"
