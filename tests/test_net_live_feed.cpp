// The live websocket client against the local test exchange replaying the real captured hour:
// subscribe, stream, reconnect and re-subscribe after a drop, gaps from trade ids, silence
// detection, the queue's drop-newest policy, TLS refused without the test CA and accepted with it.
#include <QtTest>

#include <fstream>
#include <numeric>
#include <sstream>

#include "support/local_exchange.hpp"
#include "net/live_feed.hpp"
#include "net/reconnect_backoff.hpp"

using namespace flowscope;
using flowscope::testing::LocalExchange;
using flowscope::testing::LocalExchangeOptions;

namespace {

constexpr auto kWait = std::chrono::seconds(20);

std::vector<std::string> captured_agg_trades(std::size_t count = SIZE_MAX) {
    std::ifstream in(std::string(FLOWSCOPE_TEST_DATA_DIR) + "/ws/binance-futures-btcusdt-aggTrade-2020-02-22T00.ndjson");
    std::vector<std::string> lines;
    for (std::string line; lines.size() < count && std::getline(in, line);)
        if (!line.empty()) lines.push_back(line);
    return lines;
}

LiveFeedConfig config_for(const LocalExchange& server, const std::string& target = "/market/ws") {
    LiveFeedConfig c;
    c.exchange = Exchange::BinanceFutures;
    c.symbols = {"btcusdt"};
    c.endpoint_override = parse_endpoint_url(server.url(target));
    c.backoff_initial_ms = 50;
    c.backoff_max_ms = 200;
    c.connect_timeout_s = 5;
    return c;
}

// Drains the feed into one batch until a condition holds.
struct Collector {
    explicit Collector(LiveFeed& f) : feed(f) {}
    LiveFeed& feed;
    FeedBatch all;

    bool wait_for(const std::function<bool(const FeedBatch&)>& pred, std::chrono::milliseconds timeout = kWait) {
        return LocalExchange::wait_until([&] {
            feed.drain(all);
            return pred(all);
        }, timeout);
    }
    int count(FeedEvent::Kind kind) const {
        return static_cast<int>(std::count_if(all.events.begin(), all.events.end(), [&](const FeedEvent& e) { return e.kind == kind; }));
    }
    const FeedEvent* first(FeedEvent::Kind kind) const {
        for (const auto& e : all.events)
            if (e.kind == kind) return &e;
        return nullptr;
    }
    QString events_text() const {
        QString s;
        for (const auto& e : all.events) s += QString("[%1 %2] ").arg(QString::fromStdString(std::string(feed_event_name(e.kind))), QString::fromStdString(e.message));
        return s;
    }
};

auto trades_at_least(std::size_t n) {
    return [n](const FeedBatch& b) { return b.trades.size() >= n; };
}

}  // namespace

class TestNetLiveFeed : public QObject {
    Q_OBJECT
private slots:
    void parses_endpoint_urls() {
        auto e = parse_endpoint_url("wss://fstream.binance.com/market/ws");
        QVERIFY(e && e->tls && e->host == "fstream.binance.com" && e->port == "443" && e->target == "/market/ws");
        e = parse_endpoint_url("ws://127.0.0.1:9001/stream?streams=a/b");
        QVERIFY(e && !e->tls && e->host == "127.0.0.1" && e->port == "9001" && e->target == "/stream?streams=a/b");
        e = parse_endpoint_url("ws://localhost");
        QVERIFY(e && e->port == "80" && e->target == "/");
        QVERIFY(!parse_endpoint_url("http://x/"));
        QVERIFY(!parse_endpoint_url("ws://:80/"));
        QVERIFY(!parse_endpoint_url("ws://host:port/"));
    }

