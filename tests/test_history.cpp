// History before the live stream, against the local test exchange (REST, archives and websocket
// serving the real hour laid end to end): the chain fills a range from archives and REST pages in
// the rate budget and a second run reads it back locally; faults give their message and keep
// nothing partial; klines agree with the bars of the trades; and a live stream spliced onto its
// history, its connection killed three times with trades lost, gives the uninterrupted stream's
// bars in all eleven timeframes.
#include <QtTest>

#include <filesystem>
#include <thread>

#include "aggregate/aggregator.hpp"
#include "history/history_chain.hpp"
#include "history/kline_bars.hpp"
#include "history/live_splice.hpp"
#include "net/live_feed.hpp"
#include "record/recording_trades.hpp"
#include "support/aggregation_compare.hpp"
#include "support/local_exchange.hpp"
#include "support/local_rest.hpp"
#include "support/real_history.hpp"
#include "support/test_data.hpp"

using namespace flowscope;
using namespace flowscope::testing;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kMinuteUs = 60'000'000;

// What the exchange has, as the test's own truth: the trades of [from, to).
std::vector<Trade> expected_trades(const RealHistory& h, std::int64_t from, std::int64_t to) {
    std::vector<Trade> out;
    for (std::size_t i = 0; i < h.size(); ++i) {
        const AggTrade a = h.at(i);
        if (a.trade.exchange_time_us >= from && a.trade.exchange_time_us < to) out.push_back(a.trade);
    }
    return out;
}

// Same trade as the exchange has it (the receive time is where it came from: not compared).
bool same_market_trade(const Trade& a, const Trade& b) {
    return a.exchange_time_us == b.exchange_time_us && a.price == b.price && a.quantity == b.quantity &&
           a.id.number == b.id.number && a.aggressor == b.aggressor && a.print == b.print;
}

QString compare_trades(const std::vector<Trade>& got, const std::vector<Trade>& want) {
    if (got.size() != want.size()) return QStringLiteral("%1 trades, expected %2").arg(got.size()).arg(want.size());
    for (std::size_t i = 0; i < got.size(); ++i)
        if (!same_market_trade(got[i], want[i]))
            return QStringLiteral("trade %1 (id %2) differs from id %3").arg(i).arg(got[i].id.number.value_or(0)).arg(want[i].id.number.value_or(0));
    return {};
}

Aggregator all_timeframes(const std::vector<Trade>& trades) {
    Aggregator agg;
    test::add_standard_timeframes(agg);
    for (const Trade& t : trades) agg.add(t);
    return agg;
}

struct Server {
    LocalRest rest;
    LocalExchange exchange;
    Server(const RealHistory& h, LocalExchangeOptions ws = {})
        : rest([&] {
              LocalRestOptions o;
              o.trade_at = [&h](std::size_t i) { return h.at(i); };
              o.trade_count = h.size();
              return o;
          }()),
          exchange([&] {
              ws.http_handler = [this](const std::string& target) { return rest.answer(target); };
              return ws;
          }()) {}
    std::string base() const { return "http://127.0.0.1:" + std::to_string(exchange.port()); }
};

history::HistoryRequest request_for(const Server& s, std::int64_t from, std::int64_t to, const std::string& store) {
    history::HistoryRequest r;
    r.exchange = Exchange::BinanceFutures;
    r.symbol = "BTCUSDT";
    r.from_us = from;
    r.to_us = to;
    r.store_dir = store;
    r.rest_url = s.base();
    r.archive_url = s.base();
    return r;
}

// Away from a minute's end, so that one run's weight is not split by the server's minute.
void wait_for_fresh_minute() {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    if (ms % 60'000 > 40'000) std::this_thread::sleep_for(std::chrono::milliseconds(60'000 - ms % 60'000 + 50));
}

}  // namespace