    void backoff_grows_with_jitter_up_to_the_cap() {
        ReconnectBackoff b(500, 30000, 42);
        const int expected_ceiling[] = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000};
        for (int ceiling : expected_ceiling) {
            const int d = b.next_delay_ms();
            QVERIFY2(d >= ceiling / 2 && d <= ceiling, qPrintable(QString("%1 not in [%2, %3]").arg(d).arg(ceiling / 2).arg(ceiling)));
        }
        QCOMPARE(b.attempts(), 8);
        b.reset();
        QVERIFY(b.next_delay_ms() <= 500);
        // Jitter: two clients cut off together do not come back in lock-step.
        ReconnectBackoff x(1000, 30000, 1), y(1000, 30000, 2);
        std::vector<int> dx, dy;
        for (int i = 0; i < 5; ++i) { dx.push_back(x.next_delay_ms()); dy.push_back(y.next_delay_ms()); }
        QVERIFY(dx != dy);
    }

    void subscribes_and_streams_the_real_hour() {
        LocalExchangeOptions o;
        o.frames = captured_agg_trades();
        o.ping_interval_ms = 20;
        LocalExchange server(o);
        LiveFeed feed(config_for(server));
        feed.start();
        Collector c(feed);
        QVERIFY2(c.wait_for(trades_at_least(o.frames.size())), qPrintable(c.events_text()));
        QCOMPARE(c.all.trades.size(), o.frames.size());
        QCOMPARE(c.all.frames.size(), o.frames.size() + 1);  // + the subscription ack
        QCOMPARE(c.all.frames[1].text, o.frames[0]);          // raw frames, exactly as received
        for (std::size_t i = 0; i < c.all.trades.size(); ++i) {
            QCOMPARE(*c.all.trades[i].id.number, 26000000 + i);
            QCOMPARE(c.all.trades[i].receive_time_us, c.all.frames[i + 1].receive_time_us);
        }
        QVERIFY(c.all.trades[0].receive_time_us > 1'600'000'000'000'000);  // stamped with the local clock
        QCOMPARE(format_price(c.all.trades.back().price), std::string("9693.44"));
        QCOMPARE(server.messages_received().at(0), std::string(R"({"method":"SUBSCRIBE","params":["btcusdt@aggTrade"],"id":1})"));
        QCOMPARE(server.targets().at(0), std::string("/market/ws"));
        QCOMPARE(c.count(FeedEvent::Kind::Connecting), 1);
        QCOMPARE(c.count(FeedEvent::Kind::Connected), 1);
        QCOMPARE(c.count(FeedEvent::Kind::Subscribed), 1);
        QCOMPARE(c.count(FeedEvent::Kind::Gap), 0);
        QVERIFY(c.all.events[0].kind == FeedEvent::Kind::Connecting);
        QVERIFY(LocalExchange::wait_until([&] { return server.pongs_received() > 0; }, kWait));  // pings answered
        const auto n = feed.counters();
        QCOMPARE(n.trades, std::uint64_t(o.frames.size()));
        QCOMPARE(n.malformed, std::uint64_t(0));
        QCOMPARE(feed.dropped_frames(), std::uint64_t(0));
        feed.stop();
        feed.stop();  // twice is fine
    }

    void reconnects_resubscribes_and_reports_the_gap_after_a_drop() {
        LocalExchangeOptions o;
        o.frames = captured_agg_trades();
        o.frame_interval_us = 100;
        LocalExchange server(o);
        LiveFeed feed(config_for(server));
        feed.start();
        Collector c(feed);
        QVERIFY(c.wait_for(trades_at_least(1000)));
        server.drop_connections();
        server.skip_frames(50);  // what the exchange sent while we were away
        QVERIFY2(c.wait_for(trades_at_least(o.frames.size() - 50)), qPrintable(c.events_text()));
        QVERIFY(c.wait_for([&](const FeedBatch&) { return server.frames_sent() == o.frames.size(); }));
        QCOMPARE(c.all.trades.size(), o.frames.size() - 50);
        QCOMPARE(server.subscriptions(), 2);
        QCOMPARE(server.messages_received().at(1), server.messages_received().at(0));  // re-subscribed the same way
        QCOMPARE(c.count(FeedEvent::Kind::Disconnected), 1);
        QCOMPARE(c.count(FeedEvent::Kind::Subscribed), 2);
        const FeedEvent* reconnecting = c.first(FeedEvent::Kind::Reconnecting);
        QVERIFY(reconnecting);
        QCOMPARE(reconnecting->attempt, 1);
        QVERIFY(reconnecting->delay_ms >= 25 && reconnecting->delay_ms <= 50);
        // The ids tell exactly what was lost.
        std::uint64_t missed = 0;
        for (const auto& e : c.all.events)
            if (e.kind == FeedEvent::Kind::Gap) {
                missed += e.missed;
                QCOMPARE(e.gap_to - e.gap_from - 1, e.missed);
            }
        QCOMPARE(missed, std::uint64_t(50));
        QCOMPARE(feed.counters().reconnects, std::uint64_t(1));
    }

    void reports_a_gap_from_missing_trade_ids() {
        LocalExchangeOptions o;
        o.frames = captured_agg_trades();
        o.frames.erase(o.frames.begin() + 100, o.frames.begin() + 110);  // ids 26000100..26000109 never sent
        LocalExchange server(o);
        LiveFeed feed(config_for(server));
        feed.start();
        Collector c(feed);
        QVERIFY(c.wait_for(trades_at_least(o.frames.size())));
        QCOMPARE(c.count(FeedEvent::Kind::Gap), 1);
        const FeedEvent* gap = c.first(FeedEvent::Kind::Gap);
        QCOMPARE(gap->gap_from, std::uint64_t(26000099));
        QCOMPARE(gap->gap_to, std::uint64_t(26000110));
        QCOMPARE(gap->missed, std::uint64_t(10));
        QCOMPARE(c.count(FeedEvent::Kind::Disconnected), 0);
    }

    void a_silent_connection_is_detected_and_replaced() {
        LocalExchangeOptions o;
        o.frames = captured_agg_trades();
        o.frame_interval_us = 2000;
        LocalExchange server(o);
        auto cfg = config_for(server);
        cfg.silence_timeout_s = 1;
        LiveFeed feed(cfg);
        feed.start();
        Collector c(feed);
        QVERIFY(c.wait_for(trades_at_least(10)));
        server.set_stalled(true);
        QVERIFY2(c.wait_for([&](const FeedBatch&) { return c.count(FeedEvent::Kind::Stalled) >= 1 && server.connections() >= 2; }),
                 qPrintable(c.events_text()));
        const FeedEvent* stalled = c.first(FeedEvent::Kind::Stalled);
        QVERIFY(QString::fromStdString(stalled->message).contains("no data for 1 s"));
        server.set_stalled(false);
        const std::size_t before = c.all.trades.size();
        QVERIFY2(c.wait_for(trades_at_least(before + 10)), qPrintable(c.events_text()));  // flowing again
    }

    void a_full_queue_drops_the_newest_frames_and_says_so() {
        LocalExchangeOptions o;
        o.frames = captured_agg_trades();
        const std::string last = o.frames.back();
        o.frames.pop_back();
        LocalExchange server(o);
        auto cfg = config_for(server);
        cfg.queue_capacity = 100;
        LiveFeed feed(cfg);
        feed.start();
        // Nobody drains while the server sends everything.
        QVERIFY(LocalExchange::wait_until([&] { return feed.counters().frames == o.frames.size() + 1; }, kWait));
        FeedBatch first;
        feed.drain(first);
        QCOMPARE(first.frames.size(), std::size_t(100));          // the ack and the oldest 99 frames
        QCOMPARE(first.trades.size(), std::size_t(99));
        QCOMPARE(*first.trades.back().id.number, std::uint64_t(26000098));
        const std::uint64_t dropped = o.frames.size() + 1 - 100;
        QCOMPARE(feed.dropped_frames(), dropped);
        QCOMPARE(feed.counters().dropped_frames, dropped);
        // Room again: the next frame comes with a Gap event that accounts for the hole.
        server.send_text(last);
        Collector c(feed);
        QVERIFY(c.wait_for(trades_at_least(1)));
        const FeedEvent* gap = c.first(FeedEvent::Kind::Gap);
        QVERIFY2(gap, qPrintable(c.events_text()));
        QCOMPARE(gap->missed, dropped);
        QCOMPARE(gap->gap_from, std::uint64_t(26000098));
        QCOMPARE(gap->gap_to, std::uint64_t(26004296));
        QVERIFY(QString::fromStdString(gap->message).contains("consumer too slow"));
    }

    void garbage_and_error_frames_are_counted_and_shown() {
        LocalExchangeOptions o;
        o.frames = captured_agg_trades(20);
        LocalExchange server(o);
        LiveFeed feed(config_for(server));
        feed.start();
        Collector c(feed);
        QVERIFY(c.wait_for(trades_at_least(20)));
        server.send_text("{\"e\":\"aggTrade\",\"a\":");
        server.send_text("\x01 not json");
        server.send_text(R"({"code":2,"msg":"Invalid request: too many streams"})");
        server.send_text(R"({"e":"depthUpdate","E":1})");
        QVERIFY(c.wait_for([&](const FeedBatch&) { return feed.counters().frames >= 25; }));
        const auto n = feed.counters();
        QCOMPARE(n.malformed, std::uint64_t(2));
        QCOMPARE(n.unknown, std::uint64_t(1));
        QCOMPARE(n.exchange_errors, std::uint64_t(1));
        const FeedEvent* error = c.first(FeedEvent::Kind::ExchangeError);
        QVERIFY(error && QString::fromStdString(error->message).contains("too many streams"));
        QCOMPARE(c.all.trades.size(), std::size_t(20));
        QCOMPARE(c.count(FeedEvent::Kind::Disconnected), 0);  // bad frames are not a reason to reconnect
    }

    void reconnects_ahead_of_the_session_age_limit() {
        LocalExchangeOptions o;
        o.frames = captured_agg_trades();
        o.frame_interval_us = 1000;
        LocalExchange server(o);
        auto cfg = config_for(server);
        cfg.max_session_s = 1;
        LiveFeed feed(cfg);
        feed.start();
        Collector c(feed);
        QVERIFY2(c.wait_for([&](const FeedBatch&) { return server.subscriptions() >= 2 && c.count(FeedEvent::Kind::Subscribed) >= 2; }),
                 qPrintable(c.events_text()));
        const FeedEvent* planned = c.first(FeedEvent::Kind::Disconnected);
        QVERIFY(QString::fromStdString(planned->message).contains("planned reconnect"));
        QCOMPARE(c.first(FeedEvent::Kind::Reconnecting)->delay_ms, 0);
    }

    void keeps_retrying_with_backoff_when_nothing_listens() {
        unsigned short port = 0;
        {
            LocalExchange gone(LocalExchangeOptions{});
            port = gone.port();
        }
        LiveFeedConfig cfg;
        cfg.exchange = Exchange::BinanceFutures;
        cfg.symbols = {"BTCUSDT"};
        cfg.endpoint_override = parse_endpoint_url("ws://127.0.0.1:" + std::to_string(port) + "/market/ws");
        cfg.backoff_initial_ms = 20;
        cfg.backoff_max_ms = 80;
        LiveFeed feed(cfg);
        feed.start();
        Collector c(feed);
        QVERIFY(c.wait_for([&](const FeedBatch&) { return c.count(FeedEvent::Kind::Reconnecting) >= 4; }));
        const FeedEvent* down = c.first(FeedEvent::Kind::Disconnected);
        QVERIFY2(QString::fromStdString(down->message).contains("connect"), down->message.c_str());
        int attempt = 0;
        for (const auto& e : c.all.events)
            if (e.kind == FeedEvent::Kind::Reconnecting) {
                QCOMPARE(e.attempt, ++attempt);
                QVERIFY(e.delay_ms <= 80);
            }
        QCOMPARE(c.count(FeedEvent::Kind::Connected), 0);
    }

    void tls_with_an_untrusted_certificate_is_refused_clearly() {
        LocalExchangeOptions o;
        o.tls = true;
        o.frames = {captured_agg_trades().front()};
        LocalExchange server(o);
        LiveFeed feed(config_for(server));
        feed.start();
        Collector c(feed);
        QVERIFY(c.wait_for([&](const FeedBatch&) { return c.count(FeedEvent::Kind::Disconnected) >= 1; }));
        const QString why = QString::fromStdString(c.first(FeedEvent::Kind::Disconnected)->message);
        QVERIFY2(why.contains("TLS handshake") && why.contains("certificate"), qPrintable(why));
        QCOMPARE(c.count(FeedEvent::Kind::Connected), 0);
        QVERIFY(c.all.trades.empty());
    }

    void tls_is_accepted_when_the_test_ca_is_trusted_data() {
        QTest::addColumn<QString>("host");
        QTest::newRow("by IP address") << "127.0.0.1";
        QTest::newRow("by host name") << "localhost";
    }
    void tls_is_accepted_when_the_test_ca_is_trusted() {
        QFETCH(QString, host);
        LocalExchangeOptions o;
        o.tls = true;
        o.frames = captured_agg_trades(50);
        LocalExchange server(o);
        auto cfg = config_for(server);
        cfg.endpoint_override->host = host.toStdString();
        cfg.extra_ca_file = std::string(FLOWSCOPE_TEST_DATA_DIR) + "/net/test-ca.pem";
        LiveFeed feed(cfg);
        feed.start();
        Collector c(feed);
        QVERIFY2(c.wait_for(trades_at_least(50)), qPrintable(c.events_text()));
        QCOMPARE(c.count(FeedEvent::Kind::Subscribed), 1);
    }

    void a_missing_ca_file_is_reported_not_ignored() {
        LocalExchangeOptions o;
        o.tls = true;
        LocalExchange server(o);
        auto cfg = config_for(server);
        cfg.extra_ca_file = "/nonexistent/ca.pem";
        LiveFeed feed(cfg);
        feed.start();
        Collector c(feed);
        QVERIFY(c.wait_for([&](const FeedBatch&) { return c.count(FeedEvent::Kind::Disconnected) >= 1; }));
        QVERIFY(QString::fromStdString(c.first(FeedEvent::Kind::Disconnected)->message).contains("cannot load CA file"));
        QCOMPARE(server.connections(), 0);
    }
};

QTEST_GUILESS_MAIN(TestNetLiveFeed)
#include "test_net_live_feed.moc"