class TestHistory : public QObject {
    Q_OBJECT
private slots:
    void archives_and_rest_fill_a_range_and_a_second_run_is_local() {
        // 2020-02-20T00 … 2020-02-22T12: two whole past days, then half a day.
        const RealHistory h(kRealHourStartUs - 2 * kDayUs, 60);
        Server server(h);
        const std::string store = test::temp_dir("history-store");
        const std::int64_t from = h.start_us(), to = h.start_us() + 2 * kDayUs + 4 * kHourUs;
        // The last day's archive is not out yet: its hours come from REST pages.
        server.rest.set_unpublished_from(kRealHourStartUs);
        wait_for_fresh_minute();
        std::vector<Trade> got;
        std::vector<std::string> progress;
        history::HistoryCallbacks callbacks;
        callbacks.on_trades = [&](std::span<const Trade> t) { got.insert(got.end(), t.begin(), t.end()); };
        callbacks.on_progress = [&](const history::HistoryProgress& p) { progress.push_back(p.message); };
        auto outcome = history::fetch_history(request_for(server, from, to, store), callbacks);
        QVERIFY2(outcome.ok(), outcome ? "" : outcome.error().c_str());
        const auto want = expected_trades(h, from, to);
        QCOMPARE(compare_trades(got, want), QString());
        QCOMPARE(outcome->archive_days, std::uint64_t{2});
        QCOMPARE(outcome->from_archive, std::uint64_t(2 * 24 * h.hour_size()));
        QCOMPARE(outcome->from_rest, std::uint64_t(4 * h.hour_size()));
        QVERIFY(outcome->unfilled.empty());
        QCOMPARE(server.rest.archive_downloads(), 2);
        // In the budget (half of 2,400 a minute): the server never had to say 429.
        QCOMPARE(server.rest.answered_429(), 0);
        QVERIFY2(server.rest.max_weight_in_a_minute() <= 1200, std::to_string(server.rest.max_weight_in_a_minute()).c_str());
        QVERIFY(!progress.empty());
        QCOMPARE(outcome->notes.size(), std::size_t{1});
        QCOMPARE(outcome->notes.front(), std::string("the archive of 2020-02-22 is not published yet: REST pages instead"));
        QVERIFY(std::any_of(progress.begin(), progress.end(), [](const std::string& m) { return m.find("archive") != std::string::npos; }));
        QCOMPARE(test::first_difference(all_timeframes(got), all_timeframes(want)), std::string());

        // The store holds the days as recordings; read back, they are the same trades.
        std::vector<Trade> stored;
        auto read = record::read_recording_trades(store, [&](std::span<const Trade> t) { stored.insert(stored.end(), t.begin(), t.end()); });
        QVERIFY2(read.ok(), read ? "" : read.error().c_str());
        QCOMPARE(compare_trades(stored, want), QString());

        // A second run reads it all locally: no archive, no trade page but the one that finds the
        // start and the one that shows the range is over.
        const int pages_before = server.rest.trade_pages_served();
        got.clear();
        auto again = history::fetch_history(request_for(server, from, to, store), callbacks);
        QVERIFY2(again.ok(), again ? "" : again.error().c_str());
        QCOMPARE(compare_trades(got, want), QString());
        QCOMPARE(again->from_store, std::uint64_t(want.size()));
        QCOMPARE(again->from_rest + again->from_archive, std::uint64_t{0});
        QCOMPARE(server.rest.archive_downloads(), 2);
        QCOMPARE(server.rest.trade_pages_served() - pages_before, 2);

        // Later: the range grows by two hours; only those are fetched.
        got.clear();
        auto longer = history::fetch_history(request_for(server, from, to + 2 * kHourUs, store), callbacks);
        QVERIFY2(longer.ok(), longer ? "" : longer.error().c_str());
        QCOMPARE(compare_trades(got, expected_trades(h, from, to + 2 * kHourUs)), QString());
        QCOMPARE(longer->from_rest, std::uint64_t(2 * h.hour_size()));
    }

    void a_refusal_a_bad_checksum_or_a_cut_archive_keep_nothing() {
        const RealHistory h(kRealHourStartUs - kDayUs, 26);
        Server server(h);
        const std::int64_t from = h.start_us(), to = h.start_us() + kDayUs + kHourUs;

        server.rest.set_forced_status(451);
        {
            const std::string store = test::temp_dir("history-451");
            auto outcome = history::fetch_history(request_for(server, from, to, store));
            QVERIFY(!outcome.ok());
            QVERIFY2(outcome.error().find("refuses requests from this location (HTTP 451)") != std::string::npos, outcome.error().c_str());
        }
        server.rest.set_forced_status(0);

        for (const bool cut : {false, true}) {
            const std::string store = test::temp_dir(cut ? "history-cut" : "history-checksum");
            server.rest.set_bad_checksum(!cut);
            server.rest.set_truncated_archive(cut);
            std::uint64_t delivered = 0;
            history::HistoryCallbacks callbacks;
            callbacks.on_trades = [&](std::span<const Trade> t) { delivered += t.size(); };
            auto outcome = history::fetch_history(request_for(server, from, to, store), callbacks);
            QVERIFY(!outcome.ok());
            QVERIFY2(outcome.error().find("does not match its checksum twice: refused (nothing kept)") != std::string::npos,
                     outcome.error().c_str());
            QCOMPARE(delivered, std::uint64_t{0});
            // Nothing of the day was kept: no recording, no part file.
            for (const auto& entry : fs::directory_iterator(store)) QFAIL(entry.path().filename().string().c_str());
        }
        server.rest.set_bad_checksum(false);
        server.rest.set_truncated_archive(false);
    }

    void an_unpublished_archive_falls_through_to_rest_pages() {
        const RealHistory h(kRealHourStartUs - kDayUs, 26);
        Server server(h);
        server.rest.set_unpublished_from(kRealHourStartUs - kDayUs);
        const std::string store = test::temp_dir("history-unpublished");
        const std::int64_t from = kRealHourStartUs - 2 * kHourUs, to = kRealHourStartUs + kHourUs;
        std::vector<Trade> got;
        std::vector<std::string> notes;
        history::HistoryCallbacks callbacks;
        callbacks.on_trades = [&](std::span<const Trade> t) { got.insert(got.end(), t.begin(), t.end()); };
        callbacks.on_note = [&](const std::string& n) { notes.push_back(n); };
        wait_for_fresh_minute();
        auto outcome = history::fetch_history(request_for(server, from, to, store), callbacks);
        QVERIFY2(outcome.ok(), outcome ? "" : outcome.error().c_str());
        QCOMPARE(compare_trades(got, expected_trades(h, from, to)), QString());
        QCOMPARE(outcome->archive_days, std::uint64_t{0});
        QVERIFY(std::any_of(notes.begin(), notes.end(), [](const std::string& n) {
            return n.find("is not published yet: REST pages instead") != std::string::npos;
        }));
    }

    void an_empty_page_is_asked_again_and_then_reported() {
        const RealHistory h(kRealHourStartUs, 2);
        Server server(h);
        const std::int64_t from = kRealHourStartUs, to = kRealHourStartUs + kHourUs;
        auto request = request_for(server, from, to, {});
        request.archive_url = "none";
        std::vector<Trade> got;
        std::vector<std::string> notes;
        history::HistoryCallbacks callbacks;
        callbacks.on_trades = [&](std::span<const Trade> t) { got.insert(got.end(), t.begin(), t.end()); };
        callbacks.on_note = [&](const std::string& n) { notes.push_back(n); };
        // One empty answer is asked again: nothing lost, nothing said.
        server.rest.set_empty_pages(1);
        auto outcome = history::fetch_history(request, callbacks);
        QVERIFY2(outcome.ok(), outcome ? "" : outcome.error().c_str());
        QCOMPARE(compare_trades(got, expected_trades(h, from, to)), QString());
        QVERIFY(notes.empty());
        // Empty twice: said, in words.
        got.clear();
        server.rest.set_empty_pages(2);
        outcome = history::fetch_history(request, callbacks);
        QVERIFY(outcome.ok());
        QVERIFY(got.size() < expected_trades(h, from, to).size());
        QVERIFY(std::any_of(notes.begin(), notes.end(), [](const std::string& n) { return n.find("empty") != std::string::npos; }));
    }

    void klines_agree_with_the_bars_of_the_trades() {
        const RealHistory h(kRealHourStartUs, 3);
        Server server(h);
        const std::int64_t from = kRealHourStartUs, to = kRealHourStartUs + 3 * kHourUs;
        auto request = request_for(server, from, to, {});
        auto client = history::make_rest_client(request, {});
        const auto trades = expected_trades(h, from, to);
        // The exchange's count of plain trades per bar: Σ (last − first + 1) of its aggregate trades.
        for (const char* tf : {"1m", "5m", "15m", "30m", "1h"}) {
            const BarSpec spec = *BarSpec::parse(tf);
            const std::int64_t interval = history::kline_interval_for(Exchange::BinanceFutures, spec.duration_us);
            QVERIFY(interval > 0 && spec.duration_us % interval == 0);
            auto klines = history::fetch_klines(client, Exchange::BinanceFutures, "BTCUSDT", interval, from, to);
            QVERIFY2(klines.ok(), klines ? "" : klines.error().c_str());
            const auto bars = history::bars_from_klines(*klines, spec.duration_us);
            Aggregator agg;
            agg.add_series(spec, test::kCentUnits);
            for (const Trade& t : trades) agg.add(t);
            const auto want = agg.series().front().bars();
            QCOMPARE(bars.size(), want.size());
            std::size_t i = 0, agg_index = 0;
            for (const Bar& b : bars) {
                const Bar& w = want[i++];
                QVERIFY(b.totals_only);
                QCOMPARE(b.open_time_us, w.open_time_us);
                QCOMPARE(b.open, w.open);
                QCOMPARE(b.high, w.high);
                QCOMPARE(b.low, w.low);
                QCOMPARE(b.close, w.close);
                QCOMPARE(b.volume, w.volume);
                QCOMPARE(b.buy_volume, w.buy_volume);
                QCOMPARE(b.sell_volume, w.sell_volume);
                QCOMPARE(b.cvd, w.cvd);
                std::uint64_t plain = 0;
                for (; agg_index < h.size(); ++agg_index) {
                    const AggTrade a = h.at(agg_index);
                    if (a.trade.exchange_time_us >= w.open_time_us + spec.duration_us) break;
                    plain += a.last_id - a.first_id + 1;
                }
                QCOMPARE(b.trades, plain);
            }
        }
    }

    void live_spliced_onto_history_with_three_lost_connections_equals_the_uninterrupted_stream() {
        // Three hours of market; the live stream starts at the third hour and runs through it.
        const RealHistory h(kRealHourStartUs - 2 * kHourUs, 3);
        const std::size_t live_start = 2 * h.hour_size();
        LocalExchangeOptions ws;
        ws.frame_at = [&h, live_start](std::size_t i) { return h.frame(live_start + i); };
        ws.frame_count = h.hour_size();
        ws.frame_interval_us = 300;
        Server server(h, ws);

        history::LiveSpliceOptions options;
        options.history.exchange = Exchange::BinanceFutures;
        options.history.symbol = "BTCUSDT";
        options.history.rest_url = server.base();
        options.history.archive_url = "none";
        options.backfill_us = 90 * kMinuteUs;
        options.hold_us = 20'000'000;
        history::LiveSplice splice(options);

        LiveFeedConfig config;
        config.exchange = Exchange::BinanceFutures;
        config.symbols = {"BTCUSDT"};
        config.endpoint_override = parse_endpoint_url(server.exchange.url());
        config.backoff_initial_ms = 20;
        LiveFeed feed(config);
        feed.start();

        std::vector<Trade> out;
        std::vector<history::SpliceEvent> events;
        FeedBatch batch;
        int kills = 0;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
        while (std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            // Three times: trades lost (never sent) and the connection killed.
            const std::size_t sent = server.exchange.frames_sent();
            if (kills < 3 && sent > (kills + 1) * h.hour_size() / 4) {
                server.exchange.skip_frames(40 + 10 * kills);
                server.exchange.drop_connections();
                ++kills;
            }
            batch.clear();
            feed.drain(batch);
            for (const FeedEvent& e : batch.events)
                if (e.kind == FeedEvent::Kind::Disconnected) splice.connection_lost();
            splice.push_live(batch.trades);
            splice.take(out, events);
            if (sent >= h.hour_size() && splice.settled() && !out.empty() && *out.back().id.number == *h.at(h.size() - 1).trade.id.number)
                break;
        }
        feed.stop();
        QCOMPARE(kills, 3);
        QVERIFY(splice.history_done());
        const std::int64_t first_live_time = h.at(live_start).trade.exchange_time_us;
        const auto want = expected_trades(h, first_live_time - 90 * kMinuteUs, h.end_us());
        QCOMPARE(compare_trades(out, want), QString());
        const auto c = splice.counters();
        QVERIFY(c.history_trades > 0);
        // At least what was skipped; a connection killed also loses what was in flight.
        QVERIFY(c.holes_repaired >= 3);
        QVERIFY(c.repaired_trades >= std::uint64_t{40 + 50 + 60});
        QCOMPARE(c.holes_given_up, std::uint64_t{0});
        QVERIFY(std::any_of(events.begin(), events.end(), [](const history::SpliceEvent& e) { return e.kind == history::SpliceEvent::Kind::HistoryDone; }));
        QCOMPARE(test::first_difference(all_timeframes(out), all_timeframes(want)), std::string());
    }
};

QTEST_GUILESS_MAIN(TestHistory)
#include "test_history.moc"
